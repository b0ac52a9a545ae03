// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

import {GuardConfiguration} from "./base/GuardConfiguration.sol";
import {LaneClassifier} from "./base/LaneClassifier.sol";
import {ManifestGuardStorage} from "./base/ManifestGuardStorage.sol";
import {IManifestRegistration} from "./interfaces/IManifestRegistration.sol";
import {ManifestHashing} from "./libraries/ManifestHashing.sol";

/// @title ManifestRegistrar
/// @notice The registration part of a Manifest Guard: validation, lane classification, hashing and storage of
///         a manifest, and the guard's configuration. Deployed by its guard, and run only through the guard's `delegatecall` against the guard's
///         storage (`manifestId` may also be called directly: it reads no storage).
/// @dev Split from the guard to keep it under the EIP-170 code size limit; the execution path never enters it.
contract ManifestRegistrar is IManifestRegistration, ManifestGuardStorage, GuardConfiguration, LaneClassifier {
    /// @notice The guard that deployed this registrar; the only context its state-changing code runs in.
    address public immutable GUARD;

    modifier onlyDelegated() {
        if (address(this) != GUARD) revert ManifestGuardRegistrarNotDelegated(address(this), GUARD);
        _;
    }

    /// @notice `keccak256(abi.encode(config))` of the guard's first configuration (see `initialize`).
    bytes32 public immutable INITIAL_CONFIG_HASH;

    constructor(address safe, bytes32 initialConfigHash) ManifestGuardStorage(safe) {
        GUARD = msg.sender;
        INITIAL_CONFIG_HASH = initialConfigHash;
    }

    /// @inheritdoc IManifestRegistration
    function initialize(GuardConfig calldata config) external onlyDelegated {
        if (_configEpoch != 0) revert ManifestGuardAlreadyInitialized();
        bytes32 configHash = keccak256(abi.encode(config));
        if (configHash != INITIAL_CONFIG_HASH) revert ManifestGuardConfigMismatch(configHash, INITIAL_CONFIG_HASH);
        _configure(config);
    }

    /// @inheritdoc IManifestRegistration
    function configure(GuardConfig calldata config) external onlyDelegated {
        if (msg.sender != _SAFE) revert ManifestGuardCallerNotSafe(msg.sender, _SAFE);
        _configure(config);
    }

    /// @inheritdoc IManifestRegistration
    function getConfig() external view returns (GuardConfig memory) {
        return _getConfig();
    }

    /// @inheritdoc IManifestRegistration
    /// @dev May also be called on the registrar directly: it reads no storage.
    function manifestId(Manifest calldata manifest) external view returns (bytes32) {
        return _manifestId(manifest);
    }

    /// @inheritdoc IManifestRegistration
    function computeLane(Manifest calldata manifest) external view onlyDelegated returns (Lane) {
        return _classify(_manifestId(manifest), manifest, _safeFallbackHandler());
    }

    /// @inheritdoc IManifestRegistration
    function register(Manifest calldata manifest) external onlyDelegated onlyRole(_ROLE_PROPOSER) returns (bytes32 id) {
        // The whole shape first: an oversized manifest is refused before it is hashed, classified or stored.
        _validateHeader(manifest);
        id = _manifestId(manifest);
        if (_indexOf[id] != 0) revert ManifestGuardAlreadyRegistered(id);
        uint32 epoch = _syncEpoch();
        Lane lane = _classify(id, manifest, _epochHandler);

        uint256 index = ++_manifestCount;
        _idAt[index] = id;
        _indexOf[id] = index;
        uint256 steps = _storePhases(index, uint40(manifest.expiry), manifest.phases);

        _cursors[index] = Cursor({
            status: ManifestStatus.Registered,
            kind: ManifestKind(manifest.kind),
            lane: lane,
            phase: 0,
            step: 0,
            gateOpen: false,
            freezeDeclared: false,
            phaseCompletedAt: 0,
            executor: address(0)
        });
        Info storage info = _infos[index];
        info.proposer = msg.sender;
        info.classifiedEpoch = epoch;
        info.notBefore = manifest.notBefore;
        info.expiry = uint40(manifest.expiry);
        info.chainId = uint64(block.chainid);
        info.countedEpoch = epoch;
        info.phaseCount = uint8(manifest.phases.length);
        info.rollback = manifest.rollback;
        info.evidence = manifest.evidence;

        _emitRegistered(id, index, lane, steps, manifest);
    }

    /// @inheritdoc IManifestRegistration
    function reclassify(Manifest calldata manifest) external onlyDelegated returns (Lane lane) {
        bytes32 id = _manifestId(manifest);
        uint256 index = _requireIndex(id);
        Cursor storage cursor = _cursors[index];
        ManifestStatus status = cursor.status;
        if (
            (status != ManifestStatus.Registered && status != ManifestStatus.Approved) || cursor.phase != 0
                || cursor.step != 0
        ) revert ManifestGuardInvalidStatus(id, status);
        uint32 epoch = _syncEpoch();
        lane = _classify(id, manifest, _epochHandler);
        Info storage info = _infos[index];
        if (lane == Lane.Privileged && cursor.lane == Lane.Routine) {
            cursor.lane = Lane.Privileged;
            _removeLive(index);
            uint64 earliest = uint64(block.timestamp) + _settings.privilegedDelay;
            if (status == ManifestStatus.Approved && info.executableFrom < earliest) {
                info.executableFrom = uint40(earliest);
            }
        }
        lane = cursor.lane;
        info.classifiedEpoch = epoch;
        emit ManifestReclassified(id, lane, epoch);
    }

    /// @dev The lane of `manifest` (its steps validated on the way), and for an Emergency the containment rule.
    function _classify(bytes32 id, Manifest calldata manifest, address handler) private view returns (Lane lane) {
        lane = _computeLane(manifest, handler);
        if (manifest.kind != uint8(ManifestKind.Emergency)) return lane;
        if (lane == Lane.Privileged) revert ManifestGuardPrivilegedEmergency(id);
        for (uint256 p; p < manifest.phases.length; ++p) {
            Step[] calldata steps = manifest.phases[p].steps;
            for (uint256 s; s < steps.length; ++s) {
                (bool contained, bytes4 selector) = _isContainmentStep(steps[s].data, steps[s].operation);
                if (!contained) revert ManifestGuardNotContainment(id, p, s, selector);
            }
        }
    }

    function _validateHeader(Manifest calldata manifest) private view {
        if (manifest.kind > uint8(ManifestKind.Emergency)) revert ManifestGuardInvalidKind(manifest.kind);
        if (
            manifest.notBefore >= manifest.expiry || manifest.expiry <= block.timestamp
                || manifest.expiry > type(uint40).max
        ) {
            revert ManifestGuardInvalidWindow(manifest.notBefore, manifest.expiry, uint64(block.timestamp));
        }
        if (manifest.kind == uint8(ManifestKind.Release)) {
            if (manifest.rollback == bytes32(0)) revert ManifestGuardMissingRollback();
        } else if (manifest.rollback != bytes32(0)) {
            revert ManifestGuardUnexpectedRollback(manifest.kind, manifest.rollback);
        }
        uint256 phases = manifest.phases.length;
        if (phases == 0 || phases > _MAX_PHASES) {
            revert ManifestGuardInvalidShape(type(uint256).max, phases, _MAX_PHASES);
        }
        // The whole shape before anything is stored: an oversized manifest costs its sender little.
        uint256 total;
        for (uint256 p; p < phases; ++p) {
            Phase calldata phase = manifest.phases[p];
            uint256 count = phase.steps.length;
            if (count == 0 || count > _MAX_STEPS_PER_PHASE) {
                revert ManifestGuardInvalidShape(p, count, _MAX_STEPS_PER_PHASE);
            }
            if (phase.checks.length > _MAX_CHECKS) {
                revert ManifestGuardInvalidShape(p, phase.checks.length, _MAX_CHECKS);
            }
            if (phase.conditions.length > _MAX_CONDITIONS) {
                revert ManifestGuardInvalidShape(p, phase.conditions.length, _MAX_CONDITIONS);
            }
            total += count;
        }
        if (total > _MAX_STEPS) revert ManifestGuardInvalidShape(type(uint256).max, total, _MAX_STEPS);
    }

    function _emitRegistered(bytes32 id, uint256 index, Lane lane, uint256 steps, Manifest calldata manifest) private {
        emit ManifestRegistered(
            id,
            index,
            msg.sender,
            ManifestKind(manifest.kind),
            lane,
            manifest.ticket,
            manifest.rollback,
            manifest.evidence,
            manifest.notBefore,
            manifest.expiry,
            steps
        );
    }

    /// @dev Classifies every step (no early return: each MultiSend batch is decoded, so a malformed batch is
    ///      rejected wherever it stands).
    function _computeLane(Manifest calldata manifest, address handler) private view returns (Lane lane) {
        for (uint256 p; p < manifest.phases.length; ++p) {
            Step[] calldata steps = manifest.phases[p].steps;
            for (uint256 s; s < steps.length; ++s) {
                Step calldata step = steps[s];
                _validateOperation(step.to, step.operation);
                if (_isPrivilegedStep(step.to, step.data, step.operation, handler)) lane = Lane.Privileged;
            }
        }
    }

    function _validateOperation(address to, uint8 operation) private view {
        if (operation > 1) revert ManifestGuardInvalidOperation(operation);
        if (operation == 1 && to != _settings.multiSendCallOnly) revert ManifestGuardDelegateCallForbidden(to);
    }

    /// @dev Stores the phase shape, checks and conditions, and claims every step key. Returns the step count.
    function _storePhases(uint256 index, uint40 expiry, Phase[] calldata phases) private returns (uint256 total) {
        for (uint256 p; p < phases.length; ++p) {
            Phase calldata phase = phases[p];
            uint256 count = phase.steps.length;
            PhaseInfo storage info = _phases[index][p];
            if (phase.minSoak > _MAX_SOAK) revert ManifestGuardInvalidSoak(p, phase.minSoak, _MAX_SOAK);
            if (phase.minSoak != 0) info.minSoak = phase.minSoak;
            _storeChecks(info, phase.checks, p);
            _storeConditions(info, phase.conditions, p);
            for (uint256 s; s < count; ++s) {
                Step calldata step = phase.steps[s];
                uint8 flags = (s == 0 ? FIRST_IN_PHASE : 0) | (s == count - 1 ? LAST_IN_PHASE : 0)
                    | (s == count - 1 && p == phases.length - 1 ? LAST_STEP : 0);
                _claim(
                    ManifestHashing.stepKey(step.to, step.value, keccak256(step.data), step.operation),
                    StepRecord({
                        index: uint32(index),
                        phase: uint8(p),
                        step: uint8(s),
                        flags: flags,
                        expiry: expiry,
                        chainId: uint64(block.chainid),
                        checkCount: uint8(phase.checks.length)
                    })
                );
            }
            total += count;
        }
    }

    /// @dev Stores each check in two slots when its call data fits in the first (see `StoredCheck`), else three.
    function _storeChecks(PhaseInfo storage info, Check[] calldata checks, uint256 phase) private {
        for (uint256 i; i < checks.length; ++i) {
            Check calldata check = checks[i];
            if (
                check.kind > uint8(CheckKind.CodeHash) || check.response > uint8(StopResponse.Observe)
                    || check.target == address(0) || (check.kind == uint8(CheckKind.CodeHash) && check.data.length != 0)
            ) revert ManifestGuardInvalidCheck(phase, i);
            StoredCheck storage stored = info.checks[i];
            uint256 length = check.data.length;
            stored.target = check.target;
            stored.kind = check.kind;
            stored.expected = check.expected;
            if (length <= INLINE_CHECK_DATA) {
                stored.inlineLength = uint8(length + 1);
                stored.inlineData = bytes10(check.data);
            } else {
                stored.data = check.data;
            }
        }
    }

    function _storeConditions(PhaseInfo storage info, Condition[] calldata conditions, uint256 phase) private {
        for (uint256 i; i < conditions.length; ++i) {
            Condition calldata condition = conditions[i];
            if (condition.target == address(0) || condition.min > condition.max) {
                revert ManifestGuardInvalidCondition(phase, i);
            }
            info.conditions.push(condition);
        }
    }

    /// @dev A step key is free when unused or held by a manifest that can no longer execute it: expired, halted,
    ///      cancelled or completed (only live manifests hold steps).
    function _claim(bytes32 key, StepRecord memory record) private {
        uint32 holder = _steps[key].index;
        if (holder != 0) {
            ManifestStatus status = _cursors[holder].status;
            bool live = (status == ManifestStatus.Registered || status == ManifestStatus.Approved)
                && block.timestamp <= _infos[holder].expiry;
            if (holder == record.index || live) revert ManifestGuardStepClaimed(key, _id(holder));
        }
        _steps[key] = record;
    }

    function _manifestId(Manifest calldata manifest) private view returns (bytes32) {
        return MessageHashUtils.toTypedDataHash(
            ManifestHashing.domainSeparator(GUARD), ManifestHashing.hashManifest(manifest)
        );
    }
}
