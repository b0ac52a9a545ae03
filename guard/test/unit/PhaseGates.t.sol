// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ManifestGuard} from "../../src/ManifestGuard.sol";
import {IManifestGuardErrors as E} from "../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardEvents as Ev} from "../../src/interfaces/IManifestGuardEvents.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {SafeDeployer} from "../utils/SafeDeployer.sol";
import {Target} from "../utils/Targets.sol";
import {UnitTestBase} from "./UnitTestBase.sol";

/// @notice Canary phases: the soak after a phase, the approvers' "continue" attestation, and entry conditions read
///         from on-chain telemetry when a phase's first step executes.
abstract contract PhaseGatesTest is UnitTestBase {
    uint64 internal constant SOAK = 1 days;
    bytes32 internal constant METRICS = keccak256("canary metrics: error rate 0.01%");

    T.Step internal phase0Step;
    T.Step internal phase1Step;

    /// @dev A two-phase release (set 1, then set 2) with a one-day soak after the first phase, started: its first
    ///      phase is executed.
    function _startTwoPhaseRelease() internal returns (bytes32 id) {
        phase0Step = _setStep(1);
        phase1Step = _setStep(2);
        T.Phase memory first = _phase(phase0Step);
        first.minSoak = SOAK;
        id = _ready(_twoPhases(_release("OPS-1", first), _phase(phase1Step)));
        assertTrue(_exec(phase0Step));
        T.ManifestView memory view_ = guard.getManifest(id);
        assertEq(view_.currentPhase, 1);
        assertEq(view_.phaseCompletedAt, block.timestamp);
        assertFalse(view_.gateOpen);
    }

    // ------------------------------------------------------------ soak and attestation at execution

    function test_checkTransaction_RevertWhen_SoakNotElapsed() public {
        bytes32 id = _startTwoPhaseRelease();
        uint64 readyAt = uint64(block.timestamp) + SOAK;
        vm.warp(readyAt - 1);
        _expectExecRevert(
            phase1Step,
            abi.encodeWithSelector(E.ManifestGuardSoakNotElapsed.selector, id, uint256(1), readyAt, readyAt - 1)
        );
    }

    function test_checkTransaction_RevertWhen_PhaseGateClosed() public {
        bytes32 id = _startTwoPhaseRelease();
        vm.warp(block.timestamp + SOAK);
        _expectExecRevert(phase1Step, abi.encodeWithSelector(E.ManifestGuardPhaseGateClosed.selector, id, uint256(1)));
    }

    function test_attestContinue_OpensGateAfterSoak() public {
        bytes32 id = _startTwoPhaseRelease();
        vm.warp(block.timestamp + SOAK);
        vm.expectEmit(address(guard));
        emit Ev.PhaseContinued(id, 1, approver1, METRICS);
        vm.prank(approver1);
        guard.attestContinue(id, 1, METRICS);
        assertTrue(guard.getManifest(id).gateOpen);
        assertTrue(_exec(phase1Step));
        assertEq(target.value(), 2);
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Completed));
    }

    // ------------------------------------------------------------ attestContinue rules

    function test_attestContinue_RevertWhen_SoakNotElapsed() public {
        bytes32 id = _startTwoPhaseRelease();
        uint64 readyAt = uint64(block.timestamp) + SOAK;
        vm.warp(readyAt - 1);
        vm.expectRevert(
            abi.encodeWithSelector(E.ManifestGuardSoakNotElapsed.selector, id, uint256(1), readyAt, readyAt - 1)
        );
        vm.prank(approver1);
        guard.attestContinue(id, 1, METRICS);
    }

    function test_attestContinue_RevertWhen_NotApprover() public {
        bytes32 id = _startTwoPhaseRelease();
        vm.warp(block.timestamp + SOAK);
        address[4] memory callers = [proposer, executor, guardian, stranger];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNotApprover.selector, callers[i]));
            vm.prank(callers[i]);
            guard.attestContinue(id, 1, METRICS);
        }
    }

    function test_attestContinue_RevertWhen_ManifestNotApproved() public {
        T.Manifest memory m = _twoPhases(_release("OPS-1", _setStep(1)), _phase(_setStep(2)));
        m.rollback = keccak256("some rollback");
        bytes32 id = _register(m);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardInvalidStatus.selector, id, T.ManifestStatus.Registered));
        vm.prank(approver1);
        guard.attestContinue(id, 1, METRICS);
    }

    function test_attestContinue_RevertWhen_UnknownManifest() public {
        bytes32 id = keccak256("unknown");
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardUnknownManifest.selector, id));
        vm.prank(approver1);
        guard.attestContinue(id, 1, METRICS);
    }

    function test_attestContinue_RevertWhen_PhaseNotNext() public {
        T.Phase memory first = _phase(_setStep(1));
        T.Manifest memory m = _twoPhases(_release("OPS-1", first), _phase(_setStep(2)));
        bytes32 id = _ready(m);

        // Before the first phase ran, no gate is expected.
        vm.expectRevert(
            abi.encodeWithSelector(E.ManifestGuardAttestationNotExpected.selector, id, uint256(1), uint256(0))
        );
        vm.prank(approver1);
        guard.attestContinue(id, 1, METRICS);
        // Phase 0 never has a gate.
        vm.expectRevert(
            abi.encodeWithSelector(E.ManifestGuardAttestationNotExpected.selector, id, uint256(0), uint256(0))
        );
        vm.prank(approver1);
        guard.attestContinue(id, 0, METRICS);

        assertTrue(_exec(_setStep(1)));
        // Only the next phase.
        vm.expectRevert(
            abi.encodeWithSelector(E.ManifestGuardAttestationNotExpected.selector, id, uint256(2), uint256(1))
        );
        vm.prank(approver1);
        guard.attestContinue(id, 2, METRICS);
    }

    function test_attestContinue_RevertWhen_GateAlreadyOpen() public {
        bytes32 id = _startTwoPhaseRelease();
        vm.warp(block.timestamp + SOAK);
        vm.prank(approver1);
        guard.attestContinue(id, 1, METRICS);
        vm.expectRevert(
            abi.encodeWithSelector(E.ManifestGuardAttestationNotExpected.selector, id, uint256(1), uint256(1))
        );
        vm.prank(approver2);
        guard.attestContinue(id, 1, METRICS);
    }

    function test_attestContinue_RevertWhen_ManifestCompleted() public {
        T.Step memory step = _setStep(1);
        bytes32 id = _ready(_release("OPS-1", step));
        assertTrue(_exec(step));
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardInvalidStatus.selector, id, T.ManifestStatus.Completed));
        vm.prank(approver1);
        guard.attestContinue(id, 1, METRICS);
    }

    // ------------------------------------------------------------ entry conditions (on-chain telemetry)

    function _conditionedRelease(uint256 min, uint256 max) internal returns (bytes32 id, T.Step memory step) {
        step = _setStep(42);
        T.Phase memory phase = _phase(step);
        phase.conditions = new T.Condition[](1);
        phase.conditions[0] = _condition(address(telemetry), abi.encodeCall(telemetry.reading, ()), min, max);
        id = _ready(_release("OPS-1", phase));
    }

    function test_checkTransaction_RevertWhen_EntryConditionBelowMin() public {
        (bytes32 id, T.Step memory step) = _conditionedRelease(10, 20);
        telemetry.setReading(9);
        _expectExecRevert(
            step,
            abi.encodeWithSelector(
                E.ManifestGuardEntryConditionFailed.selector,
                id,
                uint256(0),
                uint256(0),
                uint256(9),
                uint256(10),
                uint256(20)
            )
        );
    }

    function test_checkTransaction_RevertWhen_EntryConditionAboveMax() public {
        (bytes32 id, T.Step memory step) = _conditionedRelease(10, 20);
        telemetry.setReading(21);
        _expectExecRevert(
            step,
            abi.encodeWithSelector(
                E.ManifestGuardEntryConditionFailed.selector,
                id,
                uint256(0),
                uint256(0),
                uint256(21),
                uint256(10),
                uint256(20)
            )
        );
    }

    function test_checkTransaction_AllowsStepWhenEntryConditionInBounds() public {
        (, T.Step memory step) = _conditionedRelease(10, 20);
        telemetry.setReading(10);
        assertTrue(_exec(step));
        assertEq(target.value(), 42);
    }

    function test_checkTransaction_RevertWhen_EntryConditionUnreadable() public {
        T.Step memory step = _setStep(42);
        T.Phase memory phase = _phase(step);
        phase.conditions = new T.Condition[](2);
        phase.conditions[0] = _condition(address(telemetry), abi.encodeCall(telemetry.reading, ()), 0, 100);
        // A reverting read reports `observed` = type(uint256).max.
        phase.conditions[1] = _condition(address(target), abi.encodeCall(Target.fail, (3)), 0, 100);
        bytes32 id = _ready(_release("OPS-1", phase));
        _expectExecRevert(
            step,
            abi.encodeWithSelector(
                E.ManifestGuardEntryConditionFailed.selector,
                id,
                uint256(0),
                uint256(1),
                type(uint256).max,
                uint256(0),
                uint256(100)
            )
        );
    }

    function test_checkTransaction_RevertWhen_LaterPhaseEntryConditionFails() public {
        T.Step memory first = _setStep(1);
        T.Step memory second = _setStep(2);
        T.Phase memory later = _phase(second);
        later.conditions = new T.Condition[](1);
        later.conditions[0] = _condition(address(telemetry), abi.encodeCall(telemetry.reading, ()), 5, 5);
        bytes32 id = _ready(_twoPhases(_release("OPS-1", first), later));
        assertTrue(_exec(first));
        vm.prank(approver1);
        guard.attestContinue(id, 1, METRICS);
        // The gate is open, yet the telemetry between the phases says stop.
        _expectExecRevert(
            second,
            abi.encodeWithSelector(
                E.ManifestGuardEntryConditionFailed.selector,
                id,
                uint256(1),
                uint256(0),
                uint256(0),
                uint256(5),
                uint256(5)
            )
        );
        telemetry.setReading(5);
        assertTrue(_exec(second));
    }
}

