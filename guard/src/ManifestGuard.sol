// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ManifestLifecycle} from "./ManifestLifecycle.sol";
import {ManifestRegistrar} from "./ManifestRegistrar.sol";
import {ManifestGuardStorage} from "./base/ManifestGuardStorage.sol";
import {ManifestRules} from "./base/ManifestRules.sol";
import {IManifestRegistration} from "./interfaces/IManifestRegistration.sol";
import {IManifestRules} from "./interfaces/IManifestRules.sol";
import {ISafeModuleGuard} from "./interfaces/ISafeModuleGuard.sol";
import {ISafeTransactionGuard} from "./interfaces/ISafeTransactionGuard.sol";
import {ManifestHashing} from "./libraries/ManifestHashing.sol";

/// @title ManifestGuard
/// @notice Lets one Safe execute only the next step of a registered, approved release manifest. Installed as the
///         Safe's transaction guard (Safe 1.3.0, 1.4.1, 1.5.0) and, on Safe 1.5.0, as its module guard. Its full
///         interface is `IManifestGuard`: the hooks and the views of its rules (`IManifestRules`) run here;
///         registration and configuration run in `ManifestRegistrar`'s code, and approvals, halts, freezes and the
///         views of stored state in `ManifestLifecycle`'s, both through `delegatecall` against this contract's storage.
/// @dev Storage is laid out for the execution path: a routine Safe transaction reads the step record (keyed by
///      `stepKey`) and the manifest's cursor, writes the cursor and deletes the step record (its refund pays for
///      most of the cursor write). The executor's role and the freeze end are read only when the cursor's cached
///      executor differs from the sender or a freeze was declared (see `ManifestGuardStorage`). Everything that can
///      be computed once (lane, step keys, phase shape) is computed at registration.
contract ManifestGuard is ManifestGuardStorage, ManifestRules {
    /// @dev The registration code this guard delegatecalls (deployed by, and bound to, this guard).
    address internal immutable _REGISTRAR;
    /// @dev The lifecycle and view code this guard delegatecalls (deployed by, and bound to, this guard).
    address internal immutable _LIFECYCLE;

    /// @dev The executor role bit, for the routine path's assembly.
    uint256 private constant ROLE_EXECUTOR_BIT = _ROLE_EXECUTOR;

    /// @param safe The Safe this guard protects.
    /// @param initialConfigHash `keccak256(abi.encode(config))` of the first configuration, which anyone may then set
    ///        with `initialize(config)` (validated like any later one). The deployment commits to it, so the guard's
    ///        CREATE2 address does too.
    constructor(address safe, bytes32 initialConfigHash) ManifestGuardStorage(safe) {
        address registrar = address(new ManifestRegistrar(safe, initialConfigHash));
        _REGISTRAR = registrar;
        _LIFECYCLE = address(new ManifestLifecycle(safe, registrar));
    }

    // ================================================================ dispatch

    /// @notice Every call of `IManifestGuard`. This contract declares no external function, so Solidity's dispatcher
    ///         never runs: the Safe's hooks are recognised first, because every Safe transaction pays for them.
    ///         - `checkTransaction(to, value, data, operation, safeTxGas, baseGas, gasPrice, gasToken,
    ///           refundReceiver, signatures, msgSender)` (`ISafeTransactionGuard`), called before the Safe executes
    ///           a transaction, and `checkModuleTransaction(to, value, data, operation, module)`
    ///           (`ISafeModuleGuard`, Safe 1.5.0), called before a module's transaction, revert unless the
    ///           transaction is the next step of an approved manifest and every rule holds (the module is then the
    ///           executor);
    ///         - `checkAfterExecution(txHash, success)` and `checkAfterModuleExecution(txHash, success)`, called
    ///           after it, require success and run the phase's checks when the step completed a phase. Any failure
    ///           reverts the whole Safe transaction;
    ///         - `explainTransaction` and `manifestState` (`IManifestRules`) answer here, from the same rules;
    ///         - registration and configuration run in the registrar's code, everything else in the lifecycle
    ///           module's; a call neither knows is accepted and does nothing, so a Safe that calls a hook this guard
    ///           does not know is not locked out.
    /// @dev Only the Safe gets past the hooks' caller check, and the Safe ABI-encodes those calls itself; the reads
    ///      below still bound every offset and value they take, and reject anything else as malformed.
    fallback() external {
        bytes4 selector = msg.sig;
        if (selector == CHECK_TRANSACTION) {
            if (!_routineStep(false)) _checkTransaction();
        } else if (selector == CHECK_AFTER_EXECUTION || selector == CHECK_AFTER_MODULE_EXECUTION) {
            if (!_routineCheckAfterExecution() && !_routinePhaseCompletion()) _exit(_readBool(0x24));
        } else if (selector == CHECK_MODULE_TRANSACTION) {
            if (!_routineStep(true)) _checkModuleTransaction();
            _returnModuleTxHash();
        } else if (selector == IManifestRules.explainTransaction.selector) {
            _return(abi.encode(_explainTransaction()));
        } else if (selector == IManifestRules.manifestState.selector) {
            _return(abi.encode(_manifestState(abi.decode(msg.data[4:], (bytes32)))));
        } else if (
            selector == IManifestRegistration.register.selector || selector == IManifestRegistration.reclassify.selector
                || selector == IManifestRegistration.computeLane.selector
                || selector == IManifestRegistration.manifestId.selector
                || selector == IManifestRegistration.configure.selector
                || selector == IManifestRegistration.initialize.selector
                || selector == IManifestRegistration.getConfig.selector
        ) {
            _delegate(_REGISTRAR);
        } else {
            _delegate(_LIFECYCLE);
        }
    }

    function _return(bytes memory result) private pure {
        assembly ("memory-safe") {
            return(add(result, 0x20), mload(result))
        }
    }

    /// @dev Runs this call, unchanged, in `module`'s code against this guard's storage, and returns or reverts with
    ///      its result. Inside a `staticcall` the module's views run as views.
    function _delegate(address module) private {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, 0, calldatasize())
            let ok := delegatecall(gas(), module, ptr, calldatasize(), 0, 0)
            returndatacopy(ptr, 0, returndatasize())
            if iszero(ok) { revert(ptr, returndatasize()) }
            return(ptr, returndatasize())
        }
    }

    // ================================================================ the rules, asked

    /// @dev `IManifestRules.explainTransaction`, its arguments decoded here.
    function _explainTransaction() private view returns (Verdict memory verdict) {
        (
            address to,
            uint256 value,
            bytes memory data,
            uint8 operation,
            uint256 gasPrice,
            address gasToken,
            address refundReceiver,
            address msgSender
        ) = abi.decode(msg.data[4:], (address, uint256, bytes, uint8, uint256, address, address, address));
        bytes32 dataHash = keccak256(data);
        bytes32 key = ManifestHashing.stepKey(to, value, dataHash, operation);
        StepRecord memory record = _steps[key];
        if (record.index != 0) {
            verdict.manifestId = _id(record.index);
            verdict.phase = record.phase;
            verdict.step = record.step;
        }
        if (gasPrice != 0 || gasToken != address(0) || refundReceiver != address(0)) {
            verdict.reason =
                abi.encodeWithSelector(ManifestGuardRefundForbidden.selector, gasPrice, gasToken, refundReceiver);
            return verdict;
        }
        (verdict.reason,,) = _evaluate(to, dataHash, value, operation, msgSender, key);
        verdict.allowed = verdict.reason.length == 0;
    }

    /// @dev `IManifestRules.manifestState`.
    function _manifestState(bytes32 id) private view returns (ManifestState memory state) {
        uint256 index = _requireIndex(id);
        uint256 word = _load(_cursors[index]);
        Cursor memory cursor = _cursors[index];
        Info storage info = _infos[index];
        uint32 epoch = _epoch();
        state.status = cursor.status;
        state.kind = cursor.kind;
        state.lane = cursor.lane;
        state.laneCurrent = cursor.lane == Lane.Privileged || info.classifiedEpoch == epoch;
        state.started = cursor.phase != 0 || cursor.step != 0;
        state.reinstatable = cursor.status == ManifestStatus.Halted && info.haltedFrom != ManifestStatus.None;
        state.reinstated = info.reinstated;
        state.nextPhase = cursor.phase;
        state.nextStep = cursor.step;
        state.approvals = _countApprovals(index);
        state.requiredApprovals = _threshold(cursor.lane);
        state.executableFrom = info.executableFrom;
        state.configEpoch = epoch;
        state.reason = cursor.status == ManifestStatus.Approved
            ? _gateReason(index, word, info.chainId, info.expiry, cursor.step == 0)
            : _statusReason(index, cursor.status);
        state.open = state.reason.length == 0;
        if (cursor.kind == ManifestKind.Release) {
            state.rollbackReason = state.started ? _rollbackRunReason(info.rollback) : _rollbackReason(index, epoch);
        } else if (cursor.kind == ManifestKind.Rollback) {
            state.rollbackReason = state.reason;
        }
        state.rollbackReady = cursor.kind != ManifestKind.Emergency && state.rollbackReason.length == 0;
    }

    /// @dev Whether a started Release's Rollback may run its next step now.
    function _rollbackRunReason(bytes32 rollbackId) private view returns (bytes memory) {
        uint256 index = _indexOf[rollbackId];
        uint256 word = _load(_cursors[index]);
        ManifestStatus status = ManifestStatus(uint8(word));
        if (status != ManifestStatus.Approved) return _statusReason(index, status);
        return _gateReason(index, word, _infos[index].chainId, _infos[index].expiry, uint8(word >> CURSOR_STEP) == 0);
    }

    // ================================================================ the routine path

    /// @dev The routine step, decided and applied from the two hot words: a well-formed call from the Safe, a Safe
    ///      transaction without refund or (`module`) a module transaction, a plain call or a delegatecall to the
    ///      MultiSendCallOnly configured now (read for delegatecalls only: a configuration may name another since the
    ///      step was registered), not the first step of its phase nor the manifest's last step, of an approved
    ///      routine-lane manifest inside its window on its chain, sent by an executor (the one cached in the cursor,
    ///      whose role was checked when it was cached, or else one whose role is read now and then cached), with no
    ///      freeze declared, and not inside another step. Then: move the cursor (to the next step, or to the next
    ///      phase with its gate closed and its completion time now), consume the step record, leave it for the
    ///      post-execution half, emit `StepExecuted`, and return true. Anything else returns false having
    ///      changed nothing, and the full check decides it (reaching the same verdict for every call this path
    ///      accepts). `RoutinePath.t.sol` and the invariant suites hold both to the same rules.
    // One straight block of assembly on purpose: every Safe transaction runs it, and a split would cost a call.
    // solhint-disable-next-line function-max-lines
    function _routineStep(bool module) private returns (bool done) {
        address safe = _SAFE;
        uint256 approved = uint8(ManifestStatus.Approved);
        bytes32 topic = StepExecuted.selector;
        uint256 stepsSlot;
        uint256 cursorsSlot;
        uint256 accountsSlot;
        uint256 multiSendSlot;
        assembly ("memory-safe") {
            stepsSlot := _steps.slot
            cursorsSlot := _cursors.slot
            accountsSlot := _accounts.slot
            // `Settings.multiSendCallOnly` opens the struct's second slot (pinned in `HotWordsLayout.t.sol`).
            multiSendSlot := add(_settings.slot, 1)
        }
        assembly ("memory-safe") {
            for {} 1 {} {
                if iszero(eq(caller(), safe)) { break }
                let sender
                switch module
                case 0 {
                    // The Safe's own ABI encoding: 11 head words; gasPrice, gasToken, refundReceiver all 0.
                    if lt(calldatasize(), 0x164) { break }
                    if or(calldataload(0xc4), or(calldataload(0xe4), calldataload(0x104))) { break }
                    sender := calldataload(0x144)
                }
                default {
                    // checkModuleTransaction: 5 head words, the module last.
                    if lt(calldatasize(), 0xa4) { break }
                    sender := calldataload(0x84)
                }
                let to := calldataload(0x04)
                let operation := calldataload(0x64)
                // The zero address is nobody: a cleared executor cache must never match it.
                if or(or(shr(160, to), shr(160, sender)), or(iszero(sender), gt(operation, 1))) { break }
                let offset := calldataload(0x44)
                if gt(offset, 0xffffffff) { break }
                let length := calldataload(add(offset, 0x04))
                if or(gt(length, 0xffffffff), gt(add(add(offset, 0x24), length), calldatasize())) { break }
                if tload(PENDING_SLOT) { break }
                // A delegatecall only into the MultiSendCallOnly configured now.
                if operation {
                    if iszero(eq(and(sload(multiSendSlot), 0xffffffffffffffffffffffffffffffffffffffff), to)) { break }
                }

                // stepKey = keccak256(abi.encode(to, value, keccak256(data), operation)).
                let ptr := mload(0x40)
                calldatacopy(ptr, add(offset, 0x24), length)
                let dataHash := keccak256(ptr, length)
                mstore(ptr, to)
                mstore(add(ptr, 0x20), calldataload(0x24))
                mstore(add(ptr, 0x40), dataHash)
                mstore(add(ptr, 0x60), operation)
                mstore(0x00, keccak256(ptr, 0x80))
                mstore(0x20, stepsSlot)
                let recordSlot := keccak256(0x00, 0x40)
                let record := sload(recordSlot)
                let index := and(record, 0xffffffff)
                let flags := and(shr(RECORD_FLAGS, record), 0xff)
                // Registered step, not a phase's first nor the manifest's last, inside the window, on the
                // registration chain.
                if or(iszero(index), and(flags, or(FIRST_IN_PHASE, LAST_STEP))) { break }
                if gt(timestamp(), and(shr(RECORD_EXPIRY, record), 0xffffffffff)) { break }
                if iszero(eq(and(shr(RECORD_CHAIN_ID, record), 0xffffffffffffffff), chainid())) { break }

                mstore(0x00, index)
                mstore(0x20, cursorsSlot)
                let cursorSlot := keccak256(0x00, 0x40)
                let cursor := sload(cursorSlot)
                // Approved and routine (status and lane bytes at once), at this very phase and step, cached
                // executor = sender, no freeze declared. Privileged manifests always take the full check.
                if iszero(eq(and(cursor, LANE_AND_STATUS_MASK), approved)) { break }
                let phase := and(shr(RECORD_PHASE, record), 0xff)
                if iszero(eq(and(shr(RECORD_PHASE, record), 0xffff), and(shr(CURSOR_PHASE, cursor), 0xffff))) {
                    break
                }
                if and(shr(CURSOR_FREEZE_DECLARED, cursor), 0xff) { break }
                if iszero(eq(shr(CURSOR_EXECUTOR, cursor), sender)) {
                    // Not the cached executor: read its role, and cache it.
                    mstore(0x00, sender)
                    mstore(0x20, accountsSlot)
                    if iszero(and(sload(keccak256(0x00, 0x40)), ROLE_EXECUTOR_BIT)) { break }
                    // The executor is the cursor's top field: keep the bits below it.
                    cursor := or(and(cursor, sub(shl(CURSOR_EXECUTOR, 1), 1)), shl(CURSOR_EXECUTOR, sender))
                }

                switch and(flags, LAST_IN_PHASE)
                case 0 { cursor := add(cursor, shl(CURSOR_STEP, 1)) }
                default {
                    // Next phase, step 0, gate closed, completion time now.
                    cursor := and(
                        cursor,
                        not(or(shl(CURSOR_PHASE, 0xffffff), shl(CURSOR_PHASE_COMPLETED_AT, 0xffffffffff)))
                    )
                    cursor := or(
                        cursor,
                        or(shl(CURSOR_PHASE, add(phase, 1)), shl(CURSOR_PHASE_COMPLETED_AT, timestamp()))
                    )
                }
                sstore(cursorSlot, cursor)
                sstore(recordSlot, 0)
                tstore(PENDING_SLOT, record)
                // StepExecuted(index << 16 | phase << 8 | step): the record's low 48 bits, phase and step swapped.
                mstore(0x00, or(shl(16, index), or(shl(8, phase), and(shr(RECORD_STEP, record), 0xff))))
                log1(0x00, 0x20, topic)
                done := 1
                break
            }
        }
    }

    /// @dev The post-execution half of a routine step: from the Safe, `success == true`, a pending step that does not
    ///      complete its phase. Clears the pending step and returns true; anything else returns false having changed
    ///      nothing, and `_exit` decides it.
    function _routineCheckAfterExecution() private returns (bool done) {
        address safe = _SAFE;
        assembly ("memory-safe") {
            for {} 1 {} {
                if or(iszero(eq(caller(), safe)), lt(calldatasize(), 0x44)) { break }
                if iszero(eq(calldataload(0x24), 1)) { break }
                let pending := tload(PENDING_SLOT)
                if or(iszero(pending), and(shr(RECORD_FLAGS, pending), LAST_IN_PHASE)) { break }
                tstore(PENDING_SLOT, 0)
                done := 1
                break
            }
        }
    }

    /// @dev The post-execution half of a step that completes its phase, when every check of the phase holds and
    ///      keeps its call data in its first slot (or reads a code hash): from the Safe, `success == true`. Runs the
    ///      checks (static calls, answers of at most `_MAX_RETURN_DATA` bytes), clears the pending step, emits
    ///      `PhaseCompleted` (and `ManifestCompleted` after the last phase) and returns true. Anything else, a failing
    ///      check included, returns false having changed nothing, and `_exit` decides it (the checks are views, so
    ///      running them again there gives the same answers, and its refusal names the check).
    function _routinePhaseCompletion() private returns (bool done) {
        address safe = _SAFE;
        bytes32 phaseCompleted = PhaseCompleted.selector;
        bytes32 manifestCompleted = ManifestCompleted.selector;
        uint256 idsSlot;
        uint256 phasesSlot;
        assembly ("memory-safe") {
            idsSlot := _idAt.slot
            phasesSlot := _phases.slot
        }
        assembly ("memory-safe") {
            for {} 1 {} {
                if or(iszero(eq(caller(), safe)), lt(calldatasize(), 0x44)) { break }
                if iszero(eq(calldataload(0x24), 1)) { break }
                let pending := tload(PENDING_SLOT)
                let flags := and(shr(RECORD_FLAGS, pending), 0xff)
                if iszero(and(flags, LAST_IN_PHASE)) { break }
                let index := and(pending, 0xffffffff)
                let phase := and(shr(RECORD_PHASE, pending), 0xff)
                let count := and(shr(RECORD_CHECK_COUNT, pending), 0xff)
                // _phases[index][phase].checks: the second slot of PhaseInfo (after minSoak).
                mstore(0x00, index)
                mstore(0x20, phasesSlot)
                mstore(0x20, keccak256(0x00, 0x40))
                mstore(0x00, phase)
                let checksSlot := add(keccak256(0x00, 0x40), 1)
                let held := 1
                for { let i := 0 } lt(i, count) { i := add(i, 1) } {
                    mstore(0x00, i)
                    mstore(0x20, checksSlot)
                    let checkSlot := keccak256(0x00, 0x40)
                    // StoredCheck: target (bits 0-159), kind (160-167), inline length (168-175), inline data; then
                    // the expected hash.
                    let head := sload(checkSlot)
                    let target := and(head, 0xffffffffffffffffffffffffffffffffffffffff)
                    let observed
                    switch and(shr(160, head), 0xff)
                    case 1 { observed := extcodehash(target) }
                    default {
                        let inlineLength := and(shr(168, head), 0xff)
                        if iszero(inlineLength) {
                            held := 0
                            break
                        }
                        let ptr := mload(0x40)
                        // The inline data is the slot's top bytes: left-aligned in the word, as call data.
                        mstore(ptr, and(head, not(sub(shl(176, 1), 1))))
                        let ok := staticcall(gas(), target, ptr, sub(inlineLength, 1), 0, 0)
                        let size := returndatasize()
                        if or(iszero(ok), gt(size, _MAX_RETURN_DATA)) {
                            held := 0
                            break
                        }
                        returndatacopy(ptr, 0, size)
                        observed := keccak256(ptr, size)
                    }
                    if iszero(eq(observed, sload(add(checkSlot, 1)))) {
                        held := 0
                        break
                    }
                }
                if iszero(held) { break }
                tstore(PENDING_SLOT, 0)
                mstore(0x00, index)
                mstore(0x20, idsSlot)
                let id := sload(keccak256(0x00, 0x40))
                mstore(0x00, phase)
                log2(0x00, 0x20, phaseCompleted, id)
                if and(flags, LAST_STEP) { log2(0x00, 0x00, manifestCompleted, id) }
                done := 1
                break
            }
        }
    }

    // ================================================================ hook decoding

    /// @dev 0x75f0bb52, 0x93271368, 0x728c2972 and 0x2acc37aa (pinned in `Constants.t.sol`).
    bytes4 internal constant CHECK_TRANSACTION = ISafeTransactionGuard.checkTransaction.selector;
    bytes4 internal constant CHECK_AFTER_EXECUTION = ISafeTransactionGuard.checkAfterExecution.selector;
    bytes4 internal constant CHECK_MODULE_TRANSACTION = ISafeModuleGuard.checkModuleTransaction.selector;
    bytes4 internal constant CHECK_AFTER_MODULE_EXECUTION = ISafeModuleGuard.checkAfterModuleExecution.selector;

    /// @dev Reads `checkModuleTransaction`'s arguments, after the caller check, and decides it with the full rules.
    function _checkModuleTransaction() private {
        if (msg.sender != _SAFE) revert ManifestGuardCallerNotSafe(msg.sender, _SAFE);
        (address to, uint256 value, bytes calldata data, uint256 operation, address module) = _moduleArguments();
        _enter(to, value, keccak256(data), uint8(operation), module);
    }

    /// @dev Returns `checkModuleTransaction`'s answer: `keccak256(abi.encode(to, value, keccak256(data), operation,
    ///      module))`.
    function _returnModuleTxHash() private pure {
        (address to, uint256 value, bytes calldata data, uint256 operation, address module) = _moduleArguments();
        bytes32 moduleTxHash = keccak256(abi.encode(to, value, keccak256(data), operation, module));
        assembly ("memory-safe") {
            mstore(0x00, moduleTxHash)
            return(0x00, 0x20)
        }
    }

    function _moduleArguments()
        private
        pure
        returns (address to, uint256 value, bytes calldata data, uint256 operation, address module)
    {
        if (msg.data.length < 0xa4) revert ManifestGuardMalformedHookCall(CHECK_MODULE_TRANSACTION);
        to = _readAddress(0x04);
        module = _readAddress(0x84);
        bool malformed;
        assembly ("memory-safe") {
            value := calldataload(0x24)
            operation := calldataload(0x64)
            let offset := calldataload(0x44)
            let length := calldataload(add(offset, 0x04))
            malformed := or(
                or(gt(offset, 0xffffffff), gt(length, 0xffffffff)),
                gt(add(add(offset, 0x24), length), calldatasize())
            )
            data.offset := add(offset, 0x24)
            data.length := length
        }
        if (malformed || operation > type(uint8).max) revert ManifestGuardMalformedHookCall(CHECK_MODULE_TRANSACTION);
    }

    /// @dev Reads `checkTransaction`'s arguments straight from calldata (head words at 4 + 32 * i; `data` through its
    ///      offset), after the caller check.
    function _checkTransaction() private {
        if (msg.sender != _SAFE) revert ManifestGuardCallerNotSafe(msg.sender, _SAFE);
        address to = _readAddress(0x04);
        uint256 value;
        uint256 operation;
        uint256 gasPrice;
        bytes32 dataHash;
        bool malformed;
        assembly ("memory-safe") {
            value := calldataload(0x24)
            operation := calldataload(0x64)
            gasPrice := calldataload(0xc4)
            let offset := calldataload(0x44)
            let length := calldataload(add(offset, 0x04))
            // 11 head words, and `data` (offset, length word, bytes) inside calldata.
            malformed := or(
                lt(calldatasize(), 0x164),
                or(
                    or(gt(offset, 0xffffffff), gt(length, 0xffffffff)),
                    gt(add(add(offset, 0x24), length), calldatasize())
                )
            )
            if iszero(malformed) {
                let ptr := mload(0x40)
                calldatacopy(ptr, add(offset, 0x24), length)
                dataHash := keccak256(ptr, length)
            }
        }
        if (malformed || operation > type(uint8).max) revert ManifestGuardMalformedHookCall(CHECK_TRANSACTION);
        address gasToken = _readAddress(0xe4);
        address refundReceiver = _readAddress(0x104);
        if (gasPrice != 0 || gasToken != address(0) || refundReceiver != address(0)) {
            revert ManifestGuardRefundForbidden(gasPrice, gasToken, refundReceiver);
        }
        _enter(to, value, dataHash, uint8(operation), _readAddress(0x144));
    }

    function _readAddress(uint256 offset) private pure returns (address account) {
        uint256 word;
        assembly ("memory-safe") {
            word := calldataload(offset)
        }
        if (word > type(uint160).max) revert ManifestGuardMalformedHookCall(msg.sig);
        account = address(uint160(word));
    }

    function _readBool(uint256 offset) private pure returns (bool flag) {
        if (msg.data.length < offset + 32) revert ManifestGuardMalformedHookCall(msg.sig);
        uint256 word;
        assembly ("memory-safe") {
            word := calldataload(offset)
        }
        if (word > 1) revert ManifestGuardMalformedHookCall(msg.sig);
        flag = word == 1;
    }

    // ================================================================ execution internals

    /// @dev The pre-execution half shared by Safe and module transactions: one decision, one revert, then effects.
    function _enter(address to, uint256 value, bytes32 dataHash, uint8 operation, address sender) private {
        uint256 pending;
        bytes32 slot = PENDING_SLOT;
        assembly ("memory-safe") {
            pending := tload(slot)
        }
        if (pending != 0) revert ManifestGuardReentrantExecution();

        bytes32 key = ManifestHashing.stepKey(to, value, dataHash, operation);
        (bytes memory reason, uint256 record, uint256 cursor) = _evaluate(to, dataHash, value, operation, sender, key);
        if (reason.length != 0) {
            assembly ("memory-safe") {
                revert(add(reason, 0x20), mload(reason))
            }
        }
        _advance(key, record, cursor);
    }

    /// @dev Effects of an allowed step: consume the step record (its refund pays for most of the cursor write), move
    ///      the cursor with one write, arm or fire the rollback link, and leave the step record in transient storage
    ///      for the post-execution half.
    function _advance(bytes32 key, uint256 record, uint256 cursor) private {
        uint256 index = uint32(record);
        uint256 flags = uint8(record >> RECORD_FLAGS);
        uint256 phase = uint8(record >> RECORD_PHASE);
        if (flags & FIRST_IN_PHASE != 0 && phase == 0) {
            _onStart(index, ManifestKind(uint8(cursor >> CURSOR_KIND)));
        }
        if (flags & LAST_IN_PHASE == 0) {
            cursor += 1 << CURSOR_STEP;
        } else if (flags & LAST_STEP != 0) {
            cursor = (cursor & ~uint256(0xff)) | uint8(ManifestStatus.Completed);
            _removeLive(index);
        } else {
            // Next phase, step 0, gate closed, completion time now.
            cursor &= ~((uint256(0xffffff) << CURSOR_PHASE) | (uint256(type(uint40).max) << CURSOR_PHASE_COMPLETED_AT));
            cursor |= ((phase + 1) << CURSOR_PHASE) | (block.timestamp << CURSOR_PHASE_COMPLETED_AT);
        }
        _store(_cursors[index], cursor);
        delete _steps[key];
        bytes32 slot = PENDING_SLOT;
        assembly ("memory-safe") {
            tstore(slot, record)
        }
        emit StepExecuted((index << 16) | (phase << 8) | uint8(record >> RECORD_STEP));
    }

    /// @dev A Release binds its Rollback (which may run from then on: it was executable on its own terms when the
    ///      Release started); a bound Rollback halts its Release, and makes a guardian's earlier halt of it final.
    function _onStart(uint256 index, ManifestKind kind) private {
        if (kind == ManifestKind.Release) {
            bytes32 rollbackId = _infos[index].rollback;
            uint256 rollbackIndex = _indexOf[rollbackId];
            if (_infos[rollbackIndex].boundRelease == 0) {
                _infos[rollbackIndex].boundRelease = uint32(index);
                emit RollbackArmed(_id(index), rollbackId);
            }
        } else if (kind == ManifestKind.Rollback) {
            uint32 release = _infos[index].boundRelease;
            if (_cursors[release].status == ManifestStatus.Approved) {
                _cursors[release].status = ManifestStatus.Halted;
                _removeLive(release);
                emit ManifestHalted(_id(release), address(this));
            }
            _infos[release].haltedFrom = ManifestStatus.None;
        }
    }

    /// @dev The post-execution half: the inner call must have succeeded, and a phase-completing step runs the
    ///      phase's checks. Reverting here reverts the whole Safe transaction.
    function _exit(bool success) private {
        if (msg.sender != _SAFE) revert ManifestGuardCallerNotSafe(msg.sender, _SAFE);
        uint256 pending;
        bytes32 slot = PENDING_SLOT;
        assembly ("memory-safe") {
            pending := tload(slot)
            tstore(slot, 0)
        }
        if (pending == 0) revert ManifestGuardNoPendingStep();
        uint256 index = uint32(pending);
        uint256 phase = uint8(pending >> RECORD_PHASE);
        if (!success) revert ManifestGuardInnerCallFailed(_id(index), phase, uint8(pending >> RECORD_STEP));
        uint8 flags = uint8(pending >> RECORD_FLAGS);
        if (flags & LAST_IN_PHASE == 0) return;
        bytes32 id = _id(index);
        _runChecks(index, id, phase, uint8(pending >> RECORD_CHECK_COUNT));
        emit PhaseCompleted(id, phase);
        if (flags & LAST_STEP != 0) emit ManifestCompleted(id);
    }

    /// @dev Runs the phase's `count` checks (the count comes from the step record: no length to read).
    function _runChecks(uint256 index, bytes32 id, uint256 phase, uint256 count) private view {
        mapping(uint256 => StoredCheck) storage checks = _phases[index][phase].checks;
        for (uint256 i; i < count; ++i) {
            StoredCheck storage check = checks[i];
            // The first slot whole: target (bits 0-159), kind (160-167), inline length (168-175), inline data.
            uint256 head;
            assembly ("memory-safe") {
                head := sload(check.slot)
            }
            address target = address(uint160(head));
            bytes32 expected = check.expected;
            bytes32 observed;
            if (uint8(head >> 160) == uint8(CheckKind.CodeHash)) {
                observed = target.codehash;
            } else {
                uint256 inlineLength = uint8(head >> 168);
                bytes memory input =
                    inlineLength == 0 ? check.data : _inlineData(bytes10(uint80(head >> 176)), inlineLength - 1);
                (bool ok,,, bytes32 resultHash) = _boundedStaticcall(target, input, true);
                // A check whose call reverts, or answers more than `_MAX_RETURN_DATA` bytes, fails whatever it
                // expected (observed is then zero).
                if (!ok) revert ManifestGuardCheckFailed(id, phase, i, expected, bytes32(0));
                observed = resultHash;
            }
            if (observed != expected) revert ManifestGuardCheckFailed(id, phase, i, expected, observed);
        }
    }

    /// @dev The first `length` bytes of `data` (at most `INLINE_CHECK_DATA`), as call data.
    function _inlineData(bytes10 data, uint256 length) private pure returns (bytes memory input) {
        input = new bytes(length);
        if (length == 0) return input;
        assembly ("memory-safe") {
            mstore(add(input, 0x20), data)
        }
    }
}
