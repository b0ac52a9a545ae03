// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {ManifestRegistrar} from "./ManifestRegistrar.sol";
import {GuardConfiguration} from "./base/GuardConfiguration.sol";
import {ManifestGuardStorage} from "./base/ManifestGuardStorage.sol";
import {IManifestGuard} from "./interfaces/IManifestGuard.sol";
import {ISafeTransactionGuard} from "./interfaces/ISafeTransactionGuard.sol";
import {ManifestHashing} from "./libraries/ManifestHashing.sol";

/// @title ManifestGuard
/// @notice Lets one Safe execute only the next step of a registered, approved release manifest. Installed as the
///         Safe's transaction guard (Safe 1.3.0, 1.4.1, 1.5.0) and, on Safe 1.5.0, as its module guard.
/// @dev Storage is laid out for the execution path: a routine Safe transaction reads the step record (keyed by
///      `stepKey`) and the manifest's cursor, writes the cursor and deletes the step record (its refund pays for
///      most of the cursor write). The executor's role and the freeze end are read only when the cursor's cached
///      executor differs from the sender or a freeze was declared (see `ManifestGuardStorage`). Everything that can
///      be computed once (lane, step keys, phase shape) is computed at registration.
contract ManifestGuard is IManifestGuard, ManifestGuardStorage, GuardConfiguration, EIP712 {
    /// @notice The registration code this guard delegatecalls (deployed by, and bound to, this guard).
    address public immutable REGISTRAR;

    /// @param safe The Safe this guard protects.
    /// @param config The initial configuration (validated like any later one).
    constructor(address safe, GuardConfig memory config)
        ManifestGuardStorage(safe)
        EIP712(ManifestHashing.NAME, ManifestHashing.VERSION)
    {
        REGISTRAR = address(new ManifestRegistrar(safe));
        _configure(config);
    }

    // ================================================================ identity

    /// @inheritdoc IManifestGuard
    function SAFE() external view returns (address) {
        return _SAFE;
    }

    /// @inheritdoc IManifestGuard
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @inheritdoc IManifestGuard
    function manifestId(Manifest calldata) external view returns (bytes32) {
        address registrar = REGISTRAR;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, 0, calldatasize())
            let ok := staticcall(gas(), registrar, ptr, calldatasize(), 0, 0)
            returndatacopy(ptr, 0, returndatasize())
            if iszero(ok) { revert(ptr, returndatasize()) }
            return(ptr, returndatasize())
        }
    }

    /// @inheritdoc IManifestGuard
    /// @dev Runs in the registrar's code against this guard's storage.
    function computeLane(Manifest calldata) external returns (Lane) {
        _delegateToRegistrar();
    }

    /// @inheritdoc IManifestGuard
    /// @dev Runs in the registrar's code against this guard's storage.
    function register(Manifest calldata) external returns (bytes32) {
        _delegateToRegistrar();
    }

    /// @inheritdoc IManifestGuard
    function approvalDigest(bytes32 id) public view returns (bytes32) {
        return _hashTypedDataV4(ManifestHashing.hashApproval(id));
    }

    /// @inheritdoc IManifestGuard
    function stepKey(address to, uint256 value, bytes calldata data, uint8 operation) external pure returns (bytes32) {
        return ManifestHashing.stepKey(to, value, keccak256(data), operation);
    }

    /// @notice ERC-165: the transaction guard (0xe6d7a83a), the module guard (0x58401ed8) and ERC-165 (0x01ffc9a7).
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == 0xe6d7a83a || interfaceId == 0x58401ed8 || interfaceId == 0x01ffc9a7;
    }

    // ================================================================ lifecycle

    /// @inheritdoc IManifestGuard
    function approve(bytes32 id) external {
        _approve(id, msg.sender);
    }

    /// @inheritdoc IManifestGuard
    function approveBySig(bytes32 id, address approver, bytes calldata signature) external {
        if (!SignatureChecker.isValidSignatureNowCalldata(approver, approvalDigest(id), signature)) {
            revert ManifestGuardInvalidApprovalSignature(id, approver);
        }
        _approve(id, approver);
    }

    /// @inheritdoc IManifestGuard
    function cancel(bytes32 id) external onlyRole(ROLE_PROPOSER) {
        uint256 index = _requireIndex(id);
        Cursor storage cursor = _cursors[index];
        if (cursor.status != ManifestStatus.Registered) revert ManifestGuardInvalidStatus(id, cursor.status);
        address proposer = _infos[index].proposer;
        if (msg.sender != proposer) revert ManifestGuardNotProposer(msg.sender);
        cursor.status = ManifestStatus.Cancelled;
        emit ManifestCancelled(id, msg.sender);
    }

    /// @inheritdoc IManifestGuard
    function halt(bytes32 id) external onlyRole(ROLE_GUARDIAN) {
        uint256 index = _requireIndex(id);
        Cursor storage cursor = _cursors[index];
        ManifestStatus status = cursor.status;
        if (status != ManifestStatus.Registered && status != ManifestStatus.Approved) {
            revert ManifestGuardInvalidStatus(id, status);
        }
        cursor.status = ManifestStatus.Halted;
        _removeLive(index);
        emit ManifestHalted(id, msg.sender);
    }

    /// @inheritdoc IManifestGuard
    function attestContinue(bytes32 id, uint256 phase, bytes32 metricsHash) external onlyRole(ROLE_APPROVER) {
        uint256 index = _requireIndex(id);
        Cursor memory cursor = _cursors[index];
        if (cursor.status != ManifestStatus.Approved) revert ManifestGuardInvalidStatus(id, cursor.status);
        if (phase == 0 || phase != cursor.phase || cursor.step != 0 || cursor.gateOpen) {
            revert ManifestGuardAttestationNotExpected(id, phase, cursor.phase);
        }
        uint64 readyAt = uint64(cursor.phaseCompletedAt) + _phases[index][phase - 1].minSoak;
        if (block.timestamp < readyAt) {
            revert ManifestGuardSoakNotElapsed(id, phase, readyAt, uint64(block.timestamp));
        }
        _cursors[index].gateOpen = true;
        emit PhaseContinued(id, phase, msg.sender, metricsHash);
    }

    /// @inheritdoc IManifestGuard
    function freeze(uint64 duration) external onlyRole(ROLE_GUARDIAN) {
        Settings memory settings = _settings;
        if (duration == 0 || duration > settings.maxFreeze) {
            revert ManifestGuardFreezeTooLong(duration, settings.maxFreeze);
        }
        uint64 endedAt = _freezeEndedAt;
        if (endedAt != 0) {
            // While a freeze runs, `endedAt` is its end, so it cannot be renewed either.
            uint64 availableAt = endedAt + settings.freezeCooldown;
            if (block.timestamp < availableAt) {
                revert ManifestGuardFreezeCoolingDown(availableAt, uint64(block.timestamp));
            }
        }
        uint64 until = uint64(block.timestamp) + duration;
        ++_freezeEpoch;
        _liftVotes = 0;
        _freezeEndedAt = until;
        _setFreeze(until);
        emit Frozen(msg.sender, until);
    }

    /// @inheritdoc IManifestGuard
    function liftFreeze() external onlyRole(ROLE_APPROVER) {
        if (_frozenUntil <= block.timestamp) revert ManifestGuardNotFrozen();
        uint256 epoch = _freezeEpoch;
        if (_liftVoted[epoch][msg.sender]) revert ManifestGuardAlreadyVoted(msg.sender, epoch);
        _liftVoted[epoch][msg.sender] = true;
        uint256 votes = ++_liftVotes;
        uint256 required = _settings.routineThreshold;
        emit FreezeLiftVoted(msg.sender, epoch, votes, required);
        if (votes >= required) {
            _freezeEndedAt = uint64(block.timestamp);
            _setFreeze(0);
            emit FreezeLifted(epoch);
        }
    }

    // ================================================================ Safe guard hooks

    /// @notice Safe 1.5.0 module guard: module transactions follow the same rules, with the module as executor.
    function checkModuleTransaction(address to, uint256 value, bytes calldata data, uint8 operation, address module)
        external
        returns (bytes32 moduleTxHash)
    {
        if (msg.sender != _SAFE) revert ManifestGuardCallerNotSafe(msg.sender, _SAFE);
        bytes32 dataHash = keccak256(data);
        _enter(to, value, dataHash, operation, module);
        moduleTxHash = keccak256(abi.encode(to, value, dataHash, operation, module));
    }

    /// @notice Safe 1.5.0 module guard: see `checkAfterExecution`.
    function checkAfterModuleExecution(bytes32, bool success) external {
        _exit(success);
    }

    /// @notice The Safe's transaction-guard hooks (`ISafeTransactionGuard`), dispatched here, ahead of Solidity's
    ///         ABI decoder, because every Safe transaction pays for them:
    ///         - `checkTransaction(to, value, data, operation, safeTxGas, baseGas, gasPrice, gasToken,
    ///           refundReceiver, signatures, msgSender)`, called before the Safe executes a transaction, reverts
    ///           unless the transaction is the next step of an approved manifest and every rule holds;
    ///         - `checkAfterExecution(txHash, success)`, called after it, requires success and runs the phase's
    ///           checks when the step completed a phase. Any failure reverts the whole Safe transaction.
    ///         Any other call is accepted and does nothing: a Safe that calls a hook this guard does not know is not
    ///         locked out.
    /// @dev Only the Safe gets past the caller check, and the Safe ABI-encodes both calls itself; the reads below
    ///      still bound every offset and value they take, and reject anything else as malformed.
    fallback() external {
        bytes4 selector = msg.sig;
        if (selector == CHECK_TRANSACTION) {
            if (!_routineCheckTransaction()) _checkTransaction();
        } else if (selector == CHECK_AFTER_EXECUTION) {
            if (!_routineCheckAfterExecution()) _exit(_readBool(0x24));
        }
    }

    // ================================================================ the routine path

    /// @dev The routine step, decided and applied from the two hot words: a well-formed call from the Safe, without
    ///      refund, a plain call (not delegatecall), neither the first nor the last step of its phase, of an approved
    ///      routine-lane manifest inside its window on its chain, sent by the executor cached in the cursor (whose role was
    ///      checked when it was cached; any configuration change clears the cache), with no freeze declared, and not
    ///      inside another step. Then: move the cursor, consume the step record, leave it for the post-execution
    ///      half, emit `StepExecuted`, and return true. Anything else returns false having changed nothing, and
    ///      `_checkTransaction` decides it with the full rules (reaching the same verdict for every call this path
    ///      accepts). `RoutinePath.t.sol` and the invariant suites hold both to the same rules.
    function _routineCheckTransaction() private returns (bool done) {
        address safe = _SAFE;
        uint256 approved = uint8(ManifestStatus.Approved);
        bytes32 topic = StepExecuted.selector;
        uint256 stepsSlot;
        uint256 cursorsSlot;
        assembly ("memory-safe") {
            stepsSlot := _steps.slot
            cursorsSlot := _cursors.slot
        }
        assembly ("memory-safe") {
            for {} 1 {} {
                // The Safe's own ABI encoding: 11 head words; operation, gasPrice, gasToken, refundReceiver all 0.
                if or(iszero(eq(caller(), safe)), lt(calldatasize(), 0x164)) { break }
                if or(or(calldataload(0x64), calldataload(0xc4)), or(calldataload(0xe4), calldataload(0x104))) {
                    break
                }
                let to := calldataload(0x04)
                let sender := calldataload(0x144)
                if or(shr(160, to), shr(160, sender)) { break }
                let offset := calldataload(0x44)
                if gt(offset, 0xffffffff) { break }
                let length := calldataload(add(offset, 0x04))
                if or(gt(length, 0xffffffff), gt(add(add(offset, 0x24), length), calldatasize())) { break }
                if tload(PENDING_SLOT) { break }

                // stepKey = keccak256(abi.encode(to, value, keccak256(data), operation)), operation = 0.
                let ptr := mload(0x40)
                calldatacopy(ptr, add(offset, 0x24), length)
                let dataHash := keccak256(ptr, length)
                mstore(ptr, to)
                mstore(add(ptr, 0x20), calldataload(0x24))
                mstore(add(ptr, 0x40), dataHash)
                mstore(add(ptr, 0x60), 0)
                mstore(0x00, keccak256(ptr, 0x80))
                mstore(0x20, stepsSlot)
                let recordSlot := keccak256(0x00, 0x40)
                let record := sload(recordSlot)
                let index := and(record, 0xffffffff)
                // Registered step, no phase-boundary flag, inside the window, on the registration chain.
                if or(iszero(index), and(shr(RECORD_FLAGS, record), 0xff)) { break }
                if gt(timestamp(), and(shr(RECORD_EXPIRY, record), 0xffffffffff)) { break }
                if iszero(eq(shr(RECORD_CHAIN_ID, record), chainid())) { break }

                mstore(0x00, index)
                mstore(0x20, cursorsSlot)
                let cursorSlot := keccak256(0x00, 0x40)
                let cursor := sload(cursorSlot)
                // Approved and routine (status and lane bytes at once), at this very phase and step, cached
                // executor = sender, no freeze declared. Privileged manifests always take the full check.
                if iszero(eq(and(cursor, LANE_AND_STATUS_MASK), approved)) { break }
                if iszero(eq(and(shr(RECORD_PHASE, record), 0xffff), and(shr(CURSOR_PHASE, cursor), 0xffff))) {
                    break
                }
                if or(
                    iszero(eq(shr(CURSOR_EXECUTOR, cursor), sender)),
                    and(shr(CURSOR_FREEZE_DECLARED, cursor), 0xff)
                ) {
                    break
                }

                sstore(cursorSlot, add(cursor, shl(CURSOR_STEP, 1)))
                sstore(recordSlot, 0)
                tstore(PENDING_SLOT, record)
                // StepExecuted(index << 16 | phase << 8 | step): the record's low 48 bits, phase and step swapped.
                mstore(
                    0x00,
                    or(
                        shl(16, index),
                        or(shl(8, and(shr(RECORD_PHASE, record), 0xff)), and(shr(RECORD_STEP, record), 0xff))
                    )
                )
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

    // ================================================================ hook decoding

    /// @dev 0x75f0bb52 and 0x93271368 (pinned in `Constants.t.sol`).
    bytes4 internal constant CHECK_TRANSACTION = ISafeTransactionGuard.checkTransaction.selector;
    bytes4 internal constant CHECK_AFTER_EXECUTION = ISafeTransactionGuard.checkAfterExecution.selector;

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
        uint256 word;
        assembly ("memory-safe") {
            word := calldataload(offset)
        }
        if (word > 1) revert ManifestGuardMalformedHookCall(msg.sig);
        flag = word == 1;
    }

    // ================================================================ views

    /// @inheritdoc IManifestGuard
    function explainTransaction(
        address to,
        uint256 value,
        bytes calldata data,
        uint8 operation,
        uint256 gasPrice,
        address gasToken,
        address refundReceiver,
        address msgSender
    ) external view returns (Verdict memory verdict) {
        if (gasPrice != 0 || gasToken != address(0) || refundReceiver != address(0)) {
            verdict.reason =
                abi.encodeWithSelector(ManifestGuardRefundForbidden.selector, gasPrice, gasToken, refundReceiver);
            return verdict;
        }
        bytes32 dataHash = keccak256(data);
        bytes32 key = ManifestHashing.stepKey(to, value, dataHash, operation);
        StepRecord memory record = _steps[key];
        if (record.index != 0) {
            verdict.manifestId = _ids[record.index - 1];
            verdict.phase = record.phase;
            verdict.step = record.step;
        }
        (verdict.reason,,) = _evaluate(to, dataHash, value, operation, msgSender, key);
        verdict.allowed = verdict.reason.length == 0;
    }

    /// @inheritdoc IManifestGuard
    function getManifest(bytes32 id) external view returns (ManifestView memory view_) {
        uint256 index = _requireIndex(id);
        Cursor memory cursor = _cursors[index];
        Info storage info = _infos[index];
        view_.status = cursor.status;
        view_.kind = cursor.kind;
        view_.lane = cursor.lane;
        view_.proposer = info.proposer;
        view_.notBefore = info.notBefore;
        view_.expiry = info.expiry;
        view_.approvedAt = info.approvedAt;
        view_.executableFrom = info.executableFrom;
        view_.phaseCompletedAt = cursor.phaseCompletedAt;
        view_.approvals = info.approvals;
        view_.requiredApprovals = _threshold(cursor.lane);
        view_.phaseCount = info.phaseCount;
        view_.currentPhase = cursor.phase;
        view_.nextStep = cursor.step;
        view_.gateOpen = cursor.gateOpen;
        view_.rollback = info.rollback;
        view_.evidence = info.evidence;
        if (info.boundRelease != 0) view_.boundRelease = _ids[info.boundRelease - 1];
    }

    /// @inheritdoc IManifestGuard
    function hasApproved(bytes32 id, address approver) external view returns (bool) {
        return _approvedBy[_requireIndex(id)][approver];
    }

    /// @inheritdoc IManifestGuard
    function manifestCount() external view returns (uint256) {
        return _ids.length;
    }

    /// @inheritdoc IManifestGuard
    function manifestAt(uint256 index) external view returns (bytes32) {
        return _ids[index];
    }

    /// @inheritdoc IManifestGuard
    function liveManifests() external view returns (bytes32[] memory ids) {
        uint32[] storage live = _live;
        ids = new bytes32[](live.length);
        for (uint256 i; i < ids.length; ++i) {
            ids[i] = _ids[live[i] - 1];
        }
    }

    // ================================================================ execution internals

    /// @dev Forwards this call, unchanged, to the registrar's code and returns or reverts with its result.
    function _delegateToRegistrar() private {
        address registrar = REGISTRAR;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, 0, calldatasize())
            let ok := delegatecall(gas(), registrar, ptr, calldatasize(), 0, 0)
            returndatacopy(ptr, 0, returndatasize())
            if iszero(ok) { revert(ptr, returndatasize()) }
            return(ptr, returndatasize())
        }
    }

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

    /// @dev Decides whether the step may execute now. Returns the guard's custom error, ABI-encoded, or nothing, and
    ///      the packed step record and cursor words it read (see `ManifestGuardStorage` for their layout).
    function _evaluate(address to, bytes32 dataHash, uint256 value, uint8 operation, address sender, bytes32 key)
        private
        view
        returns (bytes memory reason, uint256 record, uint256 cursor)
    {
        if (operation != 0 && (operation != 1 || to != _settings.multiSendCallOnly)) {
            return (abi.encodeWithSelector(ManifestGuardDelegateCallForbidden.selector, to), 0, 0);
        }
        if (_load(_accounts[sender]) & ROLE_EXECUTOR == 0) {
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
                    _ids[index - 1],
                    uint8(cursor >> CURSOR_PHASE),
                    uint8(cursor >> CURSOR_STEP),
                    uint8(record >> RECORD_PHASE),
                    uint8(record >> RECORD_STEP)
                ),
                record,
                cursor
            );
        }
        uint64 chainId = uint64(record >> RECORD_CHAIN_ID);
        if (chainId != block.chainid) {
            return (
                abi.encodeWithSelector(ManifestGuardWrongChain.selector, _ids[index - 1], chainId, block.chainid),
                record,
                cursor
            );
        }
        uint64 frozen = _frozenUntil;
        bool isFrozen = frozen > block.timestamp;
        if (isFrozen && uint8(cursor >> CURSOR_KIND) == uint8(ManifestKind.Release)) {
            return
                (abi.encodeWithSelector(ManifestGuardFrozen.selector, frozen, uint64(block.timestamp)), record, cursor);
        }
        uint40 expiry = uint40(record >> RECORD_EXPIRY);
        if (block.timestamp > expiry) {
            return (
                abi.encodeWithSelector(
                    ManifestGuardExpired.selector, _ids[index - 1], uint64(expiry), uint64(block.timestamp)
                ),
                record,
                cursor
            );
        }
        if (uint8(record >> RECORD_FLAGS) & FIRST_IN_PHASE != 0) {
            reason = _phaseEntryReason(index, uint8(record >> RECORD_PHASE), _cursors[index]);
        }
        // The cursor as `_advance` writes it: the sender cached as a checked executor, the freeze flag kept only
        // while the freeze runs.
        cursor &= ~((uint256(type(uint160).max) << CURSOR_EXECUTOR) | (uint256(0xff) << CURSOR_FREEZE_DECLARED));
        cursor |= (uint256(uint160(sender)) << CURSOR_EXECUTOR) | (isFrozen ? 1 << CURSOR_FREEZE_DECLARED : 0);
    }

    function _statusReason(uint256 index, ManifestStatus status) private view returns (bytes memory) {
        if (status == ManifestStatus.Approved) return "";
        bytes32 id = _ids[index - 1];
        if (status == ManifestStatus.Registered) {
            return abi.encodeWithSelector(ManifestGuardNotApproved.selector, id);
        }
        if (status == ManifestStatus.Halted) return abi.encodeWithSelector(ManifestGuardManifestHalted.selector, id);
        if (status == ManifestStatus.Cancelled) {
            return abi.encodeWithSelector(ManifestGuardManifestCancelled.selector, id);
        }
        return abi.encodeWithSelector(ManifestGuardInvalidStatus.selector, id, status);
    }

    /// @dev Rules checked only on the first step of a phase: start time and rollback readiness (first phase), soak
    ///      and attestation (later phases), entry conditions (every phase).
    function _phaseEntryReason(uint256 index, uint256 phase, Cursor memory cursor) private view returns (bytes memory) {
        bytes32 id = _ids[index - 1];
        if (phase == 0) {
            bytes memory startReason = _startReason(index, id, cursor);
            if (startReason.length != 0) return startReason;
        } else {
            uint64 readyAt = uint64(cursor.phaseCompletedAt) + _phases[index][phase - 1].minSoak;
            if (block.timestamp < readyAt) {
                return abi.encodeWithSelector(
                    ManifestGuardSoakNotElapsed.selector, id, phase, readyAt, uint64(block.timestamp)
                );
            }
            if (!cursor.gateOpen) {
                return abi.encodeWithSelector(ManifestGuardPhaseGateClosed.selector, id, phase);
            }
        }
        return _conditionsReason(index, id, phase);
    }

    /// @dev The manifest's first step: its window must have opened (a bound Rollback waives the wait) and a
    ///      Release needs its Rollback approved and unused.
    function _startReason(uint256 index, bytes32 id, Cursor memory cursor) private view returns (bytes memory) {
        bool waived = cursor.kind == ManifestKind.Rollback && _infos[index].boundRelease != 0;
        uint64 executableFrom = _infos[index].executableFrom;
        if (!waived && block.timestamp < executableFrom) {
            return abi.encodeWithSelector(ManifestGuardTooEarly.selector, id, executableFrom, uint64(block.timestamp));
        }
        if (cursor.kind != ManifestKind.Release) return "";
        bytes32 rollbackId = _infos[index].rollback;
        uint256 rollbackIndex = _indexOf[rollbackId];
        if (rollbackIndex == 0) {
            return abi.encodeWithSelector(ManifestGuardRollbackNotReady.selector, id, rollbackId, ManifestStatus.None);
        }
        Cursor memory rollback = _cursors[rollbackIndex];
        if (
            rollback.kind != ManifestKind.Rollback || rollback.status != ManifestStatus.Approved || rollback.phase != 0
                || rollback.step != 0
        ) {
            return abi.encodeWithSelector(ManifestGuardRollbackNotReady.selector, id, rollbackId, rollback.status);
        }
        uint32 bound = _infos[rollbackIndex].boundRelease;
        if (bound != 0 && bound != index) {
            return abi.encodeWithSelector(ManifestGuardRollbackBound.selector, rollbackId, _ids[bound - 1]);
        }
        uint64 rollbackExpiry = _infos[rollbackIndex].expiry;
        uint64 expiry = _infos[index].expiry;
        if (rollbackExpiry < expiry) {
            return
                abi.encodeWithSelector(
                    ManifestGuardRollbackExpiresFirst.selector, id, rollbackId, rollbackExpiry, expiry
                );
        }
        return "";
    }

    function _conditionsReason(uint256 index, bytes32 id, uint256 phase) private view returns (bytes memory) {
        Condition[] storage conditions = _phases[index][phase].conditions;
        for (uint256 i; i < conditions.length; ++i) {
            Condition storage condition = conditions[i];
            (bool ok, bytes memory result) = condition.target.staticcall(condition.data);
            uint256 observed = ok && result.length >= 32 ? abi.decode(result, (uint256)) : type(uint256).max;
            if (!ok || result.length < 32 || observed < condition.min || observed > condition.max) {
                return abi.encodeWithSelector(
                    ManifestGuardEntryConditionFailed.selector, id, phase, i, observed, condition.min, condition.max
                );
            }
        }
        return "";
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

    /// @dev A Release binds its Rollback (which may then run without delay); a bound Rollback halts its Release.
    function _onStart(uint256 index, ManifestKind kind) private {
        if (kind == ManifestKind.Release) {
            bytes32 rollbackId = _infos[index].rollback;
            uint256 rollbackIndex = _indexOf[rollbackId];
            if (_infos[rollbackIndex].boundRelease == 0) {
                _infos[rollbackIndex].boundRelease = uint32(index);
                emit RollbackArmed(_ids[index - 1], rollbackId);
            }
        } else if (kind == ManifestKind.Rollback) {
            uint32 release = _infos[index].boundRelease;
            if (release != 0 && _cursors[release].status == ManifestStatus.Approved) {
                _cursors[release].status = ManifestStatus.Halted;
                _removeLive(release);
                emit ManifestHalted(_ids[release - 1], address(this));
            }
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
        if (!success) revert ManifestGuardInnerCallFailed(_ids[index - 1], phase, uint8(pending >> RECORD_STEP));
        uint8 flags = uint8(pending >> RECORD_FLAGS);
        if (flags & LAST_IN_PHASE == 0) return;
        bytes32 id = _ids[index - 1];
        _runChecks(index, id, phase);
        emit PhaseCompleted(id, phase);
        if (flags & LAST_STEP != 0) emit ManifestCompleted(id);
    }

    function _runChecks(uint256 index, bytes32 id, uint256 phase) private view {
        Check[] storage checks = _phases[index][phase].checks;
        for (uint256 i; i < checks.length; ++i) {
            Check storage check = checks[i];
            bytes32 observed;
            if (check.kind == uint8(CheckKind.CodeHash)) {
                observed = check.target.codehash;
            } else {
                (bool ok, bytes memory result) = check.target.staticcall(check.data);
                // A check whose call reverts fails, whatever it expected (observed is then zero).
                if (!ok) revert ManifestGuardCheckFailed(id, phase, i, check.expected, bytes32(0));
                observed = keccak256(result);
            }
            if (observed != check.expected) {
                revert ManifestGuardCheckFailed(id, phase, i, check.expected, observed);
            }
        }
    }

    // ================================================================ registration and approval internals

    function _approve(bytes32 id, address approver) private {
        uint256 index = _requireIndex(id);
        if (_accounts[approver].roles & ROLE_APPROVER == 0) revert ManifestGuardNotApprover(approver);
        Info storage info = _infos[index];
        if (approver == info.proposer) revert ManifestGuardSelfApproval(id, approver);
        Cursor storage cursor = _cursors[index];
        if (cursor.status != ManifestStatus.Registered) revert ManifestGuardInvalidStatus(id, cursor.status);
        if (info.chainId != block.chainid) revert ManifestGuardWrongChain(id, info.chainId, block.chainid);
        if (_approvedBy[index][approver]) revert ManifestGuardAlreadyApproved(id, approver);
        _approvedBy[index][approver] = true;
        uint16 approvals = _countApprovals(index);
        info.approvals = approvals;
        Lane lane = cursor.lane;
        uint16 required = _threshold(lane);
        emit ManifestApprovalRecorded(id, approver, approvals, required);
        if (approvals < required) return;

        uint64 delay = lane == Lane.Privileged ? _settings.privilegedDelay : _settings.routineDelay;
        uint64 earliest = uint64(block.timestamp) + delay;
        uint64 executableFrom = info.notBefore > earliest ? info.notBefore : earliest;
        // Only routine manifests can take the routine path, so only they need the fan-outs' flags: privileged ones
        // (configuration changes, the guard's removal) stay outside the bounded list and are never refused for room.
        if (lane == Lane.Routine) _addLive(index);
        info.approvedAt = uint64(block.timestamp);
        info.executableFrom = uint40(executableFrom);
        cursor.status = ManifestStatus.Approved;
        emit ManifestApproved(id, executableFrom);
    }

    /// @dev Approvals that count: those of accounts that hold the approver role now (at most `MAX_MEMBERS` reads), so
    ///      an approver removed by a configuration change no longer counts.
    function _countApprovals(uint256 index) private view returns (uint16 count) {
        address[] storage approvers = _approvers;
        mapping(address => bool) storage approvedBy = _approvedBy[index];
        for (uint256 i; i < approvers.length; ++i) {
            if (approvedBy[approvers[i]]) ++count;
        }
    }
}