contract PhaseGatesTest_v130 is PhaseGatesTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_3_0;
    }
}

contract PhaseGatesTest_v141 is PhaseGatesTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_4_1;
    }
}

contract PhaseGatesTest_v150 is PhaseGatesTest {}

/// @notice Kept apart from the per-version suites: it documents one suspected bug, independent of the Safe version.
contract SoakOverflowTest is UnitTestBase {
    function test_register_RevertWhen_SoakLongerThanMax() public {
        T.Phase memory phase = _phase(_setStep(1));
        phase.minSoak = guard.MAX_SOAK() + 1;
        T.Manifest memory m = _twoPhases(_release("OPS-1", phase), _phase(_setStep(2)));
        m.rollback = keccak256("some rollback");
        vm.expectRevert(
            abi.encodeWithSelector(
                E.ManifestGuardInvalidSoak.selector, uint256(0), guard.MAX_SOAK() + 1, guard.MAX_SOAK()
            )
        );
        vm.prank(proposer);
        guard.register(m);
    }

    /// @dev The longest allowed soak cannot overflow the soak arithmetic: explain still answers with a named rule.
    function test_explainTransaction_LongestSoakIsExplained() public {
        T.Step memory first = _setStep(1);
        T.Step memory second = _setStep(2);
        T.Phase memory phase = _phase(first);
        phase.minSoak = guard.MAX_SOAK();
        _ready(_twoPhases(_release("OPS-1", phase), _phase(second)));
        assertTrue(_exec(first));

        T.Verdict memory verdict = guard.explainTransaction(
            second.to, second.value, second.data, second.operation, 0, address(0), address(0), executor
        );
        assertFalse(verdict.allowed);
        assertEq(bytes4(verdict.reason), E.ManifestGuardSoakNotElapsed.selector);
    }
}
