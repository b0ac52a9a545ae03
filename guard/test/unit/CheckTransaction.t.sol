// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardErrors as E} from "../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardEvents as Ev} from "../../src/interfaces/IManifestGuardEvents.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {ISafeTransactionGuard} from "../../src/interfaces/ISafeTransactionGuard.sol";
import {ISafe} from "../utils/ISafe.sol";
import {SafeDeployer} from "../utils/SafeDeployer.sol";
import {SingletonRewriter, Target} from "../utils/Targets.sol";
import {UnitTestBase} from "./UnitTestBase.sol";

/// @notice Tries to execute a second Safe transaction from inside the one that is running (a step that calls back
///         into `execTransaction`), and keeps the revert data it got.
contract Reenterer {
    ISafe internal immutable SAFE;
    address internal to;
    bytes internal data;
    bytes internal signatures;
    bytes public reason;
    bool public attempted;

    constructor(ISafe safe) {
        SAFE = safe;
    }

    function arm(address to_, bytes calldata data_, bytes calldata signatures_) external {
        to = to_;
        data = data_;
        signatures = signatures_;
    }

    function reenter() external {
        attempted = true;
        try SAFE.execTransaction(to, 0, data, 0, 0, 0, 0, address(0), payable(address(0)), signatures) {}
        catch (bytes memory revertData) {
            reason = revertData;
        }
    }
}

