// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ManifestGuard} from "../../src/ManifestGuard.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {ISafe} from "../utils/ISafe.sol";
import {ManifestGuardTestBase} from "../utils/ManifestGuardTestBase.sol";
import {SafeDeployer} from "../utils/SafeDeployer.sol";
import {Target} from "../utils/Targets.sol";
import {AdminRegistry, ManifestGuardHandler} from "./handlers/ManifestGuardHandler.sol";

/// @notice Handler-based invariants of a ManifestGuard installed on a real Safe. Whatever sequence of registrations,
///         approvals, cancellations, halts (a rogue guardian's too), reinstatements, reclassifications, attestations,
///         freezes, lifts, configuration changes, time jumps and Safe transactions happens:
///         1. only the next step of an Approved manifest executes, by the executor, inside its window, and a
///            manifest's first step only with its lane current, approvals of current approvers at its lane's
///            threshold, a Rollback only once its Release started, a Release only with its Rollback executable on its
///            own terms;
///         2. no step executes twice;
///         3. phases complete in order (previous phase done, its soak elapsed, a continue attestation in between);
///         4. nothing but Rollback and Emergency steps executes while the Safe is frozen;
///         5. the Safe is never bricked: a freeze cannot be renewed when it ends, and from any state the approvers and
///            proposers alone (against a guardian that halts and freezes whenever it can) register, approve and execute
///            a privileged manifest that removes the guard or the guardian, within a privileged delay, a reinstatement
///            round (one more privileged delay when the guardian halts late) and one freeze (or a lift);
///         6. lanes are never below the computed one, and privileged manifests need the privileged threshold.
///         Every action's outcome must also be the one the handler's independent model predicts, every Safe
///         transaction must do what `explainTransaction` said just before, and each manifest's `manifestState` must be
///         the model's.
/// @dev Forge runs one campaign per `invariant_*` function, all with the same call sequences (fixed seed), so each
///      suite has a single invariant function that checks every rule; a second suite runs the same campaign on
///      another Safe version instead. After every call the rules are checked on what that call changed (the newest
///      execution and the manifests it touched, which covers every execution exactly once, plus one manifest in
///      rotation). The never-brick probe (on a state snapshot: the way back past a rogue guardian, ~10x the cost of a
///      handler call) runs every `PROBE_INTERVAL` calls.
abstract contract ManifestGuardInvariantTest is ManifestGuardTestBase {
    /// @dev The never-brick probe runs when the handler's call count is a multiple of this.
    uint256 internal constant PROBE_INTERVAL = 16;
    /// @dev keccak256("guard_manager.guard.address"), the Safe's transaction guard slot (1.3.0, 1.4.1, 1.5.0).
    bytes32 internal constant GUARD_STORAGE_SLOT = 0x4a204f620c8c5ccdca3fd54d003badd85ba500436a431f0cbda4f558c93c34c8;

    ManifestGuardHandler internal handler;
    Target internal authority;
    AdminRegistry internal registry;
    AdminRegistry internal pausable;
    address internal approver4 = makeAddr("approver4");

    function setUp() public virtual override {
        super.setUp();
        authority = new Target(address(safe));
        registry = new AdminRegistry();
        pausable = new AdminRegistry();
        // Set-up shortcut for the Safe executing a privileged manifest (the path the never-brick probe exercises):
        // the configuration the handler starts from adds an authority contract and a team-specific selector.
        T.GuardConfig memory config = defaultConfig();
        config.authorities = _list(address(authority));
        config.privilegedSelectors = new bytes4[](1);
        config.privilegedSelectors[0] = AdminRegistry.setAdmin.selector;
        vm.prank(address(safe));
        guard.configure(config);

        handler = new ManifestGuardHandler(
            ManifestGuardHandler.Setup({
                guard: guard,
                safe: safe,
                multiSendCallOnly: deployment.multiSendCallOnly,
                target: target,
                authority: authority,
                registry: registry,
                pausable: pausable,
                actors: ManifestGuardHandler.Actors({
                    proposer: proposer,
                    approvers: [approver1, approver2, approver3, approver4],
                    executor: executor,
                    guardian: guardian,
                    stranger: stranger,
                    owner: owners[0]
                }),
                ownerKeys: [ownerKeys[0], ownerKeys[1]]
            })
        );

        bytes4[] memory selectors = new bytes4[](15);
        selectors[0] = ManifestGuardHandler.register.selector;
        selectors[1] = ManifestGuardHandler.registerConfigChange.selector;
        selectors[2] = ManifestGuardHandler.approve.selector;
        selectors[3] = ManifestGuardHandler.cancel.selector;
        selectors[4] = ManifestGuardHandler.halt.selector;
        selectors[5] = ManifestGuardHandler.attestContinue.selector;
        selectors[6] = ManifestGuardHandler.freeze.selector;
        selectors[7] = ManifestGuardHandler.liftFreeze.selector;
        selectors[8] = ManifestGuardHandler.warp.selector;
        selectors[9] = ManifestGuardHandler.execute.selector;
        selectors[10] = ManifestGuardHandler.executeNext.selector;
        selectors[11] = ManifestGuardHandler.changeEnvironment.selector;
        selectors[12] = ManifestGuardHandler.reinstate.selector;
        selectors[13] = ManifestGuardHandler.reclassify.selector;
        selectors[14] = ManifestGuardHandler.rogueGuardian.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    // ================================================================ entry points

    /// @notice The six rules hold after every call: on the execution it made (so every execution is checked once,
    ///         right after it happened), on the manifests it touched plus one more in rotation, and, every
    ///         `PROBE_INTERVAL` calls, the never-brick probe.
    function invariant_guardRulesHold() public {
        _assertModelPredictedEveryOutcome();
        _assertFreezeIsBounded();
        assertEq(guard.configEpoch(), handler.epoch(), "[model] configuration epoch");
        if (handler.lastCallExecuted()) _assertExecution(handler.logLength() - 1);
        uint32 a = handler.touchedA();
        uint32 b = handler.touchedB();
        if (a != 0) _assertManifest(a - 1);
        if (b != 0) _assertManifest(b - 1);
        uint256 calls = handler.calls();
        uint256 count = handler.modelCount();
        assertEq(guard.manifestCount(), count, "[model] manifest count");
        assertEq(guard.liveManifests().length, handler.liveCount(), "[model] live manifests");
        if (count != 0) _assertManifest(calls % count);
        if (calls % PROBE_INTERVAL == 0) _assertNeverBricked();
    }

    // ================================================================ per execution: rules 1-4

    function _assertExecution(uint256 i) internal view {
        ManifestGuardHandler.Execution memory e = handler.logAt(i);
        _assertOnlyNextApprovedStepInWindowExecutes(e);
        _assertNoStepExecutesTwice(e, i);
        _assertPhasesCompleteInOrder(e, i);
        _assertOnlyRollbackOrEmergencyWhileFrozen(e);
    }

    /// @dev Rule 1: the step was the next one of an Approved manifest, inside `[executableFrom, expiry]` (no delay is
    ///      waived: not for a bound Rollback, not for a privileged manifest's later steps after a reinstatement); a
    ///      first step only on the terms of the settled rules.
    function _assertOnlyNextApprovedStepInWindowExecutes(ManifestGuardHandler.Execution memory e) internal pure {
        assertTrue(e.m != 0, "[next step only] executed a transaction that is no manifest's step");
        assertEq(
            uint8(e.statusBefore),
            uint8(T.ManifestStatus.Approved),
            "[next step only] executed a step of a manifest that was not Approved"
        );
        assertEq(e.phase, e.expectedPhase, "[next step only] executed a step of the wrong phase");
        assertEq(e.step, e.expectedStep, "[next step only] executed a step out of order");
        assertLe(e.timestamp, e.expiry, "[window] executed after the window closed");
        bool firstStep = e.phase == 0 && e.step == 0;
        if (firstStep && e.kind == T.ManifestKind.Rollback) {
            // An armed Rollback runs at once (its terms held when its Release started), unless reinstated since.
            assertTrue(e.armed, "[rollback] a Rollback ran before its Release started");
            if (e.reinstated) assertGe(e.timestamp, e.executableFrom, "[window] a reinstated Rollback ran early");
            return;
        }
        assertGe(e.timestamp, e.executableFrom, "[window] executed before the window opened");
        if (!firstStep) return;
        assertTrue(e.laneCurrent, "[lane] a manifest started on a lane computed under an older configuration");
        assertGe(
            e.approvals, e.required, "[approvals] a manifest started below its lane's threshold of current approvers"
        );
        assertTrue(e.armed, "[rollback] a Rollback ran before its Release started");
        assertTrue(
            e.rollbackReady, "[rollback] a Release started while its Rollback was not executable on its own terms"
        );
    }

    /// @dev Rule 2: the step executed once, and the guard no longer matches it to its manifest.
    function _assertNoStepExecutesTwice(ManifestGuardHandler.Execution memory e, uint256 i) internal view {
        uint256 m = e.m - 1;
        assertEq(handler.executions(m, e.phase, e.step), 1, "[once] a step executed twice");
        assertEq(handler.executedAt(m, e.phase, e.step), i + 1, "[once] a step executed twice");
        T.Step memory step = handler.stepOf(m, e.phase, e.step);
        T.Verdict memory verdict = guard.explainTransaction(
            step.to, step.value, step.data, step.operation, 0, address(0), address(0), executor
        );
        assertFalse(
            verdict.allowed && verdict.manifestId == handler.modelAt(m).id && verdict.phase == e.phase
                && verdict.step == e.step,
            "[once] an executed step could execute again"
        );
    }

    /// @dev Rule 3: a step ran after its predecessor; a phase's first step after the previous phase completed, its
    ///      soak elapsed, and an approver attested "continue" in between.
    function _assertPhasesCompleteInOrder(ManifestGuardHandler.Execution memory e, uint256 i) internal view {
        uint256 m = e.m - 1;
        if (e.step != 0) {
            uint256 before = handler.executedAt(m, e.phase, e.step - 1);
            assertTrue(before != 0 && before - 1 < i, "[phase order] a step ran before its predecessor");
        } else if (e.phase != 0) {
            uint256 last = handler.stepCount(m, e.phase - 1) - 1;
            uint256 before = handler.executedAt(m, e.phase - 1, last);
            assertTrue(before != 0 && before - 1 < i, "[phase order] a phase started before the previous one completed");
            uint64 readyAt = handler.completedAt(m, e.phase - 1) + handler.minSoakOf(m, e.phase - 1);
            assertGe(e.timestamp, readyAt, "[phase order] a phase started before the previous phase's soak elapsed");
            uint64 attested = handler.attestedAt(m, e.phase);
            assertTrue(attested != 0, "[phase order] a phase started without a continue attestation");
            assertGe(attested, readyAt, "[phase order] the attestation came before the soak elapsed");
            assertLe(attested, e.timestamp, "[phase order] the attestation came after the phase started");
        }
    }

    /// @dev Rule 4: while frozen, only Rollback and Emergency steps executed.
    function _assertOnlyRollbackOrEmergencyWhileFrozen(ManifestGuardHandler.Execution memory e) internal pure {
        if (e.frozen) assertTrue(e.kind != T.ManifestKind.Release, "[frozen] a Release step executed while frozen");
    }

    // ================================================================ per manifest: rule 6 and the model

    function _assertManifest(uint256 m) internal view {
        ManifestGuardHandler.ManifestModel memory model = handler.modelAt(m);
        T.ManifestView memory v = guard.getManifest(model.id);
        _assertLaneNeverBelowComputed(m, model, v);
        _assertGuardAgreesWithModel(m, model, v);
        _assertDerivedStateAgreesWithModel(m, model);
    }

    /// @dev Rule 6: the lane only rises, and is never below the one its steps have under the configuration it was
    ///      last computed in; a privileged manifest needs the privileged threshold and is never an Emergency.
    function _assertLaneNeverBelowComputed(
        uint256 m,
        ManifestGuardHandler.ManifestModel memory model,
        T.ManifestView memory v
    ) internal view {
        if (model.classifiedEpoch == handler.epoch() && handler.privilegedNow(m)) {
            assertEq(uint8(v.lane), uint8(T.Lane.Privileged), "[lane] a privileged manifest got the routine lane");
        }
        if (!model.privileged) return;
        assertEq(uint8(v.lane), uint8(T.Lane.Privileged), "[lane] a privileged manifest's lane fell");
        assertEq(
            v.requiredApprovals,
            handler.configModel().privilegedThreshold,
            "[lane] a privileged manifest needs the privileged threshold"
        );
        assertTrue(model.kind != T.ManifestKind.Emergency, "[lane] a privileged Emergency manifest registered");
    }

    function _assertGuardAgreesWithModel(
        uint256 m,
        ManifestGuardHandler.ManifestModel memory model,
        T.ManifestView memory v
    ) internal view {
        assertEq(guard.manifestAt(m), model.id, "[model] manifest index");
        assertEq(uint8(v.status), uint8(model.status), "[model] status");
        assertEq(uint8(v.kind), uint8(model.kind), "[model] kind");
        assertEq(uint8(v.lane), model.privileged ? uint8(T.Lane.Privileged) : uint8(T.Lane.Routine), "[model] lane");
        assertEq(v.approvals, model.approvals, "[model] approvals");
        assertEq(v.currentPhase, model.phase, "[model] current phase");
        assertEq(v.nextStep, model.step, "[model] next step");
        assertEq(v.gateOpen, model.gateOpen, "[model] gate open");
        assertEq(v.expiry, model.expiry, "[model] expiry");
        assertEq(v.approvedAt, model.approvedAt, "[model] approved at");
        assertEq(v.executableFrom, model.executableFrom, "[model] executable from");
        if (model.phase != 0) assertEq(v.phaseCompletedAt, model.phaseCompletedAt, "[model] phase completed at");
        bytes32 bound = model.boundRelease == 0 ? bytes32(0) : handler.modelAt(model.boundRelease - 1).id;
        assertEq(v.boundRelease, bound, "[model] bound release");
    }

    /// @dev The guard's derived state (`manifestState`) is the model's: lane and whether it is current, started,
    ///      reinstatable, approvals of current approvers against the threshold now, whether the next step may run
    ///      now (or the guard's error that says why not), and the rollback's readiness.
    function _assertDerivedStateAgreesWithModel(uint256 m, ManifestGuardHandler.ManifestModel memory model)
        internal
        view
    {
        T.ManifestState memory state = guard.manifestState(model.id);
        ManifestGuardHandler.DerivedState memory expected = handler.derivedState(m);
        assertEq(uint8(state.status), uint8(model.status), "[state] status");
        assertEq(state.laneCurrent, expected.laneCurrent, "[state] lane current");
        assertEq(state.started, expected.started, "[state] started");
        assertEq(state.reinstatable, expected.reinstatable, "[state] reinstatable");
        assertEq(state.reinstated, model.reinstated, "[state] reinstated");
        assertEq(state.approvals, expected.approvals, "[state] approvals of current approvers");
        assertEq(state.requiredApprovals, expected.required, "[state] required approvals");
        assertEq(state.executableFrom, model.executableFrom, "[state] executable from");
        assertEq(state.configEpoch, handler.epoch(), "[state] configuration epoch");
        assertEq(state.open, expected.open, "[state] open");
        assertEq(bytes4(state.reason), expected.reason, "[state] the reason its next step may not run");
        assertEq(state.rollbackReady, expected.rollbackReady, "[state] rollback ready");
        assertEq(bytes4(state.rollbackReason), expected.rollbackReason, "[state] the reason its rollback is not ready");
    }

    /// @dev Every action (registration, approval, cancel, halt, reinstatement, reclassification, attestation, freeze,
    ///      lift, Safe transaction) was allowed or rejected exactly as the model predicts, every Safe transaction did
    ///      what `explainTransaction` said, and nothing registered or executed that must not.
    function _assertModelPredictedEveryOutcome() internal view {
        assertEq(
            handler.unexpectedExecutions(), 0, "[next step only] a Safe transaction executed that the model rejects"
        );
        assertEq(handler.privilegedEmergencies(), 0, "[lane] a privileged Emergency manifest registered");
        assertEq(handler.mismatches(), 0, handler.firstMismatch());
    }

    // ================================================================ rule 5: never brick

    /// @dev Freezes are bounded by the largest `maxFreeze` any configuration allowed (itself capped).
    function _assertFreezeIsBounded() internal view {
        uint64 until = guard.frozenUntil();
        assertEq(until, handler.frozenUntil(), "[model] frozen until");
        assertLe(until, block.timestamp + handler.maxFreezeEver(), "[never brick] a freeze longer than allowed");
        assertLe(until, block.timestamp + guard.MAX_FREEZE_CAP(), "[never brick] a freeze longer than the cap");
    }

    /// @dev On a snapshot: when the current freeze ends no guardian can renew it; and the way back past a rogue
    ///      guardian, alternately removing the guard (the guardian halts as early as it can, approvers lift its
    ///      freezes) and removing the guardian (it halts as late as it can, approvers wait its freezes out).
    function _assertNeverBricked() internal {
        uint256 snapshot = vm.snapshotState();
        uint64 until = guard.frozenUntil();
        if (until > block.timestamp) {
            vm.warp(until);
            vm.prank(guardian);
            try guard.freeze(1) {
                assertTrue(false, "[never brick] a guardian renewed a freeze as soon as it ended");
            } catch {}
            vm.revertToState(snapshot);
        }
        if ((handler.calls() / PROBE_INTERVAL) % 2 == 0) {
            T.Step memory removal = _step(address(safe), abi.encodeCall(ISafe.setGuard, (address(0))));
            _wayBackPastRogueGuardian(removal, false, true);
            assertEq(
                address(uint160(uint256(vm.load(address(safe), GUARD_STORAGE_SLOT)))), address(0), "[way back] guard"
            );
        } else {
            T.GuardConfig memory config = guard.getConfig();
            config.guardians = new address[](0);
            _wayBackPastRogueGuardian(_step(address(guard), abi.encodeCall(guard.configure, (config))), true, false);
            assertEq(guard.rolesOf(guardian), 0, "[way back] the guardian was not removed");
            assertEq(
                keccak256(abi.encode(guard.getConfig())), keccak256(abi.encode(config)), "[way back] configuration"
            );
        }
        vm.revertToStateAndDelete(snapshot);
    }

    /// @dev The way back, by the proposers and approvers of the current configuration alone, against a guardian that
    ///      freezes whenever the cooldown lets it and halts the way back's manifests early (as soon as they are
    ///      registered) or late (approved, just before they may execute). The Release runs `change`; its Rollback
    ///      (putting the guard back) is privileged too, so that a halt of it is a veto approvers override as well.
    ///      Approvers reinstate what the guardian halted and either lift its freezes or wait them out. Bound: one
    ///      privileged delay, one more for a late halt's reinstatement, and one freeze when it is waited out.
    function _wayBackPastRogueGuardian(T.Step memory change, bool lateHalt, bool liftFreezes) internal {
        T.GuardConfig memory config = guard.getConfig();
        uint256 start = block.timestamp;
        _rogueGuardianActs(bytes32(0), bytes32(0), config.maxFreeze);

        T.Manifest memory undo = _rollbackManifest(
            "WAY-BACK-ROLLBACK", _step(address(safe), abi.encodeCall(ISafe.setGuard, (address(guard))))
        );
        undo.expiry = uint64(start) + 60 days;
        vm.prank(config.proposers[0]);
        bytes32 undoId = guard.register(undo);
        T.Manifest memory release = _manifest(T.ManifestKind.Release, "WAY-BACK", undoId, _phase(change));
        release.expiry = uint64(start) + 60 days;
        vm.prank(config.proposers[0]);
        bytes32 id = guard.register(release);
        assertEq(uint8(guard.getManifest(id).lane), uint8(T.Lane.Privileged), "[way back] the change is not privileged");
        assertEq(uint8(guard.getManifest(undoId).lane), uint8(T.Lane.Privileged), "[way back] its rollback");

        if (!lateHalt) _rogueGuardianActs(undoId, id, config.maxFreeze);
        _reinstateIfHalted(config, undoId);
        _reinstateIfHalted(config, id);
        _approveAsApprovers(config, undoId);
        _approveAsApprovers(config, id);
        if (lateHalt) {
            vm.warp(guard.getManifest(id).executableFrom);
            _rogueGuardianActs(undoId, id, config.maxFreeze);
            _reinstateIfHalted(config, undoId);
            _reinstateIfHalted(config, id);
        }
        // Reinstated (or never halted): the guardian's halt is spent.
        _rogueGuardianActs(undoId, id, config.maxFreeze);
        assertEq(uint8(guard.getManifest(id).status), uint8(T.ManifestStatus.Approved), "[way back] halted again");
        assertEq(uint8(guard.getManifest(undoId).status), uint8(T.ManifestStatus.Approved), "[way back] its rollback");

        uint256 at = guard.getManifest(id).executableFrom;
        if (guard.getManifest(undoId).executableFrom > at) at = guard.getManifest(undoId).executableFrom;
        if (at > block.timestamp) vm.warp(at);
        _rogueGuardianActs(undoId, id, config.maxFreeze);
        if (guard.frozenUntil() > block.timestamp) {
            if (liftFreezes) {
                for (uint256 i; i < config.approvers.length && guard.frozenUntil() > block.timestamp; ++i) {
                    vm.prank(config.approvers[i]);
                    try guard.liftFreeze() {} catch {}
                }
                assertLe(guard.frozenUntil(), block.timestamp, "[way back] approvers could not lift the freeze");
            } else {
                vm.warp(guard.frozenUntil());
            }
            _rogueGuardianActs(undoId, id, config.maxFreeze);
            assertLe(guard.frozenUntil(), block.timestamp, "[way back] the guardian froze again at once");
        }
        assertTrue(
            _execAs(config.executors[0], change.to, change.value, change.data, change.operation),
            "[way back] the Safe could not execute the privileged change"
        );
        uint256 bound = uint256(config.privilegedDelay) * (lateHalt ? 2 : 1) + (liftFreezes ? 0 : config.maxFreeze);
        assertLe(block.timestamp - start, bound, "[way back] took longer than its bound");
    }

    /// @dev The rogue guardian: halts `a` and `b` if it can, and freezes for as long as it may if the cooldown lets it.
    function _rogueGuardianActs(bytes32 a, bytes32 b, uint32 maxFreeze) internal {
        vm.startPrank(guardian);
        if (a != 0) try guard.halt(a) {} catch {}
        if (b != 0) try guard.halt(b) {} catch {}
        try guard.freeze(maxFreeze) {} catch {}
        vm.stopPrank();
    }

    /// @dev Approvers at the privileged threshold reinstate `id` if a guardian halted it; it can then not be halted.
    function _reinstateIfHalted(T.GuardConfig memory config, bytes32 id) internal {
        if (guard.getManifest(id).status != T.ManifestStatus.Halted) return;
        assertTrue(guard.manifestState(id).reinstatable, "[way back] a privileged manifest's halt is not a veto");
        for (uint256 i; i < config.privilegedThreshold; ++i) {
            vm.prank(config.approvers[i]);
            guard.reinstate(id);
        }
        assertTrue(guard.manifestState(id).reinstated, "[way back] approvers could not reinstate");
    }

    /// @dev Approvers at the privileged threshold approve `id`.
    function _approveAsApprovers(T.GuardConfig memory config, bytes32 id) internal {
        for (uint256 i; i < config.privilegedThreshold; ++i) {
            vm.prank(config.approvers[i]);
            guard.approve(id);
        }
        assertEq(uint8(guard.getManifest(id).status), uint8(T.ManifestStatus.Approved), "[way back] not approved");
    }
}

contract ManifestGuardInvariantTest_v150 is ManifestGuardInvariantTest {}

contract ManifestGuardInvariantTest_v130 is ManifestGuardInvariantTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_3_0;
    }
}
