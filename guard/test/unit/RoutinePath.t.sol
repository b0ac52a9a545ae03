// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ManifestGuard} from "../../src/ManifestGuard.sol";
import {IManifestGuardErrors as E} from "../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardEvents as Ev} from "../../src/interfaces/IManifestGuardEvents.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {SafeDeployer} from "../utils/SafeDeployer.sol";
import {Target} from "../utils/Targets.sol";
import {UnitTestBase} from "./UnitTestBase.sol";

/// @notice The routine path's shortcuts keep every rule: the executor cached in a manifest's cursor is forgotten on
///         any configuration change, a freeze reaches manifests mid-phase and those approved during it, a lifted
///         freeze lets them run again, and the live list that the fan-outs walk is bounded and kept exact.
abstract contract RoutinePathTest is UnitTestBase {
    address internal executor2 = makeAddr("executor2");

    function _threeSteps(string memory ticket) internal returns (bytes32 id, T.Step[] memory steps) {
        steps = _steps(_setStep(11), _setStep(12), _setStep(13));
        id = _ready(_release(ticket, _phaseOf(steps)));
    }

    function _withExecutors(address a, address b) internal view returns (T.GuardConfig memory config) {
        config = defaultConfig();
        config.executors = new address[](b == address(0) ? 1 : 2);
        config.executors[0] = a;
        if (b != address(0)) config.executors[1] = b;
    }

    // ------------------------------------------------------------ what the routine path does

    function test_routine_MovesCursorConsumesStepAndEmits() public {
        (bytes32 id, T.Step[] memory steps) = _threeSteps("OPS-1");
        uint256 index = guard.manifestCount();
        assertTrue(_exec(steps[0]));
        bytes memory signatures = _signStep(steps[1]);
        vm.expectEmit(address(guard));
        emit Ev.StepExecuted(index << 16 | 1);
        assertTrue(_execSigned(steps[1], signatures));
        assertEq(guard.getManifest(id).nextStep, 2);
        assertEq(target.value(), 12);
        // Consumed: the same step cannot run again.
        _expectExecRevert(steps[1], _errNoMatch(steps[1]));
        assertTrue(_exec(steps[2]));
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Completed));
    }

    function test_routine_RevertWhen_InnerCallFails() public {
        T.Step[] memory steps =
            _steps(_setStep(1), _step(address(target), abi.encodeCall(Target.fail, (7))), _setStep(3));
        bytes32 id = _ready(_release("OPS-1", _phaseOf(steps)));
        assertTrue(_exec(steps[0]));
        // safeTxGas > 0: the Safe would not revert on its own; the guard's post-execution half does.
        _expectExecFullRevert(
            executor,
            steps[1].to,
            0,
            steps[1].data,
            CALL,
            100_000,
            0,
            address(0),
            address(0),
            abi.encodeWithSelector(E.ManifestGuardInnerCallFailed.selector, id, uint256(0), uint256(1))
        );
        assertEq(guard.getManifest(id).nextStep, 1);
    }

    // ------------------------------------------------------------ the cached executor

    function test_routine_RevertWhen_CachedExecutorLostItsRole() public {
        (, T.Step[] memory steps) = _threeSteps("OPS-1");
        assertTrue(_exec(steps[0])); // caches `executor` in the cursor
        _configureAsSafe(_withExecutors(executor2, address(0)));
        _expectExecRevert(steps[1], abi.encodeWithSelector(E.ManifestGuardNotExecutor.selector, executor));
        assertTrue(_execAs(executor2, steps[1].to, 0, steps[1].data, CALL));
        assertEq(target.value(), 12);
    }

    function test_routine_AnotherExecutorMayContinueMidPhase() public {
        _configureAsSafe(_withExecutors(executor, executor2));
        (bytes32 id, T.Step[] memory steps) = _threeSteps("OPS-1");
        assertTrue(_exec(steps[0]));
        assertTrue(_execAs(executor2, steps[1].to, 0, steps[1].data, CALL));
        assertTrue(_exec(steps[2]));
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Completed));
    }

    function test_routine_RevertWhen_StrangerFollowsCachedExecutor() public {
        (, T.Step[] memory steps) = _threeSteps("OPS-1");
        assertTrue(_exec(steps[0]));
        _expectExecRevertAs(stranger, steps[1], abi.encodeWithSelector(E.ManifestGuardNotExecutor.selector, stranger));
    }

    // ------------------------------------------------------------ steps the fast path also takes

    /// @dev A phase of three, then a second phase: `steps[2]` completes phase 0 on the fast path.
    function _phaseThenNext(string memory ticket, T.Check[] memory checks)
        internal
        returns (bytes32 id, T.Step[] memory steps)
    {
        steps = _steps(_setStep(31), _setStep(32), _setStep(33));
        T.Phase memory first = _phaseOf(steps);
        first.checks = checks;
        id = _ready(_twoPhases(_release(ticket, first), _phase(_setStep(34))));
    }

    function test_routine_PhaseCompletingStepRevertWhen_CheckFails() public {
        T.Check[] memory checks = new T.Check[](1);
        checks[0] = _valueCheck(99);
        (bytes32 id, T.Step[] memory steps) = _phaseThenNext("OPS-CHECK", checks);
        assertTrue(_exec(steps[0]));
        assertTrue(_exec(steps[1]));
        _expectExecRevert(
            steps[2],
            abi.encodeWithSelector(
                E.ManifestGuardCheckFailed.selector,
                id,
                uint256(0),
                uint256(0),
                keccak256(abi.encode(uint256(99))),
                keccak256(abi.encode(uint256(33)))
            )
        );
        T.ManifestView memory view_ = guard.getManifest(id);
        assertEq(view_.currentPhase, 0);
        assertEq(view_.nextStep, 2);
    }

    function test_routine_PhaseCompletingStepClosesTheNextGate() public {
        T.Check[] memory checks = new T.Check[](1);
        checks[0] = _valueCheck(33);
        (bytes32 id, T.Step[] memory steps) = _phaseThenNext("OPS-GATE", checks);
        assertTrue(_exec(steps[0]));
        assertTrue(_exec(steps[1]));
        bytes memory signatures = _signStep(steps[2]);
        vm.expectEmit(address(guard));
        emit Ev.PhaseCompleted(id, 0);
        assertTrue(_execSigned(steps[2], signatures));
        T.ManifestView memory view_ = guard.getManifest(id);
        assertEq(view_.currentPhase, 1);
        assertEq(view_.nextStep, 0);
        assertFalse(view_.gateOpen);
        assertEq(view_.phaseCompletedAt, block.timestamp);
        _expectExecRevert(_setStep(34), abi.encodeWithSelector(E.ManifestGuardPhaseGateClosed.selector, id, uint256(1)));
    }

    function test_routine_PhaseCompletingStepRevertWhen_Frozen() public {
        (, T.Step[] memory steps) = _phaseThenNext("OPS-FROZEN", new T.Check[](0));
        assertTrue(_exec(steps[0]));
        assertTrue(_exec(steps[1]));
        vm.prank(guardian);
        guard.freeze(1 days);
        _expectExecRevert(
            steps[2],
            abi.encodeWithSelector(E.ManifestGuardFrozen.selector, uint64(block.timestamp + 1 days), block.timestamp)
        );
    }

    function test_routine_PhaseCompletingStepRevertWhen_StrangerSends() public {
        (, T.Step[] memory steps) = _phaseThenNext("OPS-STRANGER", new T.Check[](0));
        assertTrue(_exec(steps[0]));
        assertTrue(_exec(steps[1]));
        _expectExecRevertAs(stranger, steps[2], abi.encodeWithSelector(E.ManifestGuardNotExecutor.selector, stranger));
    }

    /// @dev A batch step registered against one MultiSendCallOnly must not run once the configuration names another,
    ///      even mid-phase with the executor cached.
    function test_routine_BatchStepRevertWhen_MultiSendChanged() public {
        T.Step[] memory calls = new T.Step[](1);
        calls[0] = _setStep(42);
        T.Step[] memory steps = _steps(_setStep(41), _multiSend(calls), _setStep(43));
        _ready(_release("OPS-BATCH", _phaseOf(steps)));
        assertTrue(_exec(steps[0]));
        T.GuardConfig memory config = defaultConfig();
        config.multiSendCallOnly = deployment.multiSend;
        _configureAsSafe(config);
        _expectExecRevert(steps[1], abi.encodeWithSelector(E.ManifestGuardDelegateCallForbidden.selector, steps[1].to));
    }

    function test_routine_BatchStepRunsMidPhase() public {
        T.Step[] memory calls = new T.Step[](2);
        (calls[0], calls[1]) = (_setStep(51), _setStep(52));
        T.Step[] memory steps = _steps(_setStep(50), _multiSend(calls), _setStep(53));
        bytes32 id = _ready(_release("OPS-BATCH2", _phaseOf(steps)));
        assertTrue(_exec(steps[0]));
        assertTrue(_exec(steps[1]));
        assertEq(target.value(), 52);
        assertEq(guard.getManifest(id).nextStep, 2);
        _expectExecRevert(steps[1], _errNoMatch(steps[1]));
    }

    // ------------------------------------------------------------ freezes reach the cursor

    function test_routine_RevertWhen_FrozenMidPhase() public {
        (, T.Step[] memory steps) = _threeSteps("OPS-1");
        _expectFrozenMidPhase(steps);
    }

    /// @dev Runs the first step (caching `executor` in the cursor), freezes, and expects the second to meet it.
    function _expectFrozenMidPhase(T.Step[] memory steps) internal {
        assertTrue(_exec(steps[0]));
        vm.prank(guardian);
        guard.freeze(1 days);
        _expectExecRevert(
            steps[1],
            abi.encodeWithSelector(E.ManifestGuardFrozen.selector, uint64(block.timestamp + 1 days), block.timestamp)
        );
    }

    function test_routine_RevertWhen_ApprovedDuringFreeze() public {
        vm.prank(guardian);
        guard.freeze(3 days);
        uint64 until = guard.frozenUntil();
        (, T.Step[] memory steps) = _threeSteps("OPS-1");
        _expectExecRevert(steps[0], abi.encodeWithSelector(E.ManifestGuardFrozen.selector, until, block.timestamp));
        vm.warp(until);
        assertTrue(_exec(steps[0]));
        assertTrue(_exec(steps[1]));
    }

    function test_routine_RunsAgainOnceFreezeLifted() public {
        (bytes32 id, T.Step[] memory steps) = _threeSteps("OPS-1");
        assertTrue(_exec(steps[0]));
        vm.prank(guardian);
        guard.freeze(1 days);
        vm.prank(approver1);
        guard.liftFreeze();
        vm.prank(approver2);
        guard.liftFreeze();
        assertTrue(_exec(steps[1]));
        assertTrue(_exec(steps[2]));
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Completed));
    }

    // ------------------------------------------------------------ privileged manifests always take the full check

    function _privilegedThreeSteps(string memory ticket) internal returns (bytes32 id, T.Step[] memory steps) {
        steps = _steps(
            _step(address(target), abi.encodeCall(Target.transferOwnership, (address(0xA1)))),
            _step(address(target), abi.encodeCall(Target.transferOwnership, (address(0xA2)))),
            _step(address(target), abi.encodeCall(Target.transferOwnership, (address(0xA3))))
        );
        id = _ready(_release(ticket, _phaseOf(steps)));
        assertEq(uint8(guard.getManifest(id).lane), uint8(T.Lane.Privileged));
    }

    /// @notice A privileged manifest is not in the live list, so no freeze flag reaches its cursor: its mid-phase
    ///         step must still meet the freeze (the routine path declines every privileged cursor).
    function test_routine_RevertWhen_PrivilegedFrozenMidPhase() public {
        (bytes32 id, T.Step[] memory steps) = _privilegedThreeSteps("OPS-P");
        assertFalse(_contains(guard.liveManifests(), id));
        _expectFrozenMidPhase(steps);
    }

    /// @notice Likewise a configuration change reaches a privileged manifest mid-phase without the fan-out.
    function test_routine_RevertWhen_PrivilegedCachedExecutorLostItsRole() public {
        (, T.Step[] memory steps) = _privilegedThreeSteps("OPS-P");
        assertTrue(_exec(steps[0]));
        _configureAsSafe(_withExecutors(executor2, address(0)));
        _expectExecRevert(steps[1], abi.encodeWithSelector(E.ManifestGuardNotExecutor.selector, executor));
        assertTrue(_execAs(executor2, steps[1].to, 0, steps[1].data, CALL));
        assertTrue(_execAs(executor2, steps[2].to, 0, steps[2].data, CALL));
        assertEq(target.owner(), address(0xA3));
    }

    // ------------------------------------------------------------ the live list

    function test_liveManifests_FollowApprovalCompletionAndHalt() public {
        (bytes32 id, T.Step[] memory steps) = _threeSteps("OPS-1");
        bytes32 rollback = guard.getManifest(id).rollback;
        bytes32 other = _readyWith(_release("OPS-2", _setStep(77)), 1000);
        bytes32[] memory live = guard.liveManifests();
        assertEq(live.length, 4, "two releases and their rollbacks");
        for (uint256 i; i < steps.length; ++i) {
            assertTrue(_exec(steps[i]));
        }
        assertFalse(_contains(guard.liveManifests(), id), "completed");
        assertTrue(_contains(guard.liveManifests(), rollback));
        vm.prank(guardian);
        guard.halt(other);
        live = guard.liveManifests();
        assertEq(live.length, 2);
        assertFalse(_contains(live, other), "halted");
    }

    function test_liveManifests_ReleaseLeavesWhenItsRollbackRuns() public {
        T.Step[] memory steps = _steps(_setStep(1), _setStep(2));
        bytes32 id = _ready(_release("OPS-1", _phaseOf(steps)));
        bytes32 rollback = guard.getManifest(id).rollback;
        assertTrue(_exec(steps[0]));
        assertTrue(_exec(_setStep(0))); // the rollback halts the release
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Halted));
        assertEq(guard.liveManifests().length, 0, string.concat("left: ", vm.toString(rollback)));
    }

    function test_approve_RevertWhen_TooManyLive() public {
        _allowSetAsContainment();
        uint256 max = guard.MAX_LIVE();
        for (uint256 i; i < max; ++i) {
            _registerApproved(_emergency(string.concat("E-", vm.toString(i)), _setStep(5000 + i)));
        }
        assertEq(guard.liveManifests().length, max);
        bytes32 id = _register(_emergency("E-over", _setStep(9999)));
        vm.prank(approver1);
        guard.approve(id);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardTooManyLive.selector, id, max));
        vm.prank(approver2);
        guard.approve(id);
        // A guardian frees a place; the same approval then goes through.
        bytes32 first = guard.liveManifests()[0];
        vm.prank(guardian);
        guard.halt(first);
        vm.prank(approver2);
        guard.approve(id);
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Approved));
        assertTrue(_contains(guard.liveManifests(), id));
    }

    /// @notice Never bricks: with the live list full of routine manifests that cannot run, the privileged manifest
    ///         that removes the guard is still approved and executed.
    function test_approve_PrivilegedIsNeverRefusedForRoom() public {
        _allowSetAsContainment();
        uint256 max = guard.MAX_LIVE();
        for (uint256 i; i < max; ++i) {
            T.Manifest memory m = _emergency(string.concat("E-", vm.toString(i)), _setStep(5000 + i));
            m.notBefore = uint64(block.timestamp + 300 days); // approved, but cannot run for months
            m.expiry = uint64(block.timestamp + 400 days);
            _registerApproved(m);
        }
        assertEq(guard.liveManifests().length, max);
        T.Step memory removal = _safeStep(abi.encodeWithSignature("setGuard(address)", address(0)));
        // Its rollback puts the guard back: privileged as well, so it needs no room either.
        T.Manifest memory unguard = _release("OPS-unguard", removal);
        unguard.rollback = _readyRollback(
            "OPS-unguard-rollback", _safeStep(abi.encodeWithSignature("setGuard(address)", address(guard)))
        );
        bytes32 id = _ready(unguard);
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Approved));
        assertEq(guard.liveManifests().length, max);
        assertTrue(_exec(removal));
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Completed));
        assertTrue(_execAs(owners[0], address(target), 0, abi.encodeCall(target.set, (5)), CALL));
        assertEq(target.value(), 5);
    }

    function test_approve_RetiresExpiredWhenListIsFull() public {
        _allowSetAsContainment();
        uint256 max = guard.MAX_LIVE();
        for (uint256 i; i < max; ++i) {
            T.Manifest memory m = _emergency(string.concat("E-", vm.toString(i)), _setStep(5000 + i));
            if (i < 2) m.expiry = uint64(block.timestamp + 2 days);
            _registerApproved(m);
        }
        bytes32[] memory before = guard.liveManifests();
        vm.warp(block.timestamp + 2 days + 1);
        bytes32 id = _register(_emergency("E-over", _setStep(9999)));
        vm.prank(approver1);
        guard.approve(id);
        vm.expectEmit(address(guard));
        emit Ev.ManifestRetired(before[1]);
        vm.expectEmit(address(guard));
        emit Ev.ManifestRetired(before[0]);
        vm.prank(approver2);
        guard.approve(id);
        bytes32[] memory live = guard.liveManifests();
        assertEq(live.length, max - 1);
        assertTrue(_contains(live, id));
        assertFalse(_contains(live, before[0]));
        assertFalse(_contains(live, before[1]));
    }

    /// @dev Emergency manifests need no rollback: the fillers below are Emergencies calling `set`, made a containment
    ///      selector for these tests.
    function _allowSetAsContainment() private {
        T.GuardConfig memory config = defaultConfig();
        config.containmentSelectors = new bytes4[](1);
        config.containmentSelectors[0] = Target.set.selector;
        _configureAsSafe(config);
    }

    function _contains(bytes32[] memory ids, bytes32 id) private pure returns (bool) {
        for (uint256 i; i < ids.length; ++i) {
            if (ids[i] == id) return true;
        }
        return false;
    }

    // ------------------------------------------------------------ hook decoding

    function test_hooks_RevertWhen_CheckTransactionMalformed() public {
        bytes memory good = abi.encodeWithSelector(
            0x75f0bb52, address(target), 0, "", CALL, 0, 0, 0, address(0), address(0), "", executor
        );
        // Truncated head.
        _expectMalformed(_slice(good, 0x100), 0x75f0bb52);
        // An address argument with bits above 160.
        bytes memory dirty = bytes.concat(good);
        dirty[4 + 0x140] = 0x01; // top byte of msgSender's word
        _expectMalformed(dirty, 0x75f0bb52);
        // `data` pointing past the end of calldata.
        bytes memory pastEnd = bytes.concat(good);
        pastEnd[4 + 0x5f] = 0xff; // low byte of data's offset word
        _expectMalformed(pastEnd, 0x75f0bb52);
        // An operation that is not a uint8.
        bytes memory wideOperation = bytes.concat(good);
        wideOperation[4 + 0x7e] = 0x01;
        _expectMalformed(wideOperation, 0x75f0bb52);
    }

    function test_hooks_RevertWhen_CheckAfterExecutionSuccessNotBool() public {
        _expectMalformed(abi.encodeWithSelector(0x93271368, bytes32(0), uint256(2)), 0x93271368);
    }

    function test_hooks_RevertWhen_CheckAfterExecutionTruncated() public {
        // `success` cut off: not read as zero-padded, refused as malformed.
        _expectMalformed(abi.encodePacked(bytes4(0x93271368), bytes32(0), bytes31(0)), 0x93271368);
    }

    function test_hooks_UnknownSelectorIsANoOp() public {
        vm.prank(address(safe));
        (bool ok, bytes memory result) = address(guard).call(abi.encodeWithSelector(0x12345678, uint256(1)));
        assertTrue(ok);
        assertEq(result.length, 0);
    }

    function _expectMalformed(bytes memory callData, bytes4 selector) private {
        vm.prank(address(safe));
        (bool ok, bytes memory reason) = address(guard).call(callData);
        assertFalse(ok);
        assertEq(reason, abi.encodeWithSelector(E.ManifestGuardMalformedHookCall.selector, selector));
    }

    function _slice(bytes memory data, uint256 length) private pure returns (bytes memory out) {
        out = new bytes(length);
        for (uint256 i; i < length; ++i) {
            out[i] = data[i];
        }
    }
}

contract RoutinePathTest_v130 is RoutinePathTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_3_0;
    }
}

contract RoutinePathTest_v150 is RoutinePathTest {}