/// @notice `checkTransaction`: every rule that rejects a Safe transaction, with its exact error and values.
abstract contract CheckTransactionTest is UnitTestBase {
    // ------------------------------------------------------------ the step that was approved passes

    function test_checkTransaction_AllowsNextStepOfApprovedManifest() public {
        T.Step memory step = _setStep(42);
        bytes32 id = _ready(_release("OPS-1", step));
        uint256 nonce = safe.nonce();
        assertTrue(_exec(step));
        assertEq(target.value(), 42);
        assertEq(safe.nonce(), nonce + 1);
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Completed));
    }

    function test_checkTransaction_EmitsStepExecuted() public {
        T.Step memory first = _setStep(1);
        T.Step memory second = _setStep(2);
        T.Step memory third = _setStep(3);
        bytes32 id = _ready(_twoPhases(_release("OPS-1", _phase(first, second)), _phase(third)));
        uint256 index = guard.manifestCount();
        assertEq(guard.manifestAt(index - 1), id);
        assertTrue(_exec(first));
        bytes memory signatures = _signStep(second);
        vm.expectEmit(address(guard));
        emit Ev.StepExecuted(index << 16 | 1); // phase 0, step 1 (the routine path)
        vm.expectEmit(address(guard));
        emit Ev.PhaseCompleted(id, 0);
        assertTrue(_execSigned(second, signatures));
        vm.prank(approver1);
        guard.attestContinue(id, 1, bytes32(0));
        signatures = _signStep(third);
        vm.expectEmit(address(guard));
        emit Ev.StepExecuted(index << 16 | 1 << 8); // phase 1, step 0
        assertTrue(_execSigned(third, signatures));
    }

    // ------------------------------------------------------------ manifest drift: what executes is not what was approved

    function test_checkTransaction_RevertWhen_PayloadEditedAfterApproval() public {
        _ready(_release("OPS-1", _setStep(42)));
        T.Step memory edited = _setStep(43);
        _expectExecRevert(edited, _errNoMatch(edited));
        assertEq(target.value(), 0);
    }

    function test_checkTransaction_RevertWhen_TargetSubstituted() public {
        T.Step memory approved = _setStep(42);
        _ready(_release("OPS-1", approved));
        Target substitute = new Target(address(safe));
        T.Step memory substituted = _step(address(substitute), approved.data);
        _expectExecRevert(substituted, _errNoMatch(substituted));
        assertEq(substitute.value(), 0);
    }

    function test_checkTransaction_RevertWhen_ValueChanged() public {
        T.Step memory approved = _setStep(42);
        approved.value = 1 ether;
        _ready(_release("OPS-1", approved));
        T.Step memory more = _setStep(42);
        more.value = 2 ether;
        _expectExecRevert(more, _errNoMatch(more));
        T.Step memory none = _setStep(42);
        _expectExecRevert(none, _errNoMatch(none));
        assertEq(address(target).balance, 0);
    }

    function test_checkTransaction_RevertWhen_OperationFlippedToDelegateCall() public {
        T.Step memory approved = _setStep(42);
        _ready(_release("OPS-1", approved));
        T.Step memory flipped = approved;
        flipped.operation = DELEGATECALL;
        _expectExecRevert(
            flipped, abi.encodeWithSelector(E.ManifestGuardDelegateCallForbidden.selector, address(target))
        );
    }

    /// @dev The February 2025 Safe{Wallet} payload: signers approved a delegatecall that rewrote the Safe's
    ///      singleton (storage slot 0). With the guard it reverts and slot 0 keeps the real singleton.
    function test_checkTransaction_RevertWhen_DelegateCallRewritesSingleton() public {
        SingletonRewriter rewriter = new SingletonRewriter();
        address attacker = makeAddr("attacker-singleton");
        T.Step memory payload = T.Step({
            to: address(rewriter),
            value: 0,
            operation: DELEGATECALL,
            data: abi.encodeCall(SingletonRewriter.rewrite, (attacker))
        });
        address singleton = _singletonOf(safe);
        assertEq(singleton, deployment.singleton);

        _expectExecRevert(
            payload, abi.encodeWithSelector(E.ManifestGuardDelegateCallForbidden.selector, address(rewriter))
        );
        assertEq(_singletonOf(safe), singleton, "singleton slot rewritten");

        // Control: the same payload, signed by the same owners, does rewrite an unguarded Safe's slot 0.
        ISafe guarded = safe;
        address[] memory ownerList = new address[](3);
        for (uint256 i; i < 3; ++i) {
            ownerList[i] = owners[i];
        }
        safe = SafeDeployer.createSafe(deployment, ownerList, 2, 1);
        assertTrue(_exec(payload));
        assertEq(_singletonOf(safe), attacker);
        safe = guarded;
    }

    function test_checkTransaction_RevertWhen_DelegateCallToFullMultiSend() public {
        T.Step[] memory calls = new T.Step[](1);
        calls[0] = _setStep(1);
        T.Step memory batch = _multiSend(calls);
        batch.to = deployment.multiSend;
        _expectExecRevert(
            batch, abi.encodeWithSelector(E.ManifestGuardDelegateCallForbidden.selector, deployment.multiSend)
        );
    }

    // ------------------------------------------------------------ no manifest, wrong order, wrong status

    function test_checkTransaction_RevertWhen_NoManifestHoldsStep() public {
        T.Step memory step = _setStep(7);
        _expectExecRevert(step, _errNoMatch(step));
    }

    function test_checkTransaction_RevertWhen_GuardRemovalNotInManifest() public {
        T.Step memory removal = _safeStep(abi.encodeCall(ISafe.setGuard, (address(0))));
        _expectExecRevert(removal, _errNoMatch(removal));
        assertEq(_guardOf(safe), address(guard));
    }

    function test_checkTransaction_RevertWhen_StepOutOfOrder() public {
        T.Step memory first = _setStep(1);
        T.Step memory second = _setStep(2);
        bytes32 id = _ready(_release("OPS-1", _phase(first, second)));
        _expectExecRevert(
            second,
            abi.encodeWithSelector(
                E.ManifestGuardStepOutOfOrder.selector, id, uint256(0), uint256(0), uint256(0), uint256(1)
            )
        );
        assertTrue(_exec(first));
        assertTrue(_exec(second));
        assertEq(target.value(), 2);
    }

    function test_checkTransaction_RevertWhen_PhaseOutOfOrder() public {
        T.Step memory first = _setStep(1);
        T.Step memory later = _setStep(2);
        T.Manifest memory m = _twoPhases(_release("OPS-1", first), _phase(later));
        bytes32 id = _ready(m);
        _expectExecRevert(
            later,
            abi.encodeWithSelector(
                E.ManifestGuardStepOutOfOrder.selector, id, uint256(0), uint256(0), uint256(1), uint256(0)
            )
        );
    }

    function test_checkTransaction_RevertWhen_NotApproved() public {
        T.Step memory step = _setStep(42);
        T.Manifest memory m = _release("OPS-1", step);
        m.rollback = _readyRollback("OPS-1-rollback", _setStep(0));
        bytes32 id = _register(m);
        _approve(id, 1); // one of the two routine approvals
        vm.warp(block.timestamp + 10 days);
        _expectExecRevert(step, abi.encodeWithSelector(E.ManifestGuardNotApproved.selector, id));
    }

    function test_checkTransaction_RevertWhen_ManifestHalted() public {
        T.Step memory step = _setStep(42);
        bytes32 id = _ready(_release("OPS-1", step));
        vm.prank(guardian);
        guard.halt(id);
        _expectExecRevert(step, abi.encodeWithSelector(E.ManifestGuardManifestHalted.selector, id));
    }

    function test_checkTransaction_RevertWhen_ManifestCancelled() public {
        T.Step memory step = _setStep(42);
        T.Manifest memory m = _release("OPS-1", step);
        m.rollback = _readyRollback("OPS-1-rollback", _setStep(0));
        bytes32 id = _register(m);
        vm.prank(proposer);
        guard.cancel(id);
        _expectExecRevert(step, abi.encodeWithSelector(E.ManifestGuardManifestCancelled.selector, id));
    }

    function test_checkTransaction_RevertWhen_StepExecutedTwice() public {
        T.Step memory step = _setStep(42);
        _ready(_release("OPS-1", step));
        assertTrue(_exec(step));
        // The step record is consumed: a replay matches nothing.
        _expectExecRevert(step, _errNoMatch(step));
    }

    // ------------------------------------------------------------ timing

    function test_checkTransaction_RevertWhen_TooEarly() public {
        T.Step memory step = _setStep(42);
        T.Manifest memory m = _release("OPS-1", step);
        m.rollback = _readyRollback("OPS-1-rollback", _setStep(0));
        bytes32 id = _registerApproved(m);
        uint64 executableFrom = uint64(block.timestamp) + 1 hours;
        assertEq(guard.getManifest(id).executableFrom, executableFrom);
        _expectExecRevert(
            step, abi.encodeWithSelector(E.ManifestGuardTooEarly.selector, id, executableFrom, uint64(block.timestamp))
        );
        vm.warp(executableFrom - 1);
        _expectExecRevert(
            step, abi.encodeWithSelector(E.ManifestGuardTooEarly.selector, id, executableFrom, executableFrom - 1)
        );
        vm.warp(executableFrom);
        assertTrue(_exec(step));
    }

    function test_checkTransaction_RevertWhen_TooEarly_NotBeforeLaterThanDelay() public {
        T.Step memory step = _setStep(42);
        T.Manifest memory m = _release("OPS-1", step);
        m.notBefore = uint64(block.timestamp) + 5 days;
        m.rollback = _readyRollback("OPS-1-rollback", _setStep(0));
        bytes32 id = _registerApproved(m);
        assertEq(guard.getManifest(id).executableFrom, m.notBefore);
        vm.warp(block.timestamp + 1 days);
        _expectExecRevert(
            step, abi.encodeWithSelector(E.ManifestGuardTooEarly.selector, id, m.notBefore, uint64(block.timestamp))
        );
        vm.warp(m.notBefore);
        assertTrue(_exec(step));
    }

    function test_checkTransaction_RevertWhen_ManifestExpired() public {
        T.Step memory step = _setStep(42);
        T.Manifest memory m = _release("OPS-1", step);
        bytes32 id = _ready(m);
        vm.warp(m.expiry + 1);
        _expectExecRevert(step, abi.encodeWithSelector(E.ManifestGuardExpired.selector, id, m.expiry, m.expiry + 1));
    }

    function test_checkTransaction_AllowsStepAtExpiry() public {
        T.Step memory step = _setStep(42);
        T.Manifest memory m = _release("OPS-1", step);
        _ready(m);
        vm.warp(m.expiry);
        assertTrue(_exec(step));
    }

    // ------------------------------------------------------------ executor and refunds

    function test_checkTransaction_RevertWhen_SenderNotExecutor() public {
        T.Step memory step = _setStep(42);
        _ready(_release("OPS-1", step));
        address[5] memory senders = [owners[0], proposer, approver1, guardian, stranger];
        for (uint256 i; i < senders.length; ++i) {
            _expectExecRevertAs(
                senders[i], step, abi.encodeWithSelector(E.ManifestGuardNotExecutor.selector, senders[i])
            );
        }
        assertTrue(_exec(step));
    }

    function test_checkTransaction_RevertWhen_RefundGasPrice() public {
        T.Step memory step = _setStep(42);
        _ready(_release("OPS-1", step));
        uint256 balance = address(safe).balance;
        _expectExecFullRevert(
            executor,
            step.to,
            0,
            step.data,
            CALL,
            0,
            1 gwei,
            address(0),
            address(0),
            abi.encodeWithSelector(E.ManifestGuardRefundForbidden.selector, 1 gwei, address(0), address(0))
        );
        assertEq(address(safe).balance, balance);
    }

    function test_checkTransaction_RevertWhen_RefundGasToken() public {
        T.Step memory step = _setStep(42);
        _ready(_release("OPS-1", step));
        address token = makeAddr("gas-token");
        _expectExecFullRevert(
            executor,
            step.to,
            0,
            step.data,
            CALL,
            0,
            0,
            token,
            address(0),
            abi.encodeWithSelector(E.ManifestGuardRefundForbidden.selector, 0, token, address(0))
        );
    }

    function test_checkTransaction_RevertWhen_RefundReceiver() public {
        T.Step memory step = _setStep(42);
        _ready(_release("OPS-1", step));
        _expectExecFullRevert(
            executor,
            step.to,
            0,
            step.data,
            CALL,
            0,
            0,
            address(0),
            stranger,
            abi.encodeWithSelector(E.ManifestGuardRefundForbidden.selector, 0, address(0), stranger)
        );
    }

    // ------------------------------------------------------------ callers and reentrancy

    function test_checkTransaction_RevertWhen_CallerNotSafe() public {
        T.Step memory step = _setStep(42);
        _ready(_release("OPS-1", step));
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardCallerNotSafe.selector, stranger, address(safe)));
        vm.prank(stranger);
        ISafeTransactionGuard(address(guard))
            .checkTransaction(step.to, 0, step.data, CALL, 0, 0, 0, address(0), payable(address(0)), "", executor);
        // Nothing was consumed: the Safe still executes the step.
        assertTrue(_exec(step));
    }

    /// @dev The caller is checked before anything else, so a stranger learns nothing about the other rules.
    function test_checkTransaction_RevertWhen_CallerNotSafeEvenWithRefund() public {
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardCallerNotSafe.selector, stranger, address(safe)));
        vm.prank(stranger);
        ISafeTransactionGuard(address(guard))
            .checkTransaction(address(target), 0, "", CALL, 0, 0, 1 gwei, address(0), payable(address(0)), "", executor);
    }

    function test_checkTransaction_RevertWhen_Reentrant() public {
        Reenterer reenterer = new Reenterer(safe);
        T.Step memory outer = _step(address(reenterer), abi.encodeCall(Reenterer.reenter, ()));
        T.Step memory inner = _setStep(7);
        _readyWith(_release("OPS-outer", outer), 1000);
        _readyWith(_release("OPS-inner", inner), 1001);
        // The inner transaction is an approved next step, signed by the owners for the nonce it would run at.
        reenterer.arm(inner.to, inner.data, _signAt(inner.to, 0, inner.data, CALL, safe.nonce() + 1));

        assertTrue(_exec(outer));
        assertTrue(reenterer.attempted());
        assertEq(reenterer.reason(), abi.encodeWithSelector(E.ManifestGuardReentrantExecution.selector));
        assertEq(target.value(), 0);
        // The nested attempt consumed nothing: the inner step still runs on its own.
        assertTrue(_exec(inner));
        assertEq(target.value(), 7);
    }
}

contract CheckTransactionTest_v130 is CheckTransactionTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_3_0;
    }
}

contract CheckTransactionTest_v141 is CheckTransactionTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_4_1;
    }
}

contract CheckTransactionTest_v150 is CheckTransactionTest {}
