// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ManifestGuard} from "../../src/ManifestGuard.sol";
import {ManifestRegistrar} from "../../src/ManifestRegistrar.sol";
import {IManifestGuardErrors as E} from "../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardEvents as Ev} from "../../src/interfaces/IManifestGuardEvents.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {IMultiSend, ISafe} from "../utils/ISafe.sol";
import {SingletonRewriter, Target} from "../utils/Targets.sol";
import {UnitTestBase} from "./UnitTestBase.sol";

/// @notice Registration: who may register, what a manifest must look like, and which steps it may claim.
///         Independent of the Safe version, so it runs once (on Safe 1.5.0).
contract RegistrationTest is UnitTestBase {
    uint256 internal constant ANY_PHASE = type(uint256).max;
    bytes32 internal constant SOME_ROLLBACK = keccak256("OPS-1-rollback");

    function _valid() internal view returns (T.Manifest memory m) {
        m = _release("OPS-1", _setStep(42));
        m.rollback = SOME_ROLLBACK;
    }

    function _expectRegisterRevert(T.Manifest memory m, bytes memory reason) internal {
        vm.expectRevert(reason);
        vm.prank(proposer);
        guard.register(m);
    }

    function _withSteps(T.Manifest memory m, uint256 phases, uint256 stepsPerPhase)
        internal
        view
        returns (T.Manifest memory)
    {
        m.phases = new T.Phase[](phases);
        for (uint256 p; p < phases; ++p) {
            T.Step[] memory steps = new T.Step[](stepsPerPhase);
            for (uint256 s; s < stepsPerPhase; ++s) {
                steps[s] = _setStep(1000 * (p + 1) + s);
            }
            m.phases[p] = _phaseOf(steps);
        }
        return m;
    }

    function _batch(bytes memory packed) internal view returns (T.Step memory) {
        return T.Step({
            to: deployment.multiSendCallOnly,
            value: 0,
            operation: DELEGATECALL,
            data: abi.encodeCall(IMultiSend.multiSend, (packed))
        });
    }

    // ------------------------------------------------------------ a valid manifest

    function test_register_StoresManifest() public {
        T.Manifest memory m = _valid();
        m.notBefore = uint64(block.timestamp) + 1 days;
        bytes32 id = guard.manifestId(m);
        vm.expectEmit(address(guard));
        emit Ev.ManifestRegistered(
            id,
            1,
            proposer,
            T.ManifestKind.Release,
            T.Lane.Routine,
            "OPS-1",
            SOME_ROLLBACK,
            keccak256("OPS-1"),
            m.notBefore,
            m.expiry,
            1
        );
        assertEq(_register(m), id);

        T.ManifestView memory view_ = guard.getManifest(id);
        assertEq(uint8(view_.status), uint8(T.ManifestStatus.Registered));
        assertEq(uint8(view_.kind), uint8(T.ManifestKind.Release));
        assertEq(uint8(view_.lane), uint8(T.Lane.Routine));
        assertEq(view_.proposer, proposer);
        assertEq(view_.notBefore, m.notBefore);
        assertEq(view_.expiry, m.expiry);
        assertEq(view_.approvals, 0);
        assertEq(view_.requiredApprovals, 2);
        assertEq(view_.phaseCount, 1);
        assertEq(view_.rollback, SOME_ROLLBACK);
        assertEq(view_.evidence, keccak256("OPS-1"));
        assertEq(view_.boundRelease, bytes32(0));
        assertEq(guard.manifestCount(), 1);
        assertEq(guard.manifestAt(0), id);
    }

    function test_register_RevertWhen_NotProposer() public {
        address[4] memory callers = [approver1, executor, guardian, stranger];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNotProposer.selector, callers[i]));
            vm.prank(callers[i]);
            guard.register(_valid());
        }
    }

    function test_register_RevertWhen_RegistrarCalledDirectly() public {
        ManifestRegistrar registrar = ManifestRegistrar(guard.REGISTRAR());
        vm.expectRevert(
            abi.encodeWithSelector(E.ManifestGuardRegistrarNotDelegated.selector, address(registrar), address(guard))
        );
        vm.prank(proposer);
        registrar.register(_valid());
    }

    function test_computeLane_WritesNothing() public view {
        assertEq(uint8(guard.computeLane(_valid())), uint8(T.Lane.Routine));
        assertEq(guard.manifestCount(), 0);
    }

    // ------------------------------------------------------------ header

    function test_register_RevertWhen_InvalidKind() public {
        T.Manifest memory m = _valid();
        m.kind = 3;
        _expectRegisterRevert(m, abi.encodeWithSelector(E.ManifestGuardInvalidKind.selector, uint8(3)));
    }

    function test_register_RevertWhen_WindowEmpty() public {
        T.Manifest memory m = _valid();
        m.notBefore = m.expiry;
        _expectRegisterRevert(
            m,
            abi.encodeWithSelector(E.ManifestGuardInvalidWindow.selector, m.expiry, m.expiry, uint64(block.timestamp))
        );
        m.notBefore = m.expiry + 1;
        _expectRegisterRevert(
            m,
            abi.encodeWithSelector(
                E.ManifestGuardInvalidWindow.selector, m.expiry + 1, m.expiry, uint64(block.timestamp)
            )
        );
    }

    function test_register_RevertWhen_AlreadyExpired() public {
        T.Manifest memory m = _valid();
        m.notBefore = uint64(block.timestamp) - 2 days;
        m.expiry = uint64(block.timestamp);
        _expectRegisterRevert(
            m,
            abi.encodeWithSelector(
                E.ManifestGuardInvalidWindow.selector, m.notBefore, m.expiry, uint64(block.timestamp)
            )
        );
        m.expiry = uint64(block.timestamp) - 1;
        _expectRegisterRevert(
            m,
            abi.encodeWithSelector(
                E.ManifestGuardInvalidWindow.selector, m.notBefore, m.expiry, uint64(block.timestamp)
            )
        );
    }

    function test_register_RevertWhen_ExpiryBeyondUint40() public {
        T.Manifest memory m = _valid();
        m.expiry = uint64(type(uint40).max) + 1;
        _expectRegisterRevert(
            m,
            abi.encodeWithSelector(
                E.ManifestGuardInvalidWindow.selector, m.notBefore, m.expiry, uint64(block.timestamp)
            )
        );
    }

    function test_register_RevertWhen_ReleaseWithoutRollback() public {
        T.Manifest memory m = _valid();
        m.rollback = bytes32(0);
        _expectRegisterRevert(m, abi.encodeWithSelector(E.ManifestGuardMissingRollback.selector));
    }

    function test_register_RevertWhen_RollbackNamesRollback() public {
        T.Manifest memory m = _rollbackManifest("OPS-1-rollback", _setStep(0));
        m.rollback = SOME_ROLLBACK;
        _expectRegisterRevert(
            m, abi.encodeWithSelector(E.ManifestGuardUnexpectedRollback.selector, uint8(1), SOME_ROLLBACK)
        );
    }

    function test_register_RevertWhen_EmergencyNamesRollback() public {
        T.Manifest memory m = _emergency("OPS-pause", _setStep(0));
        m.rollback = SOME_ROLLBACK;
        _expectRegisterRevert(
            m, abi.encodeWithSelector(E.ManifestGuardUnexpectedRollback.selector, uint8(2), SOME_ROLLBACK)
        );
    }

    // ------------------------------------------------------------ shape bounds

    function test_register_RevertWhen_NoPhases() public {
        T.Manifest memory m = _valid();
        m.phases = new T.Phase[](0);
        _expectRegisterRevert(
            m, abi.encodeWithSelector(E.ManifestGuardInvalidShape.selector, ANY_PHASE, uint256(0), uint256(16))
        );
    }

    function test_register_RevertWhen_TooManyPhases() public {
        T.Manifest memory m = _withSteps(_valid(), 17, 1);
        _expectRegisterRevert(
            m, abi.encodeWithSelector(E.ManifestGuardInvalidShape.selector, ANY_PHASE, uint256(17), uint256(16))
        );
        _register(_withSteps(_valid(), 16, 1));
    }

    function test_register_RevertWhen_PhaseEmpty() public {
        T.Manifest memory m = _twoPhases(_valid(), _phaseOf(new T.Step[](0)));
        _expectRegisterRevert(
            m, abi.encodeWithSelector(E.ManifestGuardInvalidShape.selector, uint256(1), uint256(0), uint256(32))
        );
    }

    function test_register_RevertWhen_TooManyStepsInPhase() public {
        T.Manifest memory m = _withSteps(_valid(), 1, 33);
        _expectRegisterRevert(
            m, abi.encodeWithSelector(E.ManifestGuardInvalidShape.selector, uint256(0), uint256(33), uint256(32))
        );
    }

    function test_register_RevertWhen_TooManySteps() public {
        T.Manifest memory m = _withSteps(_valid(), 3, 22);
        _expectRegisterRevert(
            m, abi.encodeWithSelector(E.ManifestGuardInvalidShape.selector, ANY_PHASE, uint256(66), uint256(64))
        );
        _register(_withSteps(_valid(), 2, 32));
    }

    function test_register_RevertWhen_TooManyChecks() public {
        T.Manifest memory m = _valid();
        m.phases[0].checks = new T.Check[](9);
        for (uint256 i; i < 9; ++i) {
            m.phases[0].checks[i] = _valueCheck(i);
        }
        _expectRegisterRevert(
            m, abi.encodeWithSelector(E.ManifestGuardInvalidShape.selector, uint256(0), uint256(9), uint256(8))
        );
    }

    function test_register_RevertWhen_TooManyConditions() public {
        T.Manifest memory m = _valid();
        m.phases[0].conditions = new T.Condition[](5);
        for (uint256 i; i < 5; ++i) {
            m.phases[0].conditions[i] = _condition(address(telemetry), "", 0, i);
        }
        _expectRegisterRevert(
            m, abi.encodeWithSelector(E.ManifestGuardInvalidShape.selector, uint256(0), uint256(5), uint256(4))
        );
    }

    // ------------------------------------------------------------ operations and MultiSend batches

    function test_register_RevertWhen_InvalidOperation() public {
        T.Manifest memory m = _valid();
        m.phases[0].steps[0].operation = 2;
        _expectRegisterRevert(m, abi.encodeWithSelector(E.ManifestGuardInvalidOperation.selector, uint8(2)));
    }

    function test_register_RevertWhen_DelegateCallToNonMultiSend() public {
        T.Manifest memory m = _valid();
        m.phases[0].steps[0].operation = DELEGATECALL;
        _expectRegisterRevert(m, abi.encodeWithSelector(E.ManifestGuardDelegateCallForbidden.selector, address(target)));
    }

    /// @dev The February 2025 payload cannot even be registered.
    function test_register_RevertWhen_DelegateCallToSingletonRewriter() public {
        SingletonRewriter rewriter = new SingletonRewriter();
        T.Manifest memory m = _valid();
        m.phases[0].steps[0] = T.Step({
            to: address(rewriter),
            value: 0,
            operation: DELEGATECALL,
            data: abi.encodeCall(SingletonRewriter.rewrite, (stranger))
        });
        _expectRegisterRevert(
            m, abi.encodeWithSelector(E.ManifestGuardDelegateCallForbidden.selector, address(rewriter))
        );
    }

    function test_register_RevertWhen_DelegateCallToFullMultiSend() public {
        T.Manifest memory m = _valid();
        T.Step[] memory calls = new T.Step[](1);
        calls[0] = _setStep(1);
        T.Step memory batch = _multiSend(calls);
        batch.to = deployment.multiSend;
        m.phases[0].steps[0] = batch;
        _expectRegisterRevert(
            m, abi.encodeWithSelector(E.ManifestGuardDelegateCallForbidden.selector, deployment.multiSend)
        );
    }

    function test_register_RevertWhen_MultiSendSelectorWrong() public {
        T.Manifest memory m = _valid();
        T.Step memory batch = _batch("");
        batch.data = abi.encodeCall(Target.set, (1)); // too short, wrong selector
        m.phases[0].steps[0] = batch;
        _expectRegisterRevert(m, abi.encodeWithSelector(E.ManifestGuardMalformedMultiSend.selector, uint256(0)));
        batch.data = abi.encodeWithSelector(bytes4(0xdeadbeef), uint256(32), uint256(0)); // long enough
        _expectRegisterRevert(m, abi.encodeWithSelector(E.ManifestGuardMalformedMultiSend.selector, uint256(0)));
    }

    function test_register_RevertWhen_MultiSendOffsetWrong() public {
        T.Manifest memory m = _valid();
        T.Step memory batch = _batch("");
        batch.data = abi.encodePacked(IMultiSend.multiSend.selector, uint256(64), uint256(0), uint256(0));
        m.phases[0].steps[0] = batch;
        _expectRegisterRevert(m, abi.encodeWithSelector(E.ManifestGuardMalformedMultiSend.selector, uint256(4)));
    }

    function test_register_RevertWhen_MultiSendLengthPastEnd() public {
        T.Manifest memory m = _valid();
        T.Step memory batch = _batch("");
        batch.data = abi.encodePacked(IMultiSend.multiSend.selector, uint256(32), uint256(100), uint256(0));
        m.phases[0].steps[0] = batch;
        _expectRegisterRevert(m, abi.encodeWithSelector(E.ManifestGuardMalformedMultiSend.selector, uint256(36)));
    }

    function test_register_RevertWhen_MultiSendTransactionTruncated() public {
        T.Manifest memory m = _valid();
        // 84 bytes: one byte short of a transaction header.
        m.phases[0].steps[0] = _batch(abi.encodePacked(uint8(0), address(target), uint256(0), bytes31(0)));
        _expectRegisterRevert(m, abi.encodeWithSelector(E.ManifestGuardMalformedMultiSend.selector, uint256(68)));
    }

    function test_register_RevertWhen_MultiSendDataLengthPastEnd() public {
        T.Manifest memory m = _valid();
        m.phases[0].steps[0] = _batch(abi.encodePacked(uint8(0), address(target), uint256(0), uint256(1000)));
        _expectRegisterRevert(m, abi.encodeWithSelector(E.ManifestGuardMalformedMultiSend.selector, uint256(68 + 53)));
    }

    function test_register_RevertWhen_MultiSendTrailingBytes() public {
        T.Manifest memory m = _valid();
        bytes memory call = abi.encodeCall(Target.set, (1));
        bytes memory first = abi.encodePacked(uint8(0), address(target), uint256(0), call.length, call);
        m.phases[0].steps[0] = _batch(abi.encodePacked(first, bytes10(0)));
        _expectRegisterRevert(m, abi.encodeWithSelector(E.ManifestGuardMalformedMultiSend.selector, 68 + first.length));
    }

    /// @dev Every batch is decoded whatever stands before it: validation does not depend on the order of steps.
    function test_register_RevertWhen_MalformedMultiSendAfterPrivilegedStep() public {
        T.Step memory privileged = _step(address(target), abi.encodeCall(Target.transferOwnership, (stranger)));
        T.Step memory malformed = _batch("");
        malformed.data = abi.encodeCall(Target.set, (1)); // not a multiSend call at all
        T.Manifest memory m = _release("OPS-1", _phase(privileged, malformed));
        m.rollback = SOME_ROLLBACK;
        _expectRegisterRevert(m, abi.encodeWithSelector(E.ManifestGuardMalformedMultiSend.selector, uint256(0)));
    }

    // ------------------------------------------------------------ checks and entry conditions

    function _withCheck(T.Check memory check) internal view returns (T.Manifest memory m) {
        m = _valid();
        m.phases[0].checks = new T.Check[](2);
        m.phases[0].checks[0] = _valueCheck(42);
        m.phases[0].checks[1] = check;
    }

    function test_register_RevertWhen_CheckKindUnknown() public {
        T.Check memory check = _valueCheck(42);
        check.kind = 2;
        _expectRegisterRevert(
            _withCheck(check), abi.encodeWithSelector(E.ManifestGuardInvalidCheck.selector, uint256(0), uint256(1))
        );
    }

    function test_register_RevertWhen_CheckResponseUnknown() public {
        T.Check memory check = _valueCheck(42);
        check.response = 3;
        _expectRegisterRevert(
            _withCheck(check), abi.encodeWithSelector(E.ManifestGuardInvalidCheck.selector, uint256(0), uint256(1))
        );
    }

    function test_register_RevertWhen_CheckTargetZero() public {
        T.Check memory check = _valueCheck(42);
        check.target = address(0);
        _expectRegisterRevert(
            _withCheck(check), abi.encodeWithSelector(E.ManifestGuardInvalidCheck.selector, uint256(0), uint256(1))
        );
    }

    function test_register_RevertWhen_CodeHashCheckHasData() public {
        T.Check memory check = _valueCheck(42);
        check.kind = uint8(T.CheckKind.CodeHash);
        _expectRegisterRevert(
            _withCheck(check), abi.encodeWithSelector(E.ManifestGuardInvalidCheck.selector, uint256(0), uint256(1))
        );
    }

    function test_register_RevertWhen_ConditionBoundsInverted() public {
        T.Manifest memory m = _twoPhases(_valid(), _phase(_setStep(43)));
        m.phases[1].conditions = new T.Condition[](1);
        m.phases[1].conditions[0] = _condition(address(telemetry), "", 11, 10);
        _expectRegisterRevert(
            m, abi.encodeWithSelector(E.ManifestGuardInvalidCondition.selector, uint256(1), uint256(0))
        );
    }

    function test_register_RevertWhen_ConditionTargetZero() public {
        T.Manifest memory m = _valid();
        m.phases[0].conditions = new T.Condition[](2);
        m.phases[0].conditions[0] = _condition(address(telemetry), "", 0, 10);
        m.phases[0].conditions[1] = _condition(address(0), "", 0, 10);
        _expectRegisterRevert(
            m, abi.encodeWithSelector(E.ManifestGuardInvalidCondition.selector, uint256(0), uint256(1))
        );
    }

    // ------------------------------------------------------------ ids and step claims

    function test_register_RevertWhen_AlreadyRegistered() public {
        T.Manifest memory m = _valid();
        bytes32 id = _register(m);
        _expectRegisterRevert(m, abi.encodeWithSelector(E.ManifestGuardAlreadyRegistered.selector, id));
        // A cancelled id stays taken.
        vm.prank(proposer);
        guard.cancel(id);
        _expectRegisterRevert(m, abi.encodeWithSelector(E.ManifestGuardAlreadyRegistered.selector, id));
    }

    function test_register_RevertWhen_StepClaimedByRegisteredManifest() public {
        bytes32 holder = _register(_valid());
        T.Manifest memory other = _valid();
        other.ticket = "OPS-2";
        _expectRegisterRevert(
            other, abi.encodeWithSelector(E.ManifestGuardStepClaimed.selector, _stepKey(_setStep(42)), holder)
        );
    }

    function test_register_RevertWhen_StepClaimedByApprovedManifest() public {
        bytes32 holder = _register(_valid());
        _approve(holder, 2);
        T.Manifest memory other = _valid();
        other.ticket = "OPS-2";
        _expectRegisterRevert(
            other, abi.encodeWithSelector(E.ManifestGuardStepClaimed.selector, _stepKey(_setStep(42)), holder)
        );
    }

    function test_register_RevertWhen_StepRepeatedInManifest() public {
        T.Manifest memory m = _twoPhases(_valid(), _phase(_setStep(42)));
        bytes32 id = guard.manifestId(m);
        _expectRegisterRevert(
            m, abi.encodeWithSelector(E.ManifestGuardStepClaimed.selector, _stepKey(_setStep(42)), id)
        );
    }

    function test_register_StepFreeAfterCancel() public {
        bytes32 holder = _register(_valid());
        vm.prank(proposer);
        guard.cancel(holder);
        T.Manifest memory other = _valid();
        other.ticket = "OPS-2";
        bytes32 id = _register(other);
        // The step now belongs to the new manifest.
        _approve(id, 2);
        vm.warp(block.timestamp + 1 hours);
        T.Verdict memory verdict = guard.explainTransaction(
            address(target), 0, abi.encodeCall(Target.set, (42)), CALL, 0, address(0), address(0), executor
        );
        assertEq(verdict.manifestId, id);
    }

    function test_register_StepFreeAfterHalt() public {
        bytes32 holder = _register(_valid());
        _approve(holder, 2);
        vm.prank(guardian);
        guard.halt(holder);
        T.Manifest memory other = _valid();
        other.ticket = "OPS-2";
        _register(other);
    }

    function test_register_StepFreeAfterExecution() public {
        T.Step memory step = _setStep(42);
        _ready(_release("OPS-1", step));
        assertTrue(_exec(step));
        T.Manifest memory again = _release("OPS-2", step);
        again.rollback = SOME_ROLLBACK;
        _register(again);
    }

    // ------------------------------------------------------------ Emergency manifests stay routine

    function test_register_RevertWhen_PrivilegedEmergency() public {
        T.Manifest memory m =
            _emergency("OPS-pause", _step(address(target), abi.encodeCall(Target.transferOwnership, (stranger))));
        _expectRegisterRevert(
            m, abi.encodeWithSelector(E.ManifestGuardPrivilegedEmergency.selector, guard.manifestId(m))
        );
        T.Manifest memory removal = _emergency("OPS-unguard", _safeStep(abi.encodeCall(ISafe.setGuard, (address(0)))));
        _expectRegisterRevert(
            removal, abi.encodeWithSelector(E.ManifestGuardPrivilegedEmergency.selector, guard.manifestId(removal))
        );
    }

    // ------------------------------------------------------------ cancel

    function test_cancel_CancelsRegisteredManifest() public {
        bytes32 id = _register(_valid());
        _approve(id, 1); // below the threshold: still "before approval"
        vm.expectEmit(address(guard));
        emit Ev.ManifestCancelled(id, proposer);
        vm.prank(proposer);
        guard.cancel(id);
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Cancelled));
    }

    function test_cancel_RevertWhen_NotProposer() public {
        bytes32 id = _register(_valid());
        address[4] memory callers = [approver1, executor, guardian, stranger];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNotProposer.selector, callers[i]));
            vm.prank(callers[i]);
            guard.cancel(id);
        }
    }

    function test_cancel_RevertWhen_AnotherProposer() public {
        address proposer2 = makeAddr("proposer2");
        T.GuardConfig memory config = defaultConfig();
        config.proposers = new address[](2);
        config.proposers[0] = proposer;
        config.proposers[1] = proposer2;
        _configureAsSafe(config);
        bytes32 id = _register(_valid());
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNotProposer.selector, proposer2));
        vm.prank(proposer2);
        guard.cancel(id);
    }

    function test_cancel_RevertWhen_Approved() public {
        bytes32 id = _register(_valid());
        _approve(id, 2);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardInvalidStatus.selector, id, T.ManifestStatus.Approved));
        vm.prank(proposer);
        guard.cancel(id);
    }

    function test_cancel_RevertWhen_AlreadyCancelled() public {
        bytes32 id = _register(_valid());
        vm.prank(proposer);
        guard.cancel(id);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardInvalidStatus.selector, id, T.ManifestStatus.Cancelled));
        vm.prank(proposer);
        guard.cancel(id);
    }

    function test_cancel_RevertWhen_UnknownManifest() public {
        bytes32 id = keccak256("unknown");
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardUnknownManifest.selector, id));
        vm.prank(proposer);
        guard.cancel(id);
    }
}
