// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PrivilegedSelectors} from "../libraries/PrivilegedSelectors.sol";
import {ManifestGuardStorage} from "./ManifestGuardStorage.sol";

/// @title GuardConfiguration
/// @notice Roles, thresholds, delays and freeze bounds of a Manifest Guard, and the rules that keep them from
///         collapsing roles or locking the Safe.
/// @dev Internal only: `ManifestRegistrar` exposes it (`initialize` once, then `configure` to the Safe).
abstract contract GuardConfiguration is ManifestGuardStorage {
    /// @dev The stored configuration, as `getConfig` reports it.
    function _getConfig() internal view returns (GuardConfig memory config) {
        Settings memory s = _settings;
        config.proposers = _proposers;
        config.approvers = _approvers;
        config.executors = _executors;
        config.guardians = _guardians;
        config.routineThreshold = s.routineThreshold;
        config.privilegedThreshold = s.privilegedThreshold;
        config.routineDelay = s.routineDelay;
        config.privilegedDelay = s.privilegedDelay;
        config.maxFreeze = s.maxFreeze;
        config.freezeCooldown = s.freezeCooldown;
        config.multiSendCallOnly = s.multiSendCallOnly;
        config.authorities = _authorities;
        config.privilegedSelectors = _extraSelectors;
        config.containmentSelectors = _containmentSelectors;
    }

    /// @dev Validates `config` completely, then replaces the stored configuration and starts a new configuration
    ///      epoch (every lane computed before it must be computed again before it counts).
    function _configure(GuardConfig memory config) internal {
        _validateSettings(config);
        _clearRoles();
        _clearEntries();
        _addMembers(_proposers, config.proposers, _ROLE_PROPOSER);
        _addMembers(_approvers, config.approvers, _ROLE_APPROVER);
        _addMembers(_executors, config.executors, _ROLE_EXECUTOR);
        _addMembers(_guardians, config.guardians, _ROLE_GUARDIAN);
        _addEntries(config);
        _clearExecutorCaches();
        _settings = Settings({
            routineThreshold: config.routineThreshold,
            privilegedThreshold: config.privilegedThreshold,
            routineDelay: config.routineDelay,
            privilegedDelay: config.privilegedDelay,
            maxFreeze: config.maxFreeze,
            freezeCooldown: config.freezeCooldown,
            multiSendCallOnly: config.multiSendCallOnly
        });
        ++_configEpoch;
        emit GuardConfigured(keccak256(abi.encode(config)), config);
    }

    function _validateSettings(GuardConfig memory config) private pure {
        if (config.proposers.length == 0) revert ManifestGuardNoProposer();
        if (config.executors.length == 0) revert ManifestGuardNoExecutor();
        if (config.routineThreshold == 0 || config.routineThreshold > config.privilegedThreshold) {
            revert ManifestGuardInvalidThresholds(config.routineThreshold, config.privilegedThreshold);
        }
        if (config.approvers.length < config.privilegedThreshold) {
            revert ManifestGuardThresholdUnreachable(config.approvers.length, config.privilegedThreshold);
        }
        if (config.privilegedDelay > _MAX_DELAY || config.routineDelay > config.privilegedDelay) {
            revert ManifestGuardInvalidDelays(config.routineDelay, config.privilegedDelay, _MAX_DELAY);
        }
        if (config.maxFreeze == 0 || config.maxFreeze > _MAX_FREEZE_CAP || config.freezeCooldown < _MIN_FREEZE_COOLDOWN)
        {
            revert ManifestGuardInvalidFreezeBounds(
                config.maxFreeze, config.freezeCooldown, _MAX_FREEZE_CAP, _MIN_FREEZE_COOLDOWN
            );
        }
        if (config.authorities.length > _MAX_ENTRIES) {
            revert ManifestGuardTooManyEntries(config.authorities.length, _MAX_ENTRIES);
        }
        if (config.privilegedSelectors.length > _MAX_ENTRIES) {
            revert ManifestGuardTooManyEntries(config.privilegedSelectors.length, _MAX_ENTRIES);
        }
        if (config.containmentSelectors.length > _MAX_ENTRIES) {
            revert ManifestGuardTooManyEntries(config.containmentSelectors.length, _MAX_ENTRIES);
        }
    }

    /// @dev Roles that must never be held together with `role`.
    function _conflictsOf(uint8 role) private pure returns (uint8) {
        if (role == _ROLE_PROPOSER) return _ROLE_PROPOSER | _ROLE_APPROVER | _ROLE_EXECUTOR | _ROLE_GUARDIAN;
        if (role == _ROLE_APPROVER) return _ROLE_PROPOSER | _ROLE_APPROVER | _ROLE_EXECUTOR;
        if (role == _ROLE_EXECUTOR) return _ROLE_PROPOSER | _ROLE_APPROVER | _ROLE_EXECUTOR | _ROLE_GUARDIAN;
        return _ROLE_PROPOSER | _ROLE_EXECUTOR | _ROLE_GUARDIAN;
    }

    function _addMembers(address[] storage list, address[] memory members, uint8 role) private {
        if (members.length > _MAX_MEMBERS) revert ManifestGuardTooManyMembers(role, members.length, _MAX_MEMBERS);
        uint8 conflicts = _conflictsOf(role);
        for (uint256 i; i < members.length; ++i) {
            address member = members[i];
            if (member == address(0) || member == _SAFE || member == address(this)) {
                revert ManifestGuardInvalidMember(member);
            }
            Account storage account = _accounts[member];
            uint8 held = account.roles;
            if (held & conflicts != 0) revert ManifestGuardRolesCollide(member, held, role);
            account.roles = held | role;
            list.push(member);
        }
    }

    function _clearRoles() private {
        _clearList(_proposers);
        _clearList(_approvers);
        _clearList(_executors);
        _clearList(_guardians);
    }

    function _clearList(address[] storage list) private {
        for (uint256 i; i < list.length; ++i) {
            delete _accounts[list[i]];
        }
        while (list.length != 0) {
            list.pop();
        }
    }

    function _clearEntries() private {
        for (uint256 i; i < _authorities.length; ++i) {
            delete _isAuthority[_authorities[i]];
        }
        delete _authorities;
        for (uint256 i; i < _extraSelectors.length; ++i) {
            delete _isExtraSelector[_extraSelectors[i]];
        }
        delete _extraSelectors;
        for (uint256 i; i < _containmentSelectors.length; ++i) {
            delete _isContainment[_containmentSelectors[i]];
        }
        delete _containmentSelectors;
    }

    function _addEntries(GuardConfig memory config) private {
        for (uint256 i; i < config.authorities.length; ++i) {
            address authority = config.authorities[i];
            if (authority == address(0) || _isAuthority[authority]) {
                revert ManifestGuardInvalidEntry(bytes32(uint256(uint160(authority))));
            }
            _isAuthority[authority] = true;
            _authorities.push(authority);
        }
        for (uint256 i; i < config.privilegedSelectors.length; ++i) {
            bytes4 selector = config.privilegedSelectors[i];
            if (selector == bytes4(0) || _isExtraSelector[selector]) revert ManifestGuardInvalidEntry(selector);
            _isExtraSelector[selector] = true;
            _extraSelectors.push(selector);
        }
        // A containment selector is never a privileged one: an Emergency skips rollback readiness and freezes.
        for (uint256 i; i < config.containmentSelectors.length; ++i) {
            bytes4 selector = config.containmentSelectors[i];
            if (
                selector == bytes4(0) || _isContainment[selector] || _isExtraSelector[selector]
                    || PrivilegedSelectors.isDefault(selector)
            ) revert ManifestGuardInvalidEntry(selector);
            _isContainment[selector] = true;
            _containmentSelectors.push(selector);
        }
    }

    /// @dev Forgets the executor cached in every live manifest's cursor (at most `_MAX_LIVE` writes), so the next step
    ///      of each checks its sender's role against the new configuration.
    function _clearExecutorCaches() private {
        uint32[] storage live = _live;
        for (uint256 i; i < live.length; ++i) {
            _cursors[live[i]].executor = address(0);
        }
    }
}
