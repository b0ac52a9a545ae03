// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardErrors as E} from "../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardEvents as Ev} from "../../src/interfaces/IManifestGuardEvents.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {SafeDeployer} from "../utils/SafeDeployer.sol";
import {Target} from "../utils/Targets.sol";
import {UnitTestBase} from "./UnitTestBase.sol";

/// @notice Guardians' containment tools: a bounded freeze (only Rollback and Emergency steps run, it expires by
///         itself, cannot be renewed during the cooldown, approvers lift it) and halting a manifest.
abstract contract FreezeAndHaltTest is UnitTestBase {
    function _freeze(uint64 duration) internal returns (uint64 until) {
        until = uint64(block.timestamp) + duration;
        vm.prank(guardian);
        guard.freeze(duration);
        assertEq(guard.frozenUntil(), until);
    }

    // ------------------------------------------------------------ freeze bounds and cooldown

    function test_freeze_FreezesForDuration() public {
        uint64 until = uint64(block.timestamp) + 3 days;
        vm.expectEmit(address(guard));
        emit Ev.Frozen(guardian, until);
        vm.prank(guardian);
        guard.freeze(3 days);
        assertEq(guard.frozenUntil(), until);
    }

    function test_freeze_RevertWhen_DurationZero() public {
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardFreezeTooLong.selector, uint64(0), uint32(3 days)));
        vm.prank(guardian);
        guard.freeze(0);
    }

    function test_freeze_RevertWhen_DurationOverMaxFreeze() public {
        vm.expectRevert(
            abi.encodeWithSelector(E.ManifestGuardFreezeTooLong.selector, uint64(3 days + 1), uint32(3 days))
        );
        vm.prank(guardian);
        guard.freeze(3 days + 1);
        _freeze(3 days);
    }

    function test_freeze_RevertWhen_NotGuardian() public {
        address[4] memory callers = [proposer, approver1, executor, stranger];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNotGuardian.selector, callers[i]));
            vm.prank(callers[i]);
            guard.freeze(1 hours);
        }
    }

    function test_freeze_RevertWhen_RenewedDuringFreeze() public {
        uint64 until = _freeze(1 days);
        vm.warp(block.timestamp + 1 hours);
        vm.expectRevert(
            abi.encodeWithSelector(E.ManifestGuardFreezeCoolingDown.selector, until + 1 days, uint64(block.timestamp))
        );
        vm.prank(guardian);
        guard.freeze(1 hours);
    }

    function test_freeze_RevertWhen_CoolingDownAfterExpiry() public {
        uint64 until = _freeze(1 days);
        vm.warp(until + 1);
        assertLt(guard.frozenUntil(), block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardFreezeCoolingDown.selector, until + 1 days, until + 1));
        vm.prank(guardian);
        guard.freeze(1 hours);
        vm.warp(until + 1 days);
        _freeze(1 hours);
    }

    // ------------------------------------------------------------ what a freeze blocks

    function test_checkTransaction_RevertWhen_Frozen() public {
        T.Step memory step = _setStep(42);
        _ready(_release("OPS-1", step));
        uint64 until = _freeze(1 days);
        _expectExecRevert(step, abi.encodeWithSelector(E.ManifestGuardFrozen.selector, until, uint64(block.timestamp)));
        vm.warp(until - 1);
        _expectExecRevert(step, abi.encodeWithSelector(E.ManifestGuardFrozen.selector, until, until - 1));
    }

    function test_freeze_ExpiresByItself() public {
        T.Step memory step = _setStep(42);
        _ready(_release("OPS-1", step));
        uint64 until = _freeze(1 days);
        vm.warp(until);
        assertTrue(_exec(step));
        assertEq(target.value(), 42);
    }

    function test_checkTransaction_RollbackRunsWhileFrozen() public {
        T.Step memory first = _setStep(1);
        T.Step memory second = _setStep(2);
        bytes32 id = _ready(_release("OPS-1", _phase(first, second)));
        assertTrue(_exec(first));
        uint64 until = _freeze(2 days);
        _expectExecRevert(
            second, abi.encodeWithSelector(E.ManifestGuardFrozen.selector, until, uint64(block.timestamp))
        );
        assertTrue(_exec(_setStep(0)));
        assertEq(target.value(), 0);
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Halted));
    }

    function test_checkTransaction_EmergencyRunsWhileFrozen() public {
        T.Step memory pause = _step(address(target), abi.encodeCall(Target.pause, ()));
        bytes32 id = _ready(_emergency("OPS-pause", pause));
        _freeze(3 days);
        assertTrue(_exec(pause));
        assertTrue(target.paused());
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Completed));
    }

    function test_freeze_CoversExecutorsAddedDuringFreeze() public {
        T.Step memory step = _setStep(42);
        _ready(_release("OPS-1", step));
        uint64 until = _freeze(1 days);
        address executor2 = makeAddr("executor2");
        T.GuardConfig memory config = defaultConfig();
        config.executors = new address[](2);
        config.executors[0] = executor;
        config.executors[1] = executor2;
        _configureAsSafe(config);
        _expectExecRevertAs(
            executor2, step, abi.encodeWithSelector(E.ManifestGuardFrozen.selector, until, uint64(block.timestamp))
        );
    }

    // ------------------------------------------------------------ lifting a freeze

    function test_liftFreeze_LiftsAtRoutineThreshold() public {
        T.Step memory step = _setStep(42);
        _ready(_release("OPS-1", step));
        _freeze(3 days);

        vm.expectEmit(address(guard));
        emit Ev.FreezeLiftVoted(approver1, 1, 1, 2);
        vm.prank(approver1);
        guard.liftFreeze();
        assertGt(guard.frozenUntil(), block.timestamp, "lifted below the threshold");

        vm.expectEmit(address(guard));
        emit Ev.FreezeLiftVoted(approver2, 1, 2, 2);
        vm.expectEmit(address(guard));
        emit Ev.FreezeLifted(1);
        vm.prank(approver2);
        guard.liftFreeze();
        assertEq(guard.frozenUntil(), 0);
        assertTrue(_exec(step));
    }

    function test_liftFreeze_RevertWhen_AlreadyVoted() public {
        _freeze(1 days);
        vm.prank(approver1);
        guard.liftFreeze();
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardAlreadyVoted.selector, approver1, uint256(1)));
        vm.prank(approver1);
        guard.liftFreeze();
    }

    function test_liftFreeze_RevertWhen_NotFrozen() public {
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNotFrozen.selector));
        vm.prank(approver1);
        guard.liftFreeze();
        uint64 until = _freeze(1 days);
        vm.warp(until);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNotFrozen.selector));
        vm.prank(approver1);
        guard.liftFreeze();
    }

    function test_liftFreeze_RevertWhen_NotApprover() public {
        _freeze(1 days);
        address[4] memory callers = [proposer, executor, guardian, stranger];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNotApprover.selector, callers[i]));
            vm.prank(callers[i]);
            guard.liftFreeze();
        }
    }

    function test_freeze_RevertWhen_CoolingDownAfterLift() public {
        _freeze(3 days);
        vm.warp(block.timestamp + 1 hours);
        _approveLift();
        uint64 liftedAt = uint64(block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardFreezeCoolingDown.selector, liftedAt + 1 days, liftedAt));
        vm.prank(guardian);
        guard.freeze(1 hours);
        vm.warp(liftedAt + 1 days);
        _freeze(1 hours);
    }

    function test_liftFreeze_VotesStartOverWithEachFreeze() public {
        uint64 until = _freeze(1 days);
        vm.prank(approver1);
        guard.liftFreeze();
        vm.warp(until + 1 days);
        _freeze(1 days);
        // A vote from the previous freeze does not count towards this one, and approver1 may vote again.
        vm.expectEmit(address(guard));
        emit Ev.FreezeLiftVoted(approver1, 2, 1, 2);
        vm.prank(approver1);
        guard.liftFreeze();
        assertGt(guard.frozenUntil(), block.timestamp);
    }

    function _approveLift() internal {
        vm.prank(approver1);
        guard.liftFreeze();
        vm.prank(approver2);
        guard.liftFreeze();
        assertEq(guard.frozenUntil(), 0);
    }

    // ------------------------------------------------------------ halt

    function test_halt_HaltsRegisteredManifest() public {
        T.Manifest memory m = _release("OPS-1", _setStep(42));
        m.rollback = keccak256("rollback");
        bytes32 id = _register(m);
        vm.expectEmit(address(guard));
        emit Ev.ManifestHalted(id, guardian);
        vm.prank(guardian);
        guard.halt(id);
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Halted));
        // A halted manifest cannot be approved any more.
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardInvalidStatus.selector, id, T.ManifestStatus.Halted));
        vm.prank(approver1);
        guard.approve(id);
    }

    function test_halt_RevertWhen_NotGuardian() public {
        T.Manifest memory m = _release("OPS-1", _setStep(42));
        m.rollback = keccak256("rollback");
        bytes32 id = _register(m);
        address[4] memory callers = [proposer, approver1, executor, stranger];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNotGuardian.selector, callers[i]));
            vm.prank(callers[i]);
            guard.halt(id);
        }
    }

    function test_halt_RevertWhen_AlreadyHalted() public {
        bytes32 id = _ready(_release("OPS-1", _setStep(42)));
        vm.prank(guardian);
        guard.halt(id);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardInvalidStatus.selector, id, T.ManifestStatus.Halted));
        vm.prank(guardian);
        guard.halt(id);
    }

    function test_halt_RevertWhen_Completed() public {
        T.Step memory step = _setStep(42);
        bytes32 id = _ready(_release("OPS-1", step));
        assertTrue(_exec(step));
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardInvalidStatus.selector, id, T.ManifestStatus.Completed));
        vm.prank(guardian);
        guard.halt(id);
    }

    function test_halt_RevertWhen_Cancelled() public {
        T.Manifest memory m = _release("OPS-1", _setStep(42));
        m.rollback = keccak256("rollback");
        bytes32 id = _register(m);
        vm.prank(proposer);
        guard.cancel(id);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardInvalidStatus.selector, id, T.ManifestStatus.Cancelled));
        vm.prank(guardian);
        guard.halt(id);
    }

    function test_halt_RevertWhen_UnknownManifest() public {
        bytes32 id = keccak256("unknown");
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardUnknownManifest.selector, id));
        vm.prank(guardian);
        guard.halt(id);
    }
}

contract FreezeAndHaltTest_v130 is FreezeAndHaltTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_3_0;
    }
}

contract FreezeAndHaltTest_v141 is FreezeAndHaltTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_4_1;
    }
}

contract FreezeAndHaltTest_v150 is FreezeAndHaltTest {}
