// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ManifestGuard} from "../../src/ManifestGuard.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {ManifestGuardTestBase} from "../utils/ManifestGuardTestBase.sol";
import {SafeDeployer} from "../utils/SafeDeployer.sol";
import {Target} from "../utils/Targets.sol";
import {AdminRegistry, ManifestGuardHandler} from "./handlers/ManifestGuardHandler.sol";

/// @notice Handler-based invariants of a ManifestGuard installed on a real Safe. Whatever sequence of registrations,
///         approvals, cancellations, halts, attestations, freezes, lifts, configuration changes, time jumps and Safe
///         transactions happens:
///         1. only the next step of an Approved manifest executes, by the executor, inside its window;
///         2. no step executes twice;
///         3. phases complete in order (previous phase done, its soak elapsed, a continue attestation in between);
///         4. nothing but Rollback and Emergency steps executes while the Safe is frozen;
///         5. the Safe is never bricked: it can always still change the guard's configuration through a privileged
///            manifest, and a freeze cannot be renewed when it ends;
///         6. lanes are never below the computed one, and privileged manifests need the privileged threshold.
///         Every action's outcome must also be the one the handler's independent model predicts.
/// @dev Forge runs one campaign per `invariant_*` function, all with the same call sequences (fixed seed), so each
///      suite has a single invariant function that checks every rule; a second suite runs the same campaign on
///      another Safe version instead. After every call the rules are checked on what that call changed (the newest
///      execution and the manifests it touched, which covers every execution exactly once, plus one manifest in
///      rotation). The never-brick probe (a full privileged reconfiguration on a state snapshot, ~5x the cost of a
///      handler call) runs every `PROBE_INTERVAL` calls. Measured on 2 cores with the CI profile (1024 runs x 64
///      calls), each suite takes about two minutes, and the two suites run in parallel.
abstract contract ManifestGuardInvariantTest is ManifestGuardTestBase {
    /// @dev `Target.set` value of the never-brick probe's rollback (the handler's pool never uses it).
    uint256 internal constant PROBE_VALUE = uint256(keccak256("manifest-guard.invariant.never-brick"));
    /// @dev The never-brick probe runs when the handler's call count is a multiple of this.
    uint256 internal constant PROBE_INTERVAL = 16;

    ManifestGuardHandler internal handler;
    Target internal authority;
    AdminRegistry internal registry;

    function setUp() public virtual override {
        super.setUp();
        authority = new Target(address(safe));
        registry = new AdminRegistry();
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
                actors: ManifestGuardHandler.Actors({
                    proposer: proposer,
                    approvers: [approver1, approver2, approver3],
                    executor: executor,
                    guardian: guardian,
                    stranger: stranger,
                    owner: owners[0]
                }),
                ownerKeys: [ownerKeys[0], ownerKeys[1]]
            })
        );

        bytes4[] memory selectors = new bytes4[](12);
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
        selectors[11] = ManifestGuardHandler.switchChain.selector;
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

    /// @dev Rule 1: the step was the next one of an Approved manifest, inside `[executableFrom, expiry]` (a bound
    ///      Rollback starts without waiting, as specified: "its rollback becomes executable at once").
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
        if (!e.startWaived) assertGe(e.timestamp, e.executableFrom, "[window] executed before the window opened");
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
        _assertLaneNeverBelowComputed(model, v);
        _assertGuardAgreesWithModel(m, model, v);
    }

    /// @dev Rule 6: a manifest with a privileged step (direct or inside a MultiSend batch) is Privileged, needs the
    ///      privileged threshold, and reached Approved only with that many approvals.
    function _assertLaneNeverBelowComputed(ManifestGuardHandler.ManifestModel memory model, T.ManifestView memory v)
        internal
        view
    {
        if (!model.privileged) return;
        assertEq(uint8(v.lane), uint8(T.Lane.Privileged), "[lane] a privileged manifest got the routine lane");
        (, uint8 privilegedThreshold,,,,) = handler.config();
        assertEq(
            v.requiredApprovals, privilegedThreshold, "[lane] a privileged manifest needs the privileged threshold"
        );
        assertTrue(model.kind != T.ManifestKind.Emergency, "[lane] a privileged Emergency manifest registered");
        if (model.approvedAt != 0) {
            assertGe(
                v.approvals,
                model.privilegedThresholdAtApproval,
                "[lane] a privileged manifest was approved below the privileged threshold"
            );
        }
    }

    function _assertGuardAgreesWithModel(
        uint256 m,
        ManifestGuardHandler.ManifestModel memory model,
        T.ManifestView memory v
    ) internal view {
        assertEq(guard.manifestAt(m), model.id, "[model] manifest index");
        assertEq(uint8(v.status), uint8(model.status), "[model] status");
        assertEq(uint8(v.kind), uint8(model.kind), "[model] kind");
        assertEq(v.approvals, model.approvals, "[model] approvals");
        assertEq(v.currentPhase, model.phase, "[model] current phase");
        assertEq(v.nextStep, model.step, "[model] next step");
        assertEq(v.gateOpen, model.gateOpen, "[model] gate open");
        assertEq(v.expiry, model.expiry, "[model] expiry");
        if (model.approvedAt != 0) {
            assertEq(v.approvedAt, model.approvedAt, "[model] approved at");
            assertEq(v.executableFrom, model.executableFrom, "[model] executable from");
        }
        if (model.phase != 0) assertEq(v.phaseCompletedAt, model.phaseCompletedAt, "[model] phase completed at");
        bytes32 bound = model.boundRelease == 0 ? bytes32(0) : handler.modelAt(model.boundRelease - 1).id;
        assertEq(v.boundRelease, bound, "[model] bound release");
    }

    /// @dev Every action (registration, approval, cancel, halt, attestation, freeze, lift, Safe transaction) was
    ///      allowed or rejected exactly as the model predicts, and nothing registered or executed that must not.
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
        assertLe(
            until,
            block.timestamp + ManifestGuard(address(guard)).MAX_FREEZE_CAP(),
            "[never brick] a freeze longer than the cap"
        );
    }

    /// @dev On a snapshot: when the current freeze ends no guardian can renew it, and the Safe registers, approves (at
    ///      the privileged threshold) and executes a privileged manifest that reconfigures the guard.
    function _assertNeverBricked() internal {
        uint256 snapshot = vm.snapshotState();
        uint64 until = guard.frozenUntil();
        if (until > block.timestamp) {
            vm.warp(until);
            vm.prank(guardian);
            try guard.freeze(1) {
                assertTrue(false, "[never brick] a guardian renewed a freeze as soon as it ended");
            } catch {}
        }
        _reconfigureThroughPrivilegedManifest();
        vm.revertToStateAndDelete(snapshot);
    }

    /// @dev Registers a Rollback and a privileged Release calling `guard.configure(defaultConfig())`, approves both
    ///      at their thresholds, waits out the delay and any freeze, and executes the release through the Safe.
    function _reconfigureThroughPrivilegedManifest() internal {
        T.Manifest memory undo = _rollbackManifest("NEVER-BRICK-ROLLBACK", _setStep(PROBE_VALUE));
        undo.expiry = uint64(block.timestamp) + 60 days;
        bytes32 undoId = _register(undo);
        _approve(undoId, guard.getManifest(undoId).requiredApprovals);

        T.Step memory change = _step(address(guard), abi.encodeCall(guard.configure, (defaultConfig())));
        T.Manifest memory release = _manifest(T.ManifestKind.Release, "NEVER-BRICK", undoId, _phase(change));
        release.expiry = uint64(block.timestamp) + 60 days;
        bytes32 id = _register(release);
        T.ManifestView memory v = guard.getManifest(id);
        assertEq(uint8(v.lane), uint8(T.Lane.Privileged), "[never brick] a configuration change is not privileged");
        assertEq(v.requiredApprovals, guard.getConfig().privilegedThreshold, "[never brick] privileged threshold");
        _approve(id, v.requiredApprovals);

        v = guard.getManifest(id);
        uint256 at = v.executableFrom;
        if (guard.frozenUntil() > at) at = guard.frozenUntil();
        if (block.timestamp > at) at = block.timestamp;
        vm.warp(at);
        assertTrue(_exec(change), "[never brick] the Safe could not execute a privileged configuration change");
        assertEq(
            keccak256(abi.encode(guard.getConfig())),
            keccak256(abi.encode(defaultConfig())),
            "[never brick] the configuration did not change"
        );
    }
}

contract ManifestGuardInvariantTest_v150 is ManifestGuardInvariantTest {}

contract ManifestGuardInvariantTest_v130 is ManifestGuardInvariantTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_3_0;
    }
}
