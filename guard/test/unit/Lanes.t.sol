// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuard} from "../../src/interfaces/IManifestGuard.sol";
import {IManifestGuardErrors as E} from "../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {IManifestLifecycle} from "../../src/interfaces/IManifestLifecycle.sol";
import {ISafe} from "../utils/ISafe.sol";
import {SafeDeployer} from "../utils/SafeDeployer.sol";
import {Target} from "../utils/Targets.sol";
import {UnitTestBase} from "./UnitTestBase.sol";

/// @notice The lane is computed, never declared: a step (or any call inside a MultiSend batch) that touches the
///         Safe, the guard, a configured authority or a privileged selector makes the manifest privileged, which
///         then needs the higher approval threshold and the longer delay.
abstract contract LanesTest is UnitTestBase {
    function _laneOf(T.Step memory step) internal view returns (T.Lane) {
        T.Manifest memory m = _release("OPS-1", step);
        m.rollback = keccak256("OPS-1-rollback");
        return guard.computeLane(m);
    }

    function _assertPrivileged(T.Step memory step) internal view {
        assertEq(uint8(_laneOf(step)), uint8(T.Lane.Privileged));
    }

    function _assertRoutine(T.Step memory step) internal view {
        assertEq(uint8(_laneOf(step)), uint8(T.Lane.Routine));
    }

    // ------------------------------------------------------------ classification

    function test_computeLane_RoutineForPlainCall() public view {
        _assertRoutine(_setStep(1));
        _assertRoutine(_step(address(target), "")); // no selector at all
    }

    function test_computeLane_PrivilegedWhenTargetIsSafe() public view {
        // Any call to the Safe itself, whatever the selector.
        _assertPrivileged(_safeStep(abi.encodeWithSignature("approveHash(bytes32)", bytes32(0))));
        _assertPrivileged(_safeStep(""));
    }

    function test_computeLane_PrivilegedWhenTargetIsGuard() public view {
        _assertPrivileged(_step(address(guard), abi.encodeCall(IManifestLifecycle.freeze, (1 hours))));
    }

    function test_computeLane_PrivilegedWhenTargetIsAuthority() public {
        T.GuardConfig memory config = defaultConfig();
        config.authorities = new address[](1);
        config.authorities[0] = address(target);
        _configureAsSafe(config);
        _assertPrivileged(_setStep(1));
    }

    function test_computeLane_PrivilegedWhenSelectorConfigured() public {
        T.GuardConfig memory config = defaultConfig();
        config.privilegedSelectors = new bytes4[](1);
        config.privilegedSelectors[0] = Target.set.selector;
        _configureAsSafe(config);
        _assertPrivileged(_setStep(1));
        _assertRoutine(_step(address(target), abi.encodeCall(Target.pause, ())));
    }

    function test_computeLane_PrivilegedWhenDefaultSelectorOnAnyTarget() public view {
        _assertPrivileged(_step(address(target), abi.encodeCall(Target.transferOwnership, (stranger))));
    }

    function test_computeLane_PrivilegedWhenLaterPhasePrivileged() public view {
        T.Manifest memory m = _twoPhases(
            _release("OPS-1", _setStep(1)),
            _phase(_step(address(target), abi.encodeCall(Target.transferOwnership, (stranger))))
        );
        m.rollback = keccak256("OPS-1-rollback");
        assertEq(uint8(guard.computeLane(m)), uint8(T.Lane.Privileged));
    }

    function test_computeLane_RoutineBatch() public view {
        _assertRoutine(_multiSend(_steps(_setStep(1), _setStep(2))));
    }

    function test_computeLane_PrivilegedWhenBatchCallsSafe() public view {
        _assertPrivileged(_multiSend(_steps(_setStep(1), _safeStep(abi.encodeCall(ISafe.changeThreshold, (1))))));
    }

    function test_computeLane_PrivilegedWhenBatchHasInnerDelegateCall() public view {
        T.Step memory inner = _setStep(2);
        inner.operation = DELEGATECALL;
        _assertPrivileged(_multiSend(_steps(_setStep(1), inner)));
    }

    // ------------------------------------------------------------ a privileged change smuggled into a batch

    function test_checkTransaction_PrivilegedBatchNeedsThreeApprovalsAndLongerDelay() public {
        T.Step memory batch = _multiSend(
            _steps(_setStep(1), _step(address(target), abi.encodeCall(Target.transferOwnership, (stranger))))
        );
        T.Manifest memory m = _release("OPS-1", batch);
        m.rollback = _readyRollback("OPS-1-rollback", _setStep(0));
        bytes32 id = _register(m);
        T.ManifestView memory view_ = guard.getManifest(id);
        assertEq(uint8(view_.lane), uint8(T.Lane.Privileged));
        assertEq(view_.requiredApprovals, 3);

        // The routine threshold is not enough.
        _approve(id, 2);
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Registered));
        vm.warp(block.timestamp + 1 days);
        _expectExecRevert(batch, abi.encodeWithSelector(E.ManifestGuardNotApproved.selector, id));

        // The third approval starts the privileged delay (2 days, not 1 hour).
        vm.prank(approver3);
        guard.approve(id);
        uint64 executableFrom = uint64(block.timestamp) + 2 days;
        assertEq(guard.getManifest(id).executableFrom, executableFrom);
        vm.warp(block.timestamp + 1 hours);
        _expectExecRevert(
            batch, abi.encodeWithSelector(E.ManifestGuardTooEarly.selector, id, executableFrom, uint64(block.timestamp))
        );
        vm.warp(executableFrom);
        assertTrue(_exec(batch));
        assertEq(target.value(), 1);
        assertEq(target.owner(), stranger);
    }

    function test_checkTransaction_AddOwnerSmuggledInBatchIsPrivileged() public {
        address newOwner = makeAddr("new-owner");
        T.Step memory batch =
            _multiSend(_steps(_setStep(1), _safeStep(abi.encodeCall(ISafe.addOwnerWithThreshold, (newOwner, 2)))));
        T.Manifest memory m = _release("OPS-1", batch);
        uint256 approvedAt = block.timestamp;
        bytes32 id = _ready(m);
        T.ManifestView memory view_ = guard.getManifest(id);
        assertEq(uint8(view_.lane), uint8(T.Lane.Privileged));
        assertEq(view_.approvals, 3);
        assertEq(view_.executableFrom, approvedAt + 2 days);
        assertTrue(_exec(batch));
        assertEq(safe.getOwners().length, 4);
        assertEq(safe.getOwners()[0], newOwner);
    }

    function test_checkTransaction_RoutineBatchRunsWithRoutineRules() public {
        T.Step memory batch = _multiSend(_steps(_setStep(1), _setStep(2)));
        uint256 approvedAt = block.timestamp;
        bytes32 id = _ready(_release("OPS-1", batch));
        assertEq(guard.getManifest(id).approvals, 2);
        assertEq(guard.getManifest(id).executableFrom, approvedAt + 1 hours);
        assertTrue(_exec(batch));
        assertEq(target.value(), 2);
    }
}

contract LanesTest_v130 is LanesTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_3_0;
    }
}

contract LanesTest_v141 is LanesTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_4_1;
    }
}

contract LanesTest_v150 is LanesTest {}
