// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC1967} from "@openzeppelin/contracts/interfaces/IERC1967.sol";

import {IManifestGuardErrors as E} from "../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardEvents as Ev} from "../../src/interfaces/IManifestGuardEvents.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {ManifestGuardTestBase} from "../utils/ManifestGuardTestBase.sol";
import {IVault} from "./UpgradeableVault.sol";

/// @notice One OpenZeppelin v5 upgrade, run end to end through a real Safe and its ManifestGuard: a Release in two
///         canary phases with post-execution checks, a soak and a "continue" attestation between them, a guardian
///         halt, and the pre-approved Rollback that restores V1. Each proxy pattern fills in how it upgrades.
/// @dev Shape of every release: phase 0 (canary) upgrades proxy A to V2 and checks it; phase 1 (rollout) has two
///      steps and its own checks. The Rollback manifest has one step that returns every proxy to V1.
abstract contract UpgradeFlowTest is ManifestGuardTestBase {
    uint256 internal constant FEE_V1 = 30;
    uint256 internal constant NEW_FEE = 25;
    uint256 internal constant VOTE_WEIGHT = 7;
    uint64 internal constant SOAK = 1 days;
    bytes32 internal constant METRICS = keccak256("canary metrics: error rate 0.00%, p99 41 ms");

    address internal v1;
    address internal v2;
    address internal proxyA;
    address internal proxyB;

    function setUp() public virtual override {
        super.setUp();
        _deployVaults();
        assertEq(IVault(proxyA).owner(), address(safe));
        assertEq(IVault(proxyA).version(), 1);
        assertEq(_implementationOf(proxyA), v1);
        assertEq(_implementationOf(proxyB), v1);
    }

    // ------------------------------------------------------------ what each proxy pattern provides

    /// @dev Deploys V1 and V2 implementations and two proxies on V1, initialised with the Safe as owner.
    function _deployVaults() internal virtual;

    /// @dev The Safe call that upgrades `proxy` to `implementation` and delegatecalls `init` (empty: no call).
    function _upgradeStep(address proxy, address implementation, bytes memory init)
        internal
        view
        virtual
        returns (T.Step memory);

    /// @dev The implementation `proxy` currently delegates to.
    function _implementationOf(address proxy) internal view virtual returns (address);

    /// @dev The contract that emits `Upgraded(implementation)` when `proxy` is upgraded.
    function _upgradeEmitter(address proxy) internal view virtual returns (address) {
        return proxy;
    }

    /// @dev A post-execution check that `proxy` runs `implementation`.
    function _implementationCheck(address proxy, address implementation)
        internal
        view
        virtual
        returns (T.Check memory)
    {
        return _resultCheck(proxy, abi.encodeCall(IVault.implementation, ()), abi.encode(implementation));
    }

    /// @dev Phase 0: upgrade proxy A to V2 with its initializer; check the implementation, `version()`, the new
    ///      implementation's code hash and the state the initializer set.
    function _canaryPhase() internal view virtual returns (T.Phase memory phase) {
        phase = _phase(_upgradeStep(proxyA, v2, abi.encodeCall(IVault.initializeV2, (VOTE_WEIGHT))));
        phase.checks = _checks(
            _implementationCheck(proxyA, v2),
            _resultCheck(proxyA, abi.encodeCall(IVault.version, ()), abi.encode(uint256(2))),
            _codeHashCheck(v2),
            _resultCheck(proxyA, abi.encodeCall(IVault.minimumVoteWeight, ()), abi.encode(VOTE_WEIGHT))
        );
        phase.minSoak = SOAK;
    }

    /// @dev Phase 1: upgrade proxy B the same way, then a configuration call on proxy A; check both.
    function _rolloutPhase() internal view virtual returns (T.Phase memory phase) {
        phase = _phase(
            _upgradeStep(proxyB, v2, abi.encodeCall(IVault.initializeV2, (VOTE_WEIGHT))),
            _step(proxyA, abi.encodeCall(IVault.setFee, (NEW_FEE)))
        );
        phase.checks = _checks(
            _implementationCheck(proxyB, v2),
            _resultCheck(proxyB, abi.encodeCall(IVault.minimumVoteWeight, ()), abi.encode(VOTE_WEIGHT)),
            _resultCheck(proxyA, abi.encodeCall(IVault.fee, ()), abi.encode(NEW_FEE))
        );
    }

    /// @dev The Rollback: one MultiSend step that returns both proxies to V1, checked.
    function _rollbackPhase() internal view virtual returns (T.Phase memory phase) {
        T.Step[] memory calls = new T.Step[](2);
        calls[0] = _upgradeStep(proxyA, v1, "");
        calls[1] = _upgradeStep(proxyB, v1, "");
        phase = _phase(_multiSend(calls));
        phase.checks = _checks(
            _implementationCheck(proxyA, v1),
            _implementationCheck(proxyB, v1),
            _resultCheck(proxyA, abi.encodeCall(IVault.version, ()), abi.encode(uint256(1)))
        );
    }

    /// @dev An upgrade of proxy A to V2 that forgets to run `initializeV2`.
    function _uninitialisedUpgradeStep() internal view virtual returns (T.Step memory) {
        return _upgradeStep(proxyA, v2, "");
    }

    // ------------------------------------------------------------ flows

    /// @notice Canary, soak, continue, first rollout step; the monitor sees a stop condition, the guardian halts;
    ///         the rest of the release is blocked and the pre-approved Rollback restores V1 at once.
    function test_release_haltedByGuardianDuringRollout_rollbackRestoresV1() public {
        (bytes32 releaseId, bytes32 rollbackId) = _readyRelease();
        _runCanary(releaseId, rollbackId);

        vm.warp(block.timestamp + SOAK);
        vm.expectEmit(address(guard));
        emit Ev.PhaseContinued(releaseId, 1, approver1, METRICS);
        vm.prank(approver1);
        guard.attestContinue(releaseId, 1, METRICS);

        T.Phase memory rollout = _rolloutPhase();
        assertTrue(_exec(rollout.steps[0]));
        assertEq(guard.getManifest(releaseId).nextStep, 1);

        vm.expectEmit(address(guard));
        emit Ev.ManifestHalted(releaseId, guardian);
        vm.prank(guardian);
        guard.halt(releaseId);
        _execExpectingRevert(
            rollout.steps[1], abi.encodeWithSelector(E.ManifestGuardManifestHalted.selector, releaseId)
        );

        _runRollback(rollbackId, false, releaseId);
        _assertBackOnV1();
        assertEq(uint8(guard.getManifest(releaseId).status), uint8(T.ManifestStatus.Halted));
        assertEq(uint8(guard.getManifest(rollbackId).status), uint8(T.ManifestStatus.Completed));
    }

    /// @notice Both phases complete (the phase gate holds until the soak elapsed and an approver attested); a
    ///         completed release can no longer be halted, but its bound Rollback still restores V1 without delay.
    function test_release_completesBothPhases_thenRollbackRestoresV1() public {
        (bytes32 releaseId, bytes32 rollbackId) = _readyRelease();
        _runCanary(releaseId, rollbackId);
        uint64 readyAt = uint64(block.timestamp) + SOAK;

        vm.prank(approver1);
        vm.expectRevert(
            abi.encodeWithSelector(
                E.ManifestGuardSoakNotElapsed.selector, releaseId, 1, readyAt, uint64(block.timestamp)
            )
        );
        guard.attestContinue(releaseId, 1, METRICS);

        vm.warp(readyAt);
        T.Phase memory rollout = _rolloutPhase();
        _execExpectingRevert(
            rollout.steps[0], abi.encodeWithSelector(E.ManifestGuardPhaseGateClosed.selector, releaseId, 1)
        );
        vm.prank(approver2);
        guard.attestContinue(releaseId, 1, METRICS);

        assertTrue(_exec(rollout.steps[0]));
        bytes memory signatures = _signStep(rollout.steps[1]);
        vm.expectEmit(address(guard));
        emit Ev.PhaseCompleted(releaseId, 1);
        vm.expectEmit(address(guard));
        emit Ev.ManifestCompleted(releaseId);
        assertTrue(_execSigned(rollout.steps[1], signatures));

        assertEq(_implementationOf(proxyA), v2);
        assertEq(_implementationOf(proxyB), v2);
        assertEq(IVault(proxyA).fee(), NEW_FEE);
        assertEq(IVault(proxyB).minimumVoteWeight(), VOTE_WEIGHT);
        assertEq(uint8(guard.getManifest(releaseId).status), uint8(T.ManifestStatus.Completed));

        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(E.ManifestGuardInvalidStatus.selector, releaseId, T.ManifestStatus.Completed)
        );
        guard.halt(releaseId);

        _runRollback(rollbackId, false, releaseId);
        _assertBackOnV1();
    }

    /// @notice The Rollback, approved after its release, holds the release back until it is executable on its own
    ///         terms (no waiver shortens its delay); once the release started it runs right after the canary, and its
    ///         first step halts the release (`ManifestHalted` by the guard).
    function test_rollback_firstStepHaltsRelease_releaseWaitsForItsDelay() public {
        bytes32 rollbackId = _register(_manifest(T.ManifestKind.Rollback, "REL-7-rollback", 0, _rollbackPhase()));
        bytes32 releaseId = _register(_releaseManifest(rollbackId));
        _approve(releaseId, guard.getManifest(releaseId).requiredApprovals);
        vm.warp(guard.getManifest(releaseId).executableFrom);
        _approve(rollbackId, guard.getManifest(rollbackId).requiredApprovals);
        uint64 rollbackFrom = guard.getManifest(rollbackId).executableFrom;
        assertGt(rollbackFrom, block.timestamp);

        // Before its release starts, a Rollback never runs; and the release waits for its rollback's delay.
        T.Step memory rollback = _rollbackPhase().steps[0];
        _execExpectingRevert(rollback, abi.encodeWithSelector(E.ManifestGuardRollbackNotArmed.selector, rollbackId));
        _execExpectingRevert(
            _canaryPhase().steps[0],
            abi.encodeWithSelector(
                E.ManifestGuardRollbackNotExecutable.selector,
                releaseId,
                rollbackId,
                abi.encodeWithSelector(
                    E.ManifestGuardTooEarly.selector, rollbackId, rollbackFrom, uint64(block.timestamp)
                )
            )
        );
        vm.warp(rollbackFrom);

        _runCanary(releaseId, rollbackId);
        _runRollback(rollbackId, true, releaseId);
        _assertBackOnV1();
        assertEq(uint8(guard.getManifest(releaseId).status), uint8(T.ManifestStatus.Halted));

        vm.warp(block.timestamp + SOAK);
        vm.prank(approver1);
        vm.expectRevert(
            abi.encodeWithSelector(E.ManifestGuardInvalidStatus.selector, releaseId, T.ManifestStatus.Halted)
        );
        guard.attestContinue(releaseId, 1, METRICS);
        _execExpectingRevert(
            _rolloutPhase().steps[0], abi.encodeWithSelector(E.ManifestGuardManifestHalted.selector, releaseId)
        );
    }

    /// @notice The 2024 Ronin bridge pattern: the approved step upgrades to V2 without calling `initializeV2`, so
    ///         V2 runs on uninitialised state. The phase's checks read the initializer version and the new state;
    ///         the check fails, the whole Safe transaction reverts and the proxy stays on V1.
    function test_RevertWhen_upgradeLeavesNewImplementationUninitialised() public {
        bytes32 rollbackId = _readyRollbackManifest();
        T.Phase memory phase = _phase(_uninitialisedUpgradeStep());
        phase.checks = _checks(
            _resultCheck(proxyA, abi.encodeCall(IVault.version, ()), abi.encode(uint256(2))),
            _resultCheck(proxyA, abi.encodeCall(IVault.initializedVersion, ()), abi.encode(uint64(2))),
            _resultCheck(proxyA, abi.encodeCall(IVault.minimumVoteWeight, ()), abi.encode(VOTE_WEIGHT))
        );
        bytes32 releaseId = _ready(_manifest(T.ManifestKind.Release, "REL-8", rollbackId, phase));
        uint256 nonce = safe.nonce();

        _execExpectingRevert(
            phase.steps[0],
            abi.encodeWithSelector(
                E.ManifestGuardCheckFailed.selector,
                releaseId,
                0,
                1,
                keccak256(abi.encode(uint64(2))),
                keccak256(abi.encode(uint64(1)))
            )
        );

        assertEq(_implementationOf(proxyA), v1);
        assertEq(IVault(proxyA).version(), 1);
        assertEq(IVault(proxyA).initializedVersion(), 1);
        assertEq(safe.nonce(), nonce);
        T.ManifestView memory release = guard.getManifest(releaseId);
        assertEq(uint8(release.status), uint8(T.ManifestStatus.Approved));
        assertEq(release.currentPhase, 0);
        assertEq(release.nextStep, 0);
    }

    /// @notice An upgrade that no manifest holds never reaches the proxy.
    function test_RevertWhen_upgradeIsInNoManifest() public {
        T.Step memory step = _upgradeStep(proxyA, v2, abi.encodeCall(IVault.initializeV2, (VOTE_WEIGHT)));
        _execExpectingRevert(
            step,
            abi.encodeWithSelector(
                E.ManifestGuardNoMatchingStep.selector,
                _stepKey(step),
                step.to,
                step.value,
                keccak256(step.data),
                step.operation
            )
        );
        assertEq(_implementationOf(proxyA), v1);
    }

    // ------------------------------------------------------------ flow pieces

    function _releaseManifest(bytes32 rollbackId) internal view returns (T.Manifest memory m) {
        T.Phase[] memory phases = new T.Phase[](2);
        phases[0] = _canaryPhase();
        phases[1] = _rolloutPhase();
        m = _manifest(T.ManifestKind.Release, "REL-7", rollbackId, phases[0]);
        m.phases = phases;
    }

    function _readyRollbackManifest() internal returns (bytes32 rollbackId) {
        rollbackId = _register(_manifest(T.ManifestKind.Rollback, "REL-7-rollback", 0, _rollbackPhase()));
        _approve(rollbackId, guard.getManifest(rollbackId).requiredApprovals);
    }

    /// @dev Registers and approves the Rollback, then the Release, and waits until the Release may start.
    function _readyRelease() internal returns (bytes32 releaseId, bytes32 rollbackId) {
        rollbackId = _readyRollbackManifest();
        releaseId = _ready(_releaseManifest(rollbackId));
        assertEq(guard.getManifest(releaseId).phaseCount, 2);
    }

    /// @dev Executes phase 0 and checks its events and effects.
    function _runCanary(bytes32 releaseId, bytes32 rollbackId) internal {
        T.Step memory canary = _canaryPhase().steps[0];
        bytes memory signatures = _signStep(canary);
        vm.expectEmit(address(guard));
        emit Ev.RollbackArmed(releaseId, rollbackId);
        vm.expectEmit(_upgradeEmitter(proxyA));
        emit IERC1967.Upgraded(v2);
        vm.expectEmit(address(guard));
        emit Ev.PhaseCompleted(releaseId, 0);
        assertTrue(_execSigned(canary, signatures));

        assertEq(_implementationOf(proxyA), v2);
        assertEq(IVault(proxyA).version(), 2);
        assertEq(IVault(proxyA).minimumVoteWeight(), VOTE_WEIGHT);
        T.ManifestView memory release = guard.getManifest(releaseId);
        assertEq(release.currentPhase, 1);
        assertEq(release.nextStep, 0);
        assertFalse(release.gateOpen);
        assertEq(release.phaseCompletedAt, block.timestamp);
        assertEq(release.boundRelease, bytes32(0));
        assertEq(guard.getManifest(rollbackId).boundRelease, releaseId);
    }

    /// @dev Executes the Rollback (its first step halts the release when `haltsRelease`) and checks its events.
    function _runRollback(bytes32 rollbackId, bool haltsRelease, bytes32 releaseId) internal {
        T.Step memory rollback = _rollbackPhase().steps[0];
        bytes memory signatures = _signStep(rollback);
        if (haltsRelease) {
            vm.expectEmit(address(guard));
            emit Ev.ManifestHalted(releaseId, address(guard));
        }
        vm.expectEmit(_upgradeEmitter(proxyA));
        emit IERC1967.Upgraded(v1);
        vm.expectEmit(address(guard));
        emit Ev.PhaseCompleted(rollbackId, 0);
        vm.expectEmit(address(guard));
        emit Ev.ManifestCompleted(rollbackId);
        assertTrue(_execSigned(rollback, signatures));
    }

    function _assertBackOnV1() internal view {
        assertEq(_implementationOf(proxyA), v1);
        assertEq(_implementationOf(proxyB), v1);
        assertEq(IVault(proxyA).version(), 1);
        assertEq(IVault(proxyB).version(), 1);
        assertEq(IVault(proxyA).owner(), address(safe));
    }

    // ------------------------------------------------------------ builders and Safe plumbing

    function _resultCheck(address target_, bytes memory data, bytes memory returned)
        internal
        pure
        returns (T.Check memory)
    {
        return T.Check({
            kind: uint8(T.CheckKind.ResultHash),
            target: target_,
            data: data,
            expected: keccak256(returned),
            response: uint8(T.StopResponse.Rollback)
        });
    }

    function _codeHashCheck(address target_) internal view returns (T.Check memory) {
        return T.Check({
            kind: uint8(T.CheckKind.CodeHash),
            target: target_,
            data: "",
            expected: target_.codehash,
            response: uint8(T.StopResponse.Rollback)
        });
    }

    function _checks(T.Check memory a, T.Check memory b, T.Check memory c)
        internal
        pure
        returns (T.Check[] memory list)
    {
        list = new T.Check[](3);
        (list[0], list[1], list[2]) = (a, b, c);
    }

    function _checks(T.Check memory a, T.Check memory b, T.Check memory c, T.Check memory d)
        internal
        pure
        returns (T.Check[] memory list)
    {
        list = new T.Check[](4);
        (list[0], list[1], list[2], list[3]) = (a, b, c, d);
    }

    function _slotAddress(address account, bytes32 slot) internal view returns (address) {
        return address(uint160(uint256(vm.load(account, slot))));
    }

    function _execExpectingRevert(T.Step memory step, bytes memory reason) internal {
        bytes memory signatures = _signStep(step);
        vm.expectRevert(reason);
        _execSigned(step, signatures);
    }
}
