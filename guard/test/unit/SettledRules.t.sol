// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ManifestGuard} from "../../src/ManifestGuard.sol";
import {IManifestGuard} from "../../src/interfaces/IManifestGuard.sol";
import {IManifestGuardErrors as E} from "../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardEvents as Ev} from "../../src/interfaces/IManifestGuardEvents.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {ISafeTransactionGuard} from "../../src/interfaces/ISafeTransactionGuard.sol";
import {ISafe} from "../utils/ISafe.sol";
import {SafeDeployer} from "../utils/SafeDeployer.sol";
import {ReturnBomb, Target} from "../utils/Targets.sol";
import {UnitTestBase} from "./UnitTestBase.sol";

/// @notice The attacks that succeeded against the first release, one test each, named for the attack, with the rule
///         that now stops it (SPEC "Rules settled after the first release", rules 1-10) and its exact error.
abstract contract SettledRulesTest is UnitTestBase {
    address internal approver4 = makeAddr("approver4");

    /// @dev keccak256("fallback_manager.handler.address"), the Safe's fallback handler slot.
    bytes32 internal constant FALLBACK_HANDLER_SLOT =
        0x6c9a6c4a39284e37ed1cf53d337577d14212a4870fb976a4366c693b939918d5;

    // ------------------------------------------------------------ helpers

    function _removalStep() internal view returns (T.Step memory) {
        return _safeStep(abi.encodeCall(ISafe.setGuard, (address(0))));
    }

    /// @dev The guard's removal as a privileged Release with a routine rollback, registered and approved.
    function _approvedRemoval(string memory ticket) internal returns (bytes32 id, T.Manifest memory m) {
        m = _release(ticket, _removalStep());
        m.rollback = _readyRollback(string.concat(ticket, "-rollback"), _setStep(uint256(keccak256(bytes(ticket)))));
        id = _registerApproved(m);
    }

    function _halt(bytes32 id) internal {
        vm.prank(guardian);
        guard.halt(id);
    }

    function _reinstateBy(bytes32 id, uint256 votes) internal {
        address[3] memory approvers = [approver1, approver2, approver3];
        for (uint256 i; i < votes; ++i) {
            vm.prank(approvers[i]);
            guard.reinstate(id);
        }
    }

    function _configWithApprovers(address a, address b, address c) internal view returns (T.GuardConfig memory config) {
        config = defaultConfig();
        config.approvers = _list(a, b, c);
    }

    /// @dev A routine rollback (`target.set(value)`) registered and approved; returns its id and its manifest.
    function _approvedRollback(string memory ticket, uint256 value) internal returns (bytes32 id, T.Manifest memory m) {
        m = _rollbackManifest(ticket, _setStep(value));
        id = _registerApproved(m);
    }

    function _epoch() internal view returns (uint64) {
        return guard.configEpoch();
    }

    // ------------------------------------------------------------ rule 1: no single key blocks the way back

    function test_attack_RogueGuardianHaltsGuardRemoval_ApproversReinstateAndRemove() public {
        (bytes32 id,) = _approvedRemoval("REMOVE-1");
        _halt(id);
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Halted));
        assertTrue(guard.manifestState(id).reinstatable);

        vm.prank(approver1);
        guard.reinstate(id);
        vm.prank(approver2);
        guard.reinstate(id);
        uint64 executableFrom = uint64(block.timestamp) + 2 days;
        vm.expectEmit(address(guard));
        emit Ev.ManifestReinstated(id, executableFrom);
        vm.prank(approver3);
        guard.reinstate(id);
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Approved));
        assertEq(guard.getManifest(id).executableFrom, executableFrom);

        // The delay counts again from the reinstatement.
        vm.warp(executableFrom - 1);
        _expectExecRevert(_removalStep(), _errTooEarly(id));
        vm.warp(executableFrom);
        assertTrue(_exec(_removalStep()));
        assertEq(_guardOf(safe), address(0));
    }

    function test_attack_RogueGuardianHaltsAgainAfterReinstatement() public {
        (bytes32 id,) = _approvedRemoval("REMOVE-2");
        _halt(id);
        _reinstateBy(id, 3);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardAlreadyReinstated.selector, id));
        vm.prank(guardian);
        guard.halt(id);
        assertFalse(guard.manifestState(id).reinstatable);
        assertTrue(guard.manifestState(id).reinstated);
    }

    function test_reinstate_PrivilegedHaltedWhileRegistered() public {
        T.Manifest memory m = _release("REMOVE-3", _removalStep());
        m.rollback = _readyRollback("REMOVE-3-rollback", _setStep(3));
        bytes32 id = _register(m);
        _halt(id);
        _reinstateBy(id, 3);
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Registered));
        _approve(id, 3);
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Approved));
    }

    function test_reinstate_RevertWhen_BelowPrivilegedThreshold() public {
        (bytes32 id,) = _approvedRemoval("REMOVE-4");
        _halt(id);
        _reinstateBy(id, 2);
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Halted));
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardAlreadyVotedReinstate.selector, id, approver1));
        vm.prank(approver1);
        guard.reinstate(id);
    }

    function test_reinstate_RevertWhen_RoutineHaltIsFinal() public {
        bytes32 id = _ready(_release("OPS-R1", _setStep(1)));
        _halt(id);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNotReinstatable.selector, id));
        vm.prank(approver1);
        guard.reinstate(id);
    }

    function test_reinstate_RevertWhen_NotApprover() public {
        (bytes32 id,) = _approvedRemoval("REMOVE-5");
        _halt(id);
        address[3] memory callers = [proposer, guardian, executor];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNotApprover.selector, callers[i]));
            vm.prank(callers[i]);
            guard.reinstate(id);
        }
    }

    function test_reinstate_RevertWhen_NotHalted() public {
        (bytes32 id,) = _approvedRemoval("REMOVE-6");
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNotReinstatable.selector, id));
        vm.prank(approver1);
        guard.reinstate(id);
    }

    function test_reinstate_VotesOfRemovedApproversDoNotCount() public {
        (bytes32 id,) = _approvedRemoval("REMOVE-7");
        _halt(id);
        _reinstateBy(id, 2);
        _configureAsSafe(_configWithApprovers(approver1, approver3, approver4));
        vm.prank(approver3);
        guard.reinstate(id);
        // approver2's vote no longer counts: 2 of 3.
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Halted));
        vm.prank(approver4);
        guard.reinstate(id);
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Approved));
    }

    function test_reinstate_RevertWhen_ItsRollbackRan() public {
        // A privileged two-step release: the guardian halts it after its first step, then its rollback runs.
        T.Step memory owner = _step(address(target), abi.encodeCall(Target.transferOwnership, (stranger)));
        T.Manifest memory m = _release("REL-PRIV", _phase(_setStep(61), owner));
        bytes32 id = _ready(m);
        assertTrue(_exec(_setStep(61)));
        _halt(id);
        assertTrue(guard.manifestState(id).reinstatable);
        assertTrue(_exec(_setStep(0))); // the rollback `_ready` made
        assertFalse(guard.manifestState(id).reinstatable, "the rollback ran: the halt is final");
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNotReinstatable.selector, id));
        vm.prank(approver1);
        guard.reinstate(id);
    }

    function test_attack_RaisedThresholdStillStartsOnOldApprovals() public {
        T.Manifest memory m = _release("OPS-RAISE", _setStep(62));
        bytes32 id = _ready(m); // sets m.rollback
        T.GuardConfig memory config = defaultConfig();
        config.routineThreshold = 3;
        _configureAsSafe(config);
        // The lane is unchanged (routine): after the reclassification, the approvals are counted again.
        guard.reclassify(m);
        _expectExecRevert(
            _setStep(62), abi.encodeWithSelector(E.ManifestGuardApprovalsLapsed.selector, id, uint256(2), uint256(3))
        );
    }

    // ------------------------------------------------------------ rule 2: no waiver shortens a delay

    function test_attack_PrivilegedRollbackWaivesItsDelay() public {
        // The privileged change sits in the Rollback, named as the rollback of a routine Release.
        T.Step memory privileged = _step(address(target), abi.encodeCall(Target.transferOwnership, (stranger)));
        bytes32 rollbackId = _registerApproved(_rollbackManifest("RB-EVIL", privileged));
        uint64 rollbackFrom = uint64(block.timestamp) + 2 days;
        assertEq(guard.getManifest(rollbackId).executableFrom, rollbackFrom);
        T.Manifest memory release = _release("REL-EVIL", _setStep(7));
        release.rollback = rollbackId;
        bytes32 id = _registerApproved(release);
        vm.warp(guard.getManifest(id).executableFrom);

        bytes memory notReady = abi.encodeWithSelector(
            E.ManifestGuardRollbackNotExecutable.selector,
            id,
            rollbackId,
            abi.encodeWithSelector(E.ManifestGuardTooEarly.selector, rollbackId, rollbackFrom, uint64(block.timestamp))
        );
        _expectExecRevert(_setStep(7), notReady);
        assertFalse(guard.manifestState(id).rollbackReady);
        assertEq(guard.manifestState(id).rollbackReason, notReady);

        // Once the rollback is executable on its own terms, the release starts and the rollback may follow.
        vm.warp(rollbackFrom);
        assertTrue(guard.manifestState(id).rollbackReady);
        assertTrue(_exec(_setStep(7)));
        assertTrue(_exec(privileged));
    }

    function test_rollback_ArmedRunsAtOnceAfterAConfigurationChange() public {
        (, T.Manifest memory rollback) = _approvedRollback("RB-ROTATE", 0);
        T.Manifest memory m = _release("REL-ROTATE", _phase(_setStep(63), _setStep(64)));
        m.rollback = guard.manifestId(rollback);
        _ready(m);
        assertTrue(_exec(_setStep(63)));
        // The approvers change: the armed rollback's lane is stale and its approvals lapsed, yet the way back runs.
        _configureAsSafe(_configWithApprovers(approver3, approver4, makeAddr("approver5")));
        assertFalse(guard.manifestState(guard.manifestId(rollback)).laneCurrent);
        assertTrue(guard.manifestState(guard.manifestId(m)).rollbackReady);
        assertTrue(_exec(_setStep(0)));
        assertEq(target.value(), 0);
    }

    function test_attack_RollbackRunsBeforeItsRelease() public {
        bytes32 rollbackId = _readyRollback("RB-EARLY", _setStep(0));
        vm.warp(block.timestamp + 30 days - 1);
        _expectExecRevert(_setStep(0), abi.encodeWithSelector(E.ManifestGuardRollbackNotArmed.selector, rollbackId));
        assertEq(
            guard.manifestState(rollbackId).reason,
            abi.encodeWithSelector(E.ManifestGuardRollbackNotArmed.selector, rollbackId)
        );
    }

    // ------------------------------------------------------------ rule 3: kinds are checked, not trusted

    function test_attack_EmergencyUpgradeSkipsRollbackAndFreeze() public {
        T.Manifest memory m = _emergency("EMG-EVIL", _setStep(99));
        bytes32 id = guard.manifestId(m);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNotContainment.selector, id, 0, 0, Target.set.selector));
        vm.prank(proposer);
        guard.register(m);
    }

    function test_attack_EmergencyBatchHidesANonContainmentCall() public {
        T.Step memory batch = _multiSend(_steps(_step(address(target), abi.encodeCall(Target.pause, ())), _setStep(98)));
        T.Manifest memory m = _emergency("EMG-BATCH", batch);
        vm.expectRevert(
            abi.encodeWithSelector(
                E.ManifestGuardNotContainment.selector, guard.manifestId(m), 0, 0, Target.set.selector
            )
        );
        vm.prank(proposer);
        guard.register(m);
    }

    function test_emergency_PauseRunsDuringFreeze() public {
        T.Step memory pause = _step(address(target), abi.encodeCall(Target.pause, ()));
        bytes32 id = _registerApproved(_emergency("EMG-1", pause));
        vm.warp(guard.getManifest(id).executableFrom);
        vm.prank(guardian);
        guard.freeze(1 days);
        assertTrue(_exec(pause));
        assertTrue(target.paused());
    }

    function test_emergency_ConfiguredContainmentSet() public {
        T.GuardConfig memory config = defaultConfig();
        config.containmentSelectors = new bytes4[](1);
        config.containmentSelectors[0] = Target.fail.selector;
        _configureAsSafe(config);
        T.Manifest memory pauseOnly = _emergency("EMG-2", _step(address(target), abi.encodeCall(Target.pause, ())));
        vm.expectRevert(
            abi.encodeWithSelector(
                E.ManifestGuardNotContainment.selector, guard.manifestId(pauseOnly), 0, 0, Target.pause.selector
            )
        );
        vm.prank(proposer);
        guard.register(pauseOnly);
        _register(_emergency("EMG-3", _step(address(target), abi.encodeCall(Target.fail, (1)))));
    }

    function test_configure_RevertWhen_ContainmentSelectorIsPrivileged() public {
        T.GuardConfig memory config = defaultConfig();
        config.containmentSelectors = new bytes4[](1);
        config.containmentSelectors[0] = Target.transferOwnership.selector;
        vm.expectRevert(
            abi.encodeWithSelector(E.ManifestGuardInvalidEntry.selector, bytes32(Target.transferOwnership.selector))
        );
        vm.prank(address(safe));
        guard.configure(config);
    }

    // ------------------------------------------------------------ rule 4: the lane follows the configuration

    function test_attack_TargetBecomesAuthorityAfterRegistration() public {
        T.Manifest memory m = _release("OPS-AUTH", _setStep(5));
        m.rollback = _readyRollback("OPS-AUTH-rollback", _setStep(0));
        bytes32 id = _register(m);
        uint64 registeredAt = _epoch();
        T.GuardConfig memory config = defaultConfig();
        config.authorities = _list(address(target));
        _configureAsSafe(config);
        assertFalse(guard.manifestState(id).laneCurrent);

        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardLaneStale.selector, id, registeredAt, _epoch()));
        vm.prank(approver1);
        guard.approve(id);

        vm.expectEmit(address(guard));
        emit Ev.ManifestReclassified(id, T.Lane.Privileged, _epoch());
        assertEq(uint8(guard.reclassify(m)), uint8(T.Lane.Privileged));
        _approve(id, 2);
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Registered), "needs the privileged threshold now");
        vm.prank(approver3);
        guard.approve(id);
        assertEq(guard.getManifest(id).executableFrom, uint64(block.timestamp) + 2 days);
    }

    function test_attack_ApprovedRoutineThenTargetBecomesAuthority() public {
        (bytes32 rollbackId, T.Manifest memory rollback) = _approvedRollback("OPS-AUTH2-rollback", 0);
        T.Manifest memory m = _release("OPS-AUTH2", _setStep(6));
        m.rollback = rollbackId;
        bytes32 id = _registerApproved(m);
        uint64 classified = _epoch();
        T.GuardConfig memory config = defaultConfig();
        config.authorities = _list(address(target));
        _configureAsSafe(config);
        vm.warp(guard.getManifest(id).executableFrom);

        _expectExecRevert(
            _setStep(6), abi.encodeWithSelector(E.ManifestGuardLaneStale.selector, id, classified, _epoch())
        );
        guard.reclassify(m);
        _expectExecRevert(
            _setStep(6), abi.encodeWithSelector(E.ManifestGuardApprovalsLapsed.selector, id, uint256(2), uint256(3))
        );
        vm.prank(approver3);
        guard.approve(id);
        uint64 executableFrom = guard.getManifest(id).executableFrom;
        assertEq(executableFrom, uint64(block.timestamp) + 2 days);
        // Its rollback calls the same target: privileged now too, and approved again at that threshold.
        assertEq(uint8(guard.reclassify(rollback)), uint8(T.Lane.Privileged));
        vm.prank(approver3);
        guard.approve(rollbackId);
        vm.warp(executableFrom);
        assertTrue(_exec(_setStep(6)));
    }

    function test_attack_FallbackHandlerBecomesTargetAfterRegistration() public {
        T.Manifest memory m = _release("OPS-FBH", _setStep(8));
        m.rollback = _readyRollback("OPS-FBH-rollback", _setStep(0));
        bytes32 id = _register(m);
        uint64 before = _epoch();
        vm.store(address(safe), FALLBACK_HANDLER_SLOT, bytes32(uint256(uint160(address(target)))));
        assertEq(_epoch(), before + 1);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardLaneStale.selector, id, before, before + 1));
        vm.prank(approver1);
        guard.approve(id);
        assertEq(uint8(guard.reclassify(m)), uint8(T.Lane.Privileged));
    }

    function test_reclassify_RevertWhen_Started() public {
        T.Manifest memory m = _release("OPS-RC", _phase(_setStep(1), _setStep(2)));
        bytes32 id = _ready(m);
        assertTrue(_exec(_setStep(1)));
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardInvalidStatus.selector, id, T.ManifestStatus.Approved));
        guard.reclassify(m);
    }

    // ------------------------------------------------------------ rule 5: calls inside calls are classified

    function _laneOfStep(T.Step memory step) internal view returns (T.Lane) {
        T.Manifest memory m = _release("OPS-NEST", step);
        m.rollback = keccak256("OPS-NEST-rollback");
        return guard.computeLane(m);
    }

    function _transferOwnership() internal view returns (bytes memory) {
        return abi.encodeCall(Target.transferOwnership, (stranger));
    }

    function test_attack_TransferOwnershipInsideUpgradeToAndCall() public view {
        bytes memory upgrade =
            abi.encodeWithSignature("upgradeToAndCall(address,bytes)", address(target), _transferOwnership());
        assertEq(uint8(_laneOfStep(_step(address(target), upgrade))), uint8(T.Lane.Privileged));
        bytes memory plain = abi.encodeWithSignature(
            "upgradeToAndCall(address,bytes)", address(target), abi.encodeCall(Target.set, (1))
        );
        assertEq(uint8(_laneOfStep(_step(address(target), plain))), uint8(T.Lane.Routine));
    }

    function test_attack_TransferOwnershipInsideMulticall() public view {
        bytes[] memory calls = new bytes[](2);
        calls[0] = abi.encodeCall(Target.set, (1));
        calls[1] = _transferOwnership();
        bytes memory data = abi.encodeWithSignature("multicall(bytes[])", calls);
        assertEq(uint8(_laneOfStep(_step(address(target), data))), uint8(T.Lane.Privileged));
        calls[1] = abi.encodeCall(Target.set, (2));
        data = abi.encodeWithSignature("multicall(bytes[])", calls);
        assertEq(uint8(_laneOfStep(_step(address(target), data))), uint8(T.Lane.Routine));
    }

    function test_attack_TransferOwnershipInsideProxyAdminUpgradeAndCall() public view {
        bytes memory data = abi.encodeWithSignature(
            "upgradeAndCall(address,address,bytes)", address(target), address(telemetry), _transferOwnership()
        );
        assertEq(uint8(_laneOfStep(_step(address(telemetry), data))), uint8(T.Lane.Privileged));
    }

    function test_attack_PrivilegedCallNestedInsideMulticallInsideUpgrade() public view {
        bytes[] memory calls = new bytes[](1);
        calls[0] = _transferOwnership();
        bytes memory data = abi.encodeWithSignature(
            "upgradeToAndCall(address,bytes)", address(target), abi.encodeWithSignature("multicall(bytes[])", calls)
        );
        assertEq(
            uint8(_laneOfStep(_multiSend(_steps(_setStep(1), _step(address(target), data))))), uint8(T.Lane.Privileged)
        );
    }

    function test_lane_UnreadableInnerDataIsPrivileged() public view {
        // An offset that points past the end: the guard cannot read it, so it is not routine.
        bytes memory data =
            abi.encodePacked(bytes4(0x4f1ef286), bytes32(uint256(uint160(address(target)))), bytes32(uint256(1 << 40)));
        assertEq(uint8(_laneOfStep(_step(address(target), data))), uint8(T.Lane.Privileged));
    }

    function test_lane_NestingDeeperThanMaxIsPrivileged() public view {
        bytes memory data = abi.encodeCall(Target.set, (1));
        for (uint256 i; i < 5; ++i) {
            data = abi.encodeWithSignature("upgradeToAndCall(address,bytes)", address(target), data);
        }
        assertEq(uint8(_laneOfStep(_step(address(target), data))), uint8(T.Lane.Privileged));
    }

    function test_attack_SetDomainVerifierIsPrivileged() public view {
        bytes memory data = abi.encodeWithSignature("setDomainVerifier(bytes32,address)", bytes32(uint256(1)), stranger);
        assertEq(uint8(_laneOfStep(_step(address(target), data))), uint8(T.Lane.Privileged));
        bytes4[5] memory setters = [
            bytes4(keccak256("setSafeMethod(bytes4,bytes32)")),
            bytes4(keccak256("setDomainVerifier(bytes32,address)")),
            bytes4(keccak256("setSupportedInterface(bytes4,bool)")),
            bytes4(keccak256("addSupportedInterfaceBatch(bytes4,bytes32[])")),
            bytes4(keccak256("removeSupportedInterfaceBatch(bytes4,bytes4[])"))
        ];
        for (uint256 i; i < setters.length; ++i) {
            T.Step memory step = _step(address(target), abi.encodePacked(setters[i], bytes32(0), bytes32(0)));
            assertEq(uint8(_laneOfStep(step)), uint8(T.Lane.Privileged));
        }
    }

    function test_attack_CallToTheSafesFallbackHandlerIsPrivileged() public {
        vm.store(address(safe), FALLBACK_HANDLER_SLOT, bytes32(uint256(uint160(address(telemetry)))));
        T.Step memory step = _step(address(telemetry), abi.encodeCall(telemetry.setReading, (1)));
        assertEq(uint8(_laneOfStep(step)), uint8(T.Lane.Privileged));
    }

    // ------------------------------------------------------------ rule 6: approvals are counted when used

    function test_attack_RemovedApproverStillCountsAtExecution() public {
        (bytes32 rollbackId, T.Manifest memory rollback) = _approvedRollback("OPS-GONE-rollback", 0);
        T.Manifest memory m = _release("OPS-GONE", _setStep(11));
        m.rollback = rollbackId;
        bytes32 id = _ready(m);
        // approver1 and approver2 approved both; approver2 is removed.
        _configureAsSafe(_configWithApprovers(approver1, approver3, approver4));
        _expectExecRevert(
            _setStep(11), abi.encodeWithSelector(E.ManifestGuardLaneStale.selector, id, _epoch() - 1, _epoch())
        );
        guard.reclassify(m);
        _expectExecRevert(
            _setStep(11), abi.encodeWithSelector(E.ManifestGuardApprovalsLapsed.selector, id, uint256(1), uint256(2))
        );
        vm.prank(approver4);
        guard.approve(id);
        uint64 executableFrom = guard.getManifest(id).executableFrom;
        assertEq(
            executableFrom, uint64(block.timestamp) + 1 hours, "the delay counts from the approval that made it up"
        );
        vm.warp(executableFrom);
        guard.reclassify(rollback);
        _expectExecRevert(
            _setStep(11),
            abi.encodeWithSelector(
                E.ManifestGuardRollbackNotExecutable.selector,
                id,
                rollbackId,
                abi.encodeWithSelector(E.ManifestGuardApprovalsLapsed.selector, rollbackId, uint256(1), uint256(2))
            )
        );
        vm.prank(approver4);
        guard.approve(rollbackId);
        vm.warp(guard.getManifest(rollbackId).executableFrom);
        assertTrue(_exec(_setStep(11)));
    }

    function test_approve_AddsToApprovedManifestWithoutMovingItsTime() public {
        (bytes32 rollbackId,) = _approvedRollback("OPS-ADD-rollback", 0);
        T.Manifest memory m = _release("OPS-ADD", _setStep(12));
        m.rollback = rollbackId;
        bytes32 id = _registerApproved(m);
        uint64 executableFrom = guard.getManifest(id).executableFrom;
        vm.warp(block.timestamp + 10 minutes);
        vm.prank(approver3);
        guard.approve(id);
        assertEq(guard.getManifest(id).executableFrom, executableFrom);
        assertEq(guard.getManifest(id).approvals, 3);
    }

    function test_attack_RemovedApproversLiftVoteCounts() public {
        vm.prank(guardian);
        guard.freeze(1 days);
        vm.prank(approver1);
        guard.liftFreeze();
        _configureAsSafe(_configWithApprovers(approver2, approver3, approver4));
        vm.prank(approver2);
        guard.liftFreeze();
        assertGt(guard.frozenUntil(), block.timestamp, "a removed approver's vote lifted the freeze");
        vm.prank(approver3);
        guard.liftFreeze();
        assertLe(guard.frozenUntil(), block.timestamp);
    }

    // ------------------------------------------------------------ rule 7: only live manifests hold steps

    function test_attack_ExpiredManifestKeepsItsSteps() public {
        T.Manifest memory m = _release("OPS-OLD", _setStep(13));
        m.rollback = keccak256("x");
        _register(m);
        bytes32 approvedOld = _ready(_release("OPS-OLD2", _setStep(14)));
        vm.warp(block.timestamp + WINDOW + 1);
        T.Manifest memory again = _release("OPS-NEW", _setStep(13));
        again.rollback = keccak256("y");
        bytes32 id = _register(again);
        assertEq(
            guard.explainTransaction(address(target), 0, _setStep(13).data, CALL, 0, address(0), address(0), executor)
            .manifestId,
            id
        );
        T.Manifest memory again2 = _release("OPS-NEW2", _setStep(14));
        again2.rollback = keccak256("z");
        bytes32 id2 = _register(again2);
        assertTrue(id2 != approvedOld);
        assertEq(
            guard.explainTransaction(address(target), 0, _setStep(14).data, CALL, 0, address(0), address(0), executor)
            .manifestId,
            id2
        );
    }

    // ------------------------------------------------------------ rule 8: bounded return data

    function test_attack_ReturnDataBombInCheck() public {
        ReturnBomb bomb = new ReturnBomb(64 * 1024);
        T.Manifest memory m = _release("OPS-BOMB", _setStep(15));
        bytes32 expected = keccak256("anything");
        m.phases[0].checks = new T.Check[](1);
        m.phases[0].checks[0] = _resultCheck(address(bomb), "", expected);
        bytes32 id = _ready(m);
        _expectExecRevert(
            _setStep(15), abi.encodeWithSelector(E.ManifestGuardCheckFailed.selector, id, 0, 0, expected, bytes32(0))
        );
    }

    function test_attack_ReturnDataBombInEntryCondition() public {
        ReturnBomb bomb = new ReturnBomb(64 * 1024);
        T.Manifest memory m = _release("OPS-BOMB2", _setStep(16));
        m.phases[0].conditions = new T.Condition[](1);
        m.phases[0].conditions[0] = _condition(address(bomb), "", 0, type(uint256).max - 1);
        bytes32 id = _ready(m);
        _expectExecRevert(
            _setStep(16),
            abi.encodeWithSelector(
                E.ManifestGuardEntryConditionFailed.selector, id, 0, 0, type(uint256).max, 0, type(uint256).max - 1
            )
        );
    }

    function test_check_AnswerOfExactlyMaxReturnDataIsRead() public {
        ReturnBomb bomb = new ReturnBomb(4096);
        (, bytes memory answer) = address(bomb).staticcall("");
        assertEq(answer.length, 4096);
        T.Manifest memory m = _release("OPS-4K", _setStep(17));
        m.phases[0].checks = new T.Check[](1);
        m.phases[0].checks[0] = _resultCheck(address(bomb), "", keccak256(answer));
        _ready(m);
        assertTrue(_exec(_setStep(17)));
    }

    // ------------------------------------------------------------ rule 9: the zero address is nobody

    function test_attack_ZeroSenderAfterConfigureClearsExecutorCache() public {
        (bytes32 id, T.Step[] memory steps) = _readyThree("OPS-ZERO");
        assertTrue(_exec(steps[0]));
        _configureAsSafe(defaultConfig()); // clears the cached executor to address(0)
        T.Verdict memory verdict =
            guard.explainTransaction(steps[1].to, 0, steps[1].data, CALL, 0, address(0), address(0), address(0));
        assertFalse(verdict.allowed);
        assertEq(verdict.reason, abi.encodeWithSelector(E.ManifestGuardNotExecutor.selector, address(0)));
        bytes memory hook = abi.encodeCall(
            ISafeTransactionGuard.checkTransaction,
            (steps[1].to, 0, steps[1].data, CALL, 0, 0, 0, address(0), payable(address(0)), "", address(0))
        );
        vm.prank(address(safe));
        (bool ok, bytes memory reason) = address(guard).call(hook);
        assertFalse(ok);
        assertEq(reason, abi.encodeWithSelector(E.ManifestGuardNotExecutor.selector, address(0)));
        assertEq(guard.manifestState(id).nextStep, 1);
    }

    function _readyThree(string memory ticket) internal returns (bytes32 id, T.Step[] memory steps) {
        steps = _steps(_setStep(21), _setStep(22), _setStep(23));
        id = _ready(_release(ticket, _phaseOf(steps)));
    }

    // ------------------------------------------------------------ rule 10: the derived state

    function test_manifestState_FollowsTheLifecycle() public {
        T.Manifest memory m = _release("OPS-STATE", _phase(_setStep(31), _setStep(32)));
        m.rollback = _readyRollback("OPS-STATE-rollback", _setStep(0));
        bytes32 id = _register(m);
        T.ManifestState memory state = guard.manifestState(id);
        assertEq(uint8(state.status), uint8(T.ManifestStatus.Registered));
        assertEq(state.reason, abi.encodeWithSelector(E.ManifestGuardNotApproved.selector, id));
        assertFalse(state.open);
        assertTrue(state.laneCurrent);
        _approve(id, 2);
        state = guard.manifestState(id);
        assertEq(state.approvals, 2);
        assertEq(state.requiredApprovals, 2);
        assertEq(state.reason, _errTooEarly(id));
        vm.warp(state.executableFrom);
        state = guard.manifestState(id);
        assertTrue(state.open);
        assertTrue(state.rollbackReady);
        assertFalse(state.started);
        assertTrue(_exec(_setStep(31)));
        state = guard.manifestState(id);
        assertTrue(state.started);
        assertEq(state.nextStep, 1);
        assertTrue(state.rollbackReady, "the bound rollback may run at once");
        _halt(id);
        state = guard.manifestState(id);
        assertEq(state.reason, abi.encodeWithSelector(E.ManifestGuardManifestHalted.selector, id));
        assertFalse(state.reinstatable, "a routine halt is final");
        assertTrue(state.rollbackReady);
    }
}

