// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ManifestGuardStorage} from "./ManifestGuardStorage.sol";

/// @title ManifestRules
/// @notice The one decision "may this step run now, and if not, which rule says no", shared by `checkTransaction`
///         (the guard), `explainTransaction` and `manifestState` (the lifecycle module). Each rule returns the guard's
///         custom error ABI-encoded, or nothing; only the hooks revert with it.
/// @dev Compiled into both the guard and its lifecycle module from this one source; `Explain.t.sol` and the
///      differential invariant hold the guard's routine fast path to the same answers.
abstract contract ManifestRules is ManifestGuardStorage {
    /// @dev Decides whether the step may execute now. Returns the guard's custom error, ABI-encoded, or nothing, and
    ///      the packed step record and cursor words it read (see `ManifestGuardStorage` for their layout).
    function _evaluate(address to, bytes32 dataHash, uint256 value, uint8 operation, address sender, bytes32 key)
        internal
        view
        returns (bytes memory reason, uint256 record, uint256 cursor)
    {
        if (operation != 0 && (operation != 1 || to != _settings.multiSendCallOnly)) {
            return (abi.encodeWithSelector(ManifestGuardDelegateCallForbidden.selector, to), 0, 0);
        }
        if (sender == address(0) || _load(_accounts[sender]) & _ROLE_EXECUTOR == 0) {
            // Nobody holds a role before `initialize`: say that, rather than blame the sender.
            if (_configEpoch == 0) return (abi.encodeWithSelector(ManifestGuardNotInitialized.selector), 0, 0);
            return (abi.encodeWithSelector(ManifestGuardNotExecutor.selector, sender), 0, 0);
        }
        record = _load(_steps[key]);
        uint256 index = uint32(record);
        if (index == 0) {
            return
                (
                    abi.encodeWithSelector(ManifestGuardNoMatchingStep.selector, key, to, value, dataHash, operation),
                    0,
                    0
                );
        }
        cursor = _load(_cursors[index]);
        ManifestStatus status = ManifestStatus(uint8(cursor));
        if (status != ManifestStatus.Approved) return (_statusReason(index, status), record, cursor);
        // Phase and step sit at the same offsets relative to each other in both words: compare them at once.
        if (uint16(record >> RECORD_PHASE) != uint16(cursor >> CURSOR_PHASE)) {
            return (
                abi.encodeWithSelector(
                    ManifestGuardStepOutOfOrder.selector,
                    _id(index),
                    uint8(cursor >> CURSOR_PHASE),
                    uint8(cursor >> CURSOR_STEP),
                    uint8(record >> RECORD_PHASE),
                    uint8(record >> RECORD_STEP)
                ),
                record,
                cursor
            );
        }
        reason = _gateReason(
            index,
            cursor,
            uint64(record >> RECORD_CHAIN_ID),
            uint40(record >> RECORD_EXPIRY),
            uint8(record >> RECORD_FLAGS) & FIRST_IN_PHASE != 0
        );
        // The cursor as `_advance` writes it: the sender cached as a checked executor, the freeze flag kept only
        // while the freeze runs.
        cursor &= ~((uint256(type(uint160).max) << CURSOR_EXECUTOR) | (uint256(0xff) << CURSOR_FREEZE_DECLARED));
        cursor |= (uint256(uint160(sender)) << CURSOR_EXECUTOR)
            | (_frozenUntil > block.timestamp ? 1 << CURSOR_FREEZE_DECLARED : 0);
    }

    /// @dev The rules of an approved manifest's next step that do not depend on the payload or the sender: chain,
    ///      freeze, window, the privileged delay after a reinstatement, and on a phase's first step its entry rules.
    function _gateReason(uint256 index, uint256 cursor, uint64 chainId, uint40 expiry, bool firstInPhase)
        internal
        view
        returns (bytes memory)
    {
        // The manifest's id is read only to name it in a refusal.
        if (chainId != block.chainid) {
            return abi.encodeWithSelector(ManifestGuardWrongChain.selector, _id(index), chainId, block.chainid);
        }
        uint64 frozen = _frozenUntil;
        if (frozen > block.timestamp && uint8(cursor >> CURSOR_KIND) == uint8(ManifestKind.Release)) {
            return abi.encodeWithSelector(ManifestGuardFrozen.selector, frozen, uint64(block.timestamp));
        }
        if (block.timestamp > expiry) {
            return
                abi.encodeWithSelector(
                    ManifestGuardExpired.selector, _id(index), uint64(expiry), uint64(block.timestamp)
                );
        }
        uint256 phase = uint8(cursor >> CURSOR_PHASE);
        if (firstInPhase && phase == 0) return _startReason(index, cursor);
        // A reinstated privileged manifest waits its delay again before its next step, wherever it stopped.
        if (uint8(cursor >> CURSOR_LANE) == uint8(Lane.Privileged)) {
            uint64 executableFrom = _infos[index].executableFrom;
            if (block.timestamp < executableFrom) {
                return abi.encodeWithSelector(
                    ManifestGuardTooEarly.selector, _id(index), executableFrom, uint64(block.timestamp)
                );
            }
        }
        if (!firstInPhase) return "";
        uint64 readyAt = uint64(uint40(cursor >> CURSOR_PHASE_COMPLETED_AT)) + _phases[index][phase - 1].minSoak;
        if (block.timestamp < readyAt) {
            return abi.encodeWithSelector(
                ManifestGuardSoakNotElapsed.selector, _id(index), phase, readyAt, uint64(block.timestamp)
            );
        }
        if (uint8(cursor >> CURSOR_GATE_OPEN) == 0) {
            return abi.encodeWithSelector(ManifestGuardPhaseGateClosed.selector, _id(index), phase);
        }
        return _conditionsReason(index, phase);
    }

    function _statusReason(uint256 index, ManifestStatus status) internal view returns (bytes memory) {
        if (status == ManifestStatus.Approved) return "";
        bytes32 id = _id(index);
        if (status == ManifestStatus.Registered) {
            return abi.encodeWithSelector(ManifestGuardNotApproved.selector, id);
        }
        if (status == ManifestStatus.Halted) return abi.encodeWithSelector(ManifestGuardManifestHalted.selector, id);
        if (status == ManifestStatus.Cancelled) {
            return abi.encodeWithSelector(ManifestGuardManifestCancelled.selector, id);
        }
        return abi.encodeWithSelector(ManifestGuardInvalidStatus.selector, id, status);
    }

    /// @dev The manifest's first step: a Rollback only once its Release started (its terms were checked then); any
    ///      other its own terms (lane current, approvals of current approvers, delay and `notBefore`: never waived); a
    ///      Release also needs its Rollback ready on the Rollback's own terms; then the first phase's entry conditions.
    function _startReason(uint256 index, uint256 cursor) private view returns (bytes memory reason) {
        uint8 kind = uint8(cursor >> CURSOR_KIND);
        if (kind == uint8(ManifestKind.Rollback)) {
            Info storage info = _infos[index];
            if (info.boundRelease == 0) {
                return abi.encodeWithSelector(ManifestGuardRollbackNotArmed.selector, _id(index));
            }
            // Armed: its own terms held when its Release started, so it runs without waiting for anything else (a
            // configuration change since then does not hold the way back), unless approvers reinstated it after a
            // guardian's halt: then its delay counts from the reinstatement.
            uint64 executableFrom = info.executableFrom;
            if (info.reinstated && block.timestamp < executableFrom) {
                return abi.encodeWithSelector(
                    ManifestGuardTooEarly.selector, _id(index), executableFrom, uint64(block.timestamp)
                );
            }
            return _conditionsReason(index, 0);
        }
        uint32 epoch = _epoch();
        reason = _termsReason(index, cursor, epoch);
        if (reason.length != 0) return reason;
        if (kind == uint8(ManifestKind.Release)) {
            reason = _rollbackReason(index, epoch);
            if (reason.length != 0) return reason;
        }
        return _conditionsReason(index, 0);
    }

    /// @dev A manifest's own terms before its first step: its lane computed under the current configuration (a
    ///      privileged lane cannot rise further), approvals of current approvers up to its lane's threshold, and
    ///      its executable time.
    function _termsReason(uint256 index, uint256 cursor, uint32 epoch) internal view returns (bytes memory) {
        Info storage info = _infos[index];
        Lane lane = Lane(uint8(cursor >> CURSOR_LANE));
        if (lane == Lane.Routine && info.classifiedEpoch != epoch) {
            return abi.encodeWithSelector(ManifestGuardLaneStale.selector, _id(index), info.classifiedEpoch, epoch);
        }
        if (info.approvalEpoch != epoch) {
            uint16 approvals = _countApprovals(index);
            uint16 required = _threshold(lane);
            if (approvals < required) {
                return abi.encodeWithSelector(ManifestGuardApprovalsLapsed.selector, _id(index), approvals, required);
            }
        }
        uint64 executableFrom = info.executableFrom;
        if (block.timestamp < executableFrom) {
            return
                abi.encodeWithSelector(
                    ManifestGuardTooEarly.selector, _id(index), executableFrom, uint64(block.timestamp)
                );
        }
        return "";
    }

    /// @dev A Release starts only when its Rollback is registered, approved, unused, not bound to another release,
    ///      outlasts it, and is executable on its own terms right now.
    function _rollbackReason(uint256 index, uint32 epoch) internal view returns (bytes memory) {
        bytes32 rollbackId = _infos[index].rollback;
        uint256 rollbackIndex = _indexOf[rollbackId];
        if (rollbackIndex == 0) {
            return
                abi.encodeWithSelector(
                    ManifestGuardRollbackNotReady.selector, _id(index), rollbackId, ManifestStatus.None
                );
        }
        uint256 rollback = _load(_cursors[rollbackIndex]);
        if (
            uint8(rollback >> CURSOR_KIND) != uint8(ManifestKind.Rollback)
                || uint8(rollback) != uint8(ManifestStatus.Approved) || uint16(rollback >> CURSOR_PHASE) != 0
        ) {
            // Not a Rollback, not approved, or already started (phase and step, both zero at the start).
            return abi.encodeWithSelector(
                ManifestGuardRollbackNotReady.selector, _id(index), rollbackId, ManifestStatus(uint8(rollback))
            );
        }
        uint32 bound = _infos[rollbackIndex].boundRelease;
        if (bound != 0 && bound != index) {
            return abi.encodeWithSelector(ManifestGuardRollbackBound.selector, rollbackId, _id(bound));
        }
        uint64 rollbackExpiry = _infos[rollbackIndex].expiry;
        uint64 expiry = _infos[index].expiry;
        if (rollbackExpiry < expiry) {
            return abi.encodeWithSelector(
                ManifestGuardRollbackExpiresFirst.selector, _id(index), rollbackId, rollbackExpiry, expiry
            );
        }
        bytes memory terms = _termsReason(rollbackIndex, rollback, epoch);
        if (terms.length != 0) {
            return abi.encodeWithSelector(ManifestGuardRollbackNotExecutable.selector, _id(index), rollbackId, terms);
        }
        return "";
    }

    function _conditionsReason(uint256 index, uint256 phase) internal view returns (bytes memory) {
        Condition[] storage conditions = _phases[index][phase].conditions;
        for (uint256 i; i < conditions.length; ++i) {
            Condition storage condition = conditions[i];
            (bool ok, uint256 size, uint256 observed,) = _boundedStaticcall(condition.target, condition.data, false);
            if (!ok || size < 32) observed = type(uint256).max;
            if (!ok || size < 32 || observed < condition.min || observed > condition.max) {
                return abi.encodeWithSelector(
                    ManifestGuardEntryConditionFailed.selector,
                    _id(index),
                    phase,
                    i,
                    observed,
                    condition.min,
                    condition.max
                );
            }
        }
        return "";
    }

    /// @dev `staticcall(target, data)` that never copies more than `_MAX_RETURN_DATA` bytes: a larger answer counts as
    ///      a failed call (`ok = false`), so no target can burn the executor's gas on memory. Returns the size of the
    ///      answer, its first word, and (when `hash` is set) its keccak256.
    function _boundedStaticcall(address target, bytes memory input, bool hash)
        internal
        view
        returns (bool ok, uint256 size, uint256 firstWord, bytes32 resultHash)
    {
        assembly ("memory-safe") {
            ok := staticcall(gas(), target, add(input, 0x20), mload(input), 0, 0)
            size := returndatasize()
            if gt(size, _MAX_RETURN_DATA) { ok := 0 }
            if ok {
                let ptr := mload(0x40)
                returndatacopy(ptr, 0, size)
                if iszero(lt(size, 0x20)) { firstWord := mload(ptr) }
                if hash { resultHash := keccak256(ptr, size) }
            }
        }
    }
}
