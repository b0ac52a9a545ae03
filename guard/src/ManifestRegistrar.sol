// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

import {LaneClassifier} from "./base/LaneClassifier.sol";
import {ManifestGuardStorage} from "./base/ManifestGuardStorage.sol";
import {ManifestHashing} from "./libraries/ManifestHashing.sol";

/// @title ManifestRegistrar
/// @notice The registration half of a Manifest Guard: validation, lane classification, hashing and storage of
///         a manifest. Deployed by its guard, and run only through the guard's `delegatecall` against the guard's
///         storage (`manifestId` may also be called directly: it reads no storage).
/// @dev Split from the guard to keep both under the EIP-170 code size limit; the execution path never enters it.
contract ManifestRegistrar is ManifestGuardStorage, LaneClassifier {
    /// @notice The guard that deployed this registrar; the only context its state-changing code runs in.
    address public immutable GUARD;

    modifier onlyDelegated() {
        if (address(this) != GUARD) revert ManifestGuardRegistrarNotDelegated(address(this), GUARD);
        _;
    }

    constructor(address safe) ManifestGuardStorage(safe) {
        GUARD = msg.sender;
    }

    /// @notice The manifest id under the guard's EIP-712 domain (this chain, `GUARD`).
    function manifestId(Manifest calldata manifest) external view returns (bytes32) {
        return _manifestId(manifest);
    }

    /// @notice The lane the guard would compute for `manifest` under its current configuration.
    function computeLane(Manifest calldata manifest) external view onlyDelegated returns (Lane) {
        return _computeLane(manifest);
    }

    /// @notice Registers a manifest (see `IManifestGuard.register`).
    function register(Manifest calldata manifest) external onlyDelegated onlyRole(ROLE_PROPOSER) returns (bytes32 id) {
        id = _manifestId(manifest);
        if (_indexOf[id] != 0) revert ManifestGuardAlreadyRegistered(id);
        _validateHeader(manifest);
        Lane lane = _computeLane(manifest);
        if (lane == Lane.Privileged && manifest.kind == uint8(ManifestKind.Emergency)) {
            revert ManifestGuardPrivilegedEmergency(id);
        }

        _ids.push(id);
        uint256 index = _ids.length;
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
        info.id = id;
        info.proposer = msg.sender;
        info.notBefore = manifest.notBefore;
        info.expiry = uint40(manifest.expiry);
        info.chainId = uint64(block.chainid);
        info.phaseCount = uint8(manifest.phases.length);
        info.rollback = manifest.rollback;
        info.evidence = manifest.evidence;

        _emitRegistered(id, index, lane, steps, manifest);
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
        if (phases == 0 || phases > MAX_PHASES) {
            revert ManifestGuardInvalidShape(type(uint256).max, phases, MAX_PHASES);
        }
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
    function _computeLane(Manifest calldata manifest) private view returns (Lane lane) {
        for (uint256 p; p < manifest.phases.length; ++p) {
            Step[] calldata steps = manifest.phases[p].steps;
            for (uint256 s; s < steps.length; ++s) {
                Step calldata step = steps[s];
                _validateOperation(step.to, step.operation);
                if (_isPrivilegedStep(step.to, step.data, step.operation)) lane = Lane.Privileged;
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
            if (count == 0 || count > MAX_STEPS_PER_PHASE) {
                revert ManifestGuardInvalidShape(p, count, MAX_STEPS_PER_PHASE);
            }
            PhaseInfo storage info = _phases[index][p];
            if (phase.minSoak > MAX_SOAK) revert ManifestGuardInvalidSoak(p, phase.minSoak, MAX_SOAK);
            info.minSoak = phase.minSoak;
            info.stepCount = uint8(count);
            _storeChecks(info, phase.checks, p);
            _storeConditions(info, phase.conditions, p);
            for (uint256 s; s < count; ++s) {
                Step calldata step = phase.steps[s];
                _validateOperation(step.to, step.operation);
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
                        chainId: uint64(block.chainid)
                    })
                );
            }
            total += count;
        }
        if (total > MAX_STEPS) revert ManifestGuardInvalidShape(type(uint256).max, total, MAX_STEPS);
    }

    function _storeChecks(PhaseInfo storage info, Check[] calldata checks, uint256 phase) private {
        if (checks.length > MAX_CHECKS) revert ManifestGuardInvalidShape(phase, checks.length, MAX_CHECKS);
        for (uint256 i; i < checks.length; ++i) {
            Check calldata check = checks[i];
            if (
                check.kind > uint8(CheckKind.CodeHash) || check.response > uint8(StopResponse.Observe)
                    || check.target == address(0) || (check.kind == uint8(CheckKind.CodeHash) && check.data.length != 0)
            ) revert ManifestGuardInvalidCheck(phase, i);
            info.checks.push(check);
        }
    }

    function _storeConditions(PhaseInfo storage info, Condition[] calldata conditions, uint256 phase) private {
        if (conditions.length > MAX_CONDITIONS) {
            revert ManifestGuardInvalidShape(phase, conditions.length, MAX_CONDITIONS);
        }
        for (uint256 i; i < conditions.length; ++i) {
            Condition calldata condition = conditions[i];
            if (condition.target == address(0) || condition.min > condition.max) {
                revert ManifestGuardInvalidCondition(phase, i);
            }
            info.conditions.push(condition);
        }
    }

    /// @dev A step key is free when unused or held by a manifest that can no longer execute it.
    function _claim(bytes32 key, StepRecord memory record) private {
        uint32 holder = _steps[key].index;
        if (holder != 0) {
            ManifestStatus status = _cursors[holder].status;
            if (holder == record.index || status == ManifestStatus.Registered || status == ManifestStatus.Approved) {
                revert ManifestGuardStepClaimed(key, _ids[holder - 1]);
            }
        }
        _steps[key] = record;
    }

    function _manifestId(Manifest calldata manifest) private view returns (bytes32) {
        return MessageHashUtils.toTypedDataHash(
            ManifestHashing.domainSeparator(GUARD), ManifestHashing.hashManifest(manifest)
        );
    }
}