contract SettledRulesTest_v130 is SettledRulesTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_3_0;
    }
}

contract SettledRulesTest_v141 is SettledRulesTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_4_1;
    }
}

contract SettledRulesTest_v150 is SettledRulesTest {}

/// @notice The deployment commits to the first configuration; anyone may set exactly that one, once.
contract InitializationTest is UnitTestBase {
    function test_initialize_RevertWhen_ConfigDiffersFromCommitted() public {
        T.GuardConfig memory config = defaultConfig();
        bytes32 committed = keccak256(abi.encode(config));
        IManifestGuard fresh = IManifestGuard(address(new ManifestGuard(address(safe), committed)));
        T.GuardConfig memory other = defaultConfig();
        other.executors = _list(stranger);
        vm.expectRevert(
            abi.encodeWithSelector(E.ManifestGuardConfigMismatch.selector, keccak256(abi.encode(other)), committed)
        );
        vm.prank(stranger);
        fresh.initialize(other);
        vm.prank(stranger);
        fresh.initialize(config);
        assertEq(fresh.getConfig().executors[0], executor);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardAlreadyInitialized.selector));
        fresh.initialize(config);
    }

    function test_uninitializedGuard_ClaimsNoGuardInterfaceAndLetsNothingThrough() public {
        IManifestGuard fresh =
            IManifestGuard(address(new ManifestGuard(address(safe), keccak256(abi.encode(defaultConfig())))));
        assertFalse(fresh.supportsInterface(0xe6d7a83a));
        assertFalse(fresh.supportsInterface(0x58401ed8));
        assertTrue(fresh.supportsInterface(0x01ffc9a7));
        bytes memory hook = abi.encodeCall(
            ISafeTransactionGuard.checkTransaction,
            (address(target), 0, "", CALL, 0, 0, 0, address(0), payable(address(0)), "", executor)
        );
        vm.prank(address(safe));
        (bool ok, bytes memory reason) = address(fresh).call(hook);
        assertFalse(ok);
        assertEq(reason, abi.encodeWithSelector(E.ManifestGuardNotInitialized.selector));
    }
}
