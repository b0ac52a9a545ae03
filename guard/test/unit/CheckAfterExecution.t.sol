// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardErrors as E} from "../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardEvents as Ev} from "../../src/interfaces/IManifestGuardEvents.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {ISafeTransactionGuard} from "../../src/interfaces/ISafeTransactionGuard.sol";
import {SafeDeployer} from "../utils/SafeDeployer.sol";
import {Target} from "../utils/Targets.sol";
import {UnitTestBase} from "./UnitTestBase.sol";

/// @notice Answers every call with its own call data: a check's expected hash is then the hash of the data it sends.
contract CallDataEcho {
    fallback(bytes calldata input) external returns (bytes memory) {
        return input;
    }
}

/// @notice `checkAfterExecution`: the inner call must succeed and a phase's checks must hold, or the whole Safe
///         transaction reverts and no state lands.
abstract contract CheckAfterExecutionTest is UnitTestBase {
    function test_checkAfterExecution_RevertWhen_InnerCallFailed() public {
        T.Step memory step = _step(address(target), abi.encodeCall(Target.fail, (7)));
        bytes32 id = _ready(_release("OPS-1", step));
        // With safeTxGas > 0 the Safe itself would not revert on a failed inner call (it only emits
        // ExecutionFailure and bumps the nonce): the guard turns that into a revert of the whole transaction.
        _expectExecFullRevert(
            executor,
            step.to,
            0,
            step.data,
            CALL,
            100_000,
            0,
            address(0),
            address(0),
            abi.encodeWithSelector(E.ManifestGuardInnerCallFailed.selector, id, uint256(0), uint256(0))
        );
        T.ManifestView memory view_ = guard.getManifest(id);
        assertEq(uint8(view_.status), uint8(T.ManifestStatus.Approved));
        assertEq(view_.nextStep, 0);
        assertEq(guard.getManifest(view_.rollback).boundRelease, bytes32(0), "rollback armed by a reverted step");
    }

    function test_execTransaction_RevertWhen_InnerCallFailsWithoutSafeTxGas() public {
        T.Step memory step = _step(address(target), abi.encodeCall(Target.fail, (7)));
        _ready(_release("OPS-1", step));
        // Without safeTxGas the Safe reverts by itself before the guard's post-check: 1.3.0 and 1.4.1 with GS013,
        // 1.5.0 with the inner call's own revert data.
        bytes memory reason = safeVersion() == SafeDeployer.Version.V1_5_0
            ? abi.encodeWithSelector(Target.TargetFailure.selector, uint256(7))
            : abi.encodeWithSignature("Error(string)", "GS013");
        _expectExecRevert(step, reason);
    }

    /// @dev Checks keep call data of up to 10 bytes in their first slot and longer data apart: each length on both
    ///      sides of that bound reaches its target unchanged, in both a passing and (one byte off) a failing check.
    function testFuzz_checkAfterExecution_CallDataReachesTarget(bytes calldata data, uint8 cut, bool corrupt) public {
        CallDataEcho echo = new CallDataEcho();
        uint256[6] memory lengths = [uint256(0), 4, 9, 10, 11, 36];
        bytes memory sent = data[:data.length < lengths[cut % 6] ? data.length : lengths[cut % 6]];
        T.Step memory step = _setStep(5);
        T.Phase memory phase = _phase(step);
        phase.checks = new T.Check[](2);
        phase.checks[0] = _valueCheck(5);
        bytes32 expected = keccak256(sent);
        if (corrupt) expected = keccak256(abi.encodePacked(sent, bytes1(0)));
        phase.checks[1] = T.Check({
            kind: uint8(T.CheckKind.ResultHash),
            target: address(echo),
            data: sent,
            expected: expected,
            response: uint8(T.StopResponse.Observe)
        });
        bytes32 id = _ready(_release("OPS-echo", phase));
        if (corrupt) {
            _expectExecRevert(
                step,
                abi.encodeWithSelector(
                    E.ManifestGuardCheckFailed.selector, id, uint256(0), uint256(1), expected, keccak256(sent)
                )
            );
        } else {
            assertTrue(_exec(step));
            assertEq(uint8(guard.getManifest(id).status), uint8(T.ManifestStatus.Completed));
        }
    }

    function test_checkAfterExecution_RevertWhen_CheckFailed() public {
        T.Step memory step = _setStep(41);
        T.Phase memory phase = _phase(step);
        phase.checks = new T.Check[](1);
        phase.checks[0] = _valueCheck(42);
        bytes32 id = _ready(_release("OPS-1", phase));

        _expectExecRevert(
            step,
            abi.encodeWithSelector(
                E.ManifestGuardCheckFailed.selector,
                id,
                uint256(0),
                uint256(0),
                keccak256(abi.encode(uint256(42))),
                keccak256(abi.encode(uint256(41)))
            )
        );
        // The bad state never landed, and the manifest did not move.
        assertEq(target.value(), 0);
        T.ManifestView memory view_ = guard.getManifest(id);
        assertEq(uint8(view_.status), uint8(T.ManifestStatus.Approved));
        assertEq(view_.currentPhase, 0);
        assertEq(view_.nextStep, 0);
        assertEq(view_.phaseCompletedAt, 0);
    }

    function test_checkAfterExecution_RevertWhen_CodeHashCheckFailed() public {
        T.Step memory step = _setStep(42);
        T.Phase memory phase = _phase(step);
        phase.checks = new T.Check[](1);
        phase.checks[0] = T.Check({
            kind: uint8(T.CheckKind.CodeHash),
            target: address(target),
            data: "",
            expected: keccak256("another implementation"),
            response: uint8(T.StopResponse.Contain)
        });
        bytes32 id = _ready(_release("OPS-1", phase));
        _expectExecRevert(
            step,
            abi.encodeWithSelector(
                E.ManifestGuardCheckFailed.selector,
                id,
                uint256(0),
                uint256(0),
                keccak256("another implementation"),
                address(target).codehash
            )
        );
    }

    function test_checkAfterExecution_RevertWhen_CheckCallReverts() public {
        T.Step memory step = _setStep(42);
        T.Phase memory phase = _phase(step);
        phase.checks = new T.Check[](1);
        // A check whose staticcall reverts observes zero.
        phase.checks[0] = _resultCheck(address(target), abi.encodeCall(Target.fail, (1)), keccak256("anything"));
        bytes32 id = _ready(_release("OPS-1", phase));
        _expectExecRevert(
            step,
            abi.encodeWithSelector(
                E.ManifestGuardCheckFailed.selector, id, uint256(0), uint256(0), keccak256("anything"), bytes32(0)
            )
        );
    }

    /// @dev A reverting check fails even when it "expects" zero, the value a failed call would otherwise observe.
    function test_checkAfterExecution_RevertWhen_CheckCallRevertsAndExpectsZero() public {
        T.Step memory step = _setStep(42);
        T.Phase memory phase = _phase(step);
        phase.checks = new T.Check[](1);
        phase.checks[0] = _resultCheck(address(target), abi.encodeCall(Target.fail, (1)), bytes32(0));
        bytes32 id = _ready(_release("OPS-1", phase));
        _expectExecRevert(
            step,
            abi.encodeWithSelector(
                E.ManifestGuardCheckFailed.selector, id, uint256(0), uint256(0), bytes32(0), bytes32(0)
            )
        );
        assertEq(target.value(), 0);
    }

    function test_checkAfterExecution_RevertWhen_SecondCheckFailed() public {
        T.Step memory step = _setStep(42);
        T.Phase memory phase = _phase(step);
        phase.checks = new T.Check[](2);
        phase.checks[0] = _valueCheck(42);
        phase.checks[1] =
            _resultCheck(address(target), abi.encodeCall(target.owner, ()), keccak256(abi.encode(stranger)));
        bytes32 id = _ready(_release("OPS-1", phase));
        _expectExecRevert(
            step,
            abi.encodeWithSelector(
                E.ManifestGuardCheckFailed.selector,
                id,
                uint256(0),
                uint256(1),
                keccak256(abi.encode(stranger)),
                keccak256(abi.encode(address(safe)))
            )
        );
    }

    function test_checkAfterExecution_RunsChecksWhenPhaseCompletes() public {
        T.Step memory first = _setStep(1);
        T.Step memory second = _setStep(2);
        T.Phase memory phase = _phase(first, second);
        phase.checks = new T.Check[](2);
        // Only the phase's final state is checked: after `first` the value is 1 and the check is not run.
        phase.checks[0] = _valueCheck(2);
        phase.checks[1] = T.Check({
            kind: uint8(T.CheckKind.CodeHash),
            target: address(target),
            data: "",
            expected: address(target).codehash,
            response: uint8(T.StopResponse.Observe)
        });
        bytes32 id = _ready(_release("OPS-1", phase));
        assertTrue(_exec(first));
        bytes memory signatures = _signStep(second);
        vm.expectEmit(address(guard));
        emit Ev.PhaseCompleted(id, 0);
        vm.expectEmit(address(guard));
        emit Ev.ManifestCompleted(id);
        assertTrue(_execSigned(second, signatures));
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Completed));
    }

    function test_checkAfterExecution_RevertWhen_NoPendingStep() public {
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNoPendingStep.selector));
        vm.prank(address(safe));
        ISafeTransactionGuard(address(guard)).checkAfterExecution(bytes32(0), true);
    }

    function test_checkAfterExecution_RevertWhen_CallerNotSafe() public {
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardCallerNotSafe.selector, stranger, address(safe)));
        vm.prank(stranger);
        ISafeTransactionGuard(address(guard)).checkAfterExecution(bytes32(0), true);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardCallerNotSafe.selector, executor, address(safe)));
        vm.prank(executor);
        ISafeTransactionGuard(address(guard)).checkAfterExecution(bytes32(0), false);
    }
}

contract CheckAfterExecutionTest_v130 is CheckAfterExecutionTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_3_0;
    }
}

contract CheckAfterExecutionTest_v141 is CheckAfterExecutionTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_4_1;
    }
}

contract CheckAfterExecutionTest_v150 is CheckAfterExecutionTest {}
