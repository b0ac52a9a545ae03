// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardTypes} from "./IManifestGuardTypes.sol";

/// @title Manifest Guard errors
/// @notice Every rejection names the broken rule and carries the offending values. `explainTransaction` returns
///         these same errors ABI-encoded, so off-chain code decodes one table.
interface IManifestGuardErrors {
    // ---------------------------------------------------------------- callers and roles

    /// @notice Only the guarded Safe may call this (configuration, `checkTransaction`, `checkAfterExecution`).
    error ManifestGuardCallerNotSafe(address caller, address safe);
    /// @notice The registrar's code runs only inside its guard (through `delegatecall`).
    error ManifestGuardRegistrarNotDelegated(address context, address guard);
    /// @notice `account` does not hold the proposer role.
    error ManifestGuardNotProposer(address account);
    /// @notice `account` does not hold the approver role.
    error ManifestGuardNotApprover(address account);
    /// @notice `account` does not hold the guardian role.
    error ManifestGuardNotGuardian(address account);
    /// @notice The Safe transaction's `msgSender` (or the module) does not hold the executor role.
    error ManifestGuardNotExecutor(address sender);
    /// @notice Nobody approves a manifest they proposed.
    error ManifestGuardSelfApproval(bytes32 manifestId, address proposer);
    /// @notice `approver` already approved `manifestId`.
    error ManifestGuardAlreadyApproved(bytes32 manifestId, address approver);
    /// @notice The approval that would make the routine manifest `manifestId` executable finds `max` routine
    ///         manifests approved, unfinished and inside their window: a guardian halts one that is no longer wanted,
    ///         then the approval can be repeated. Privileged manifests never meet this limit.
    error ManifestGuardTooManyLive(bytes32 manifestId, uint256 max);
    /// @notice `approver` already voted to reinstate `manifestId`.
    error ManifestGuardAlreadyVotedReinstate(bytes32 manifestId, address approver);
    /// @notice The approval signature does not verify for `approver` (ECDSA or ERC-1271).
    error ManifestGuardInvalidApprovalSignature(bytes32 manifestId, address approver);

    // ---------------------------------------------------------------- configuration (never brick the Safe)

    /// @notice The guard has no configuration yet: send `initialize(config)` with the configuration it was deployed for.
    error ManifestGuardNotInitialized();
    /// @notice The guard is already configured: later changes go through `configure`, by the Safe.
    error ManifestGuardAlreadyInitialized();
    /// @notice `initialize` with a configuration whose hash is not the one the guard was deployed with.
    error ManifestGuardConfigMismatch(bytes32 configHash, bytes32 committedHash);
    /// @notice At least one proposer is required.
    error ManifestGuardNoProposer();
    /// @notice At least one executor is required.
    error ManifestGuardNoExecutor();
    /// @notice Thresholds must satisfy `1 <= routine <= privileged`.
    error ManifestGuardInvalidThresholds(uint8 routineThreshold, uint8 privilegedThreshold);
    /// @notice Fewer approvers than the privileged threshold: no privileged manifest could ever be approved.
    error ManifestGuardThresholdUnreachable(uint256 approvers, uint8 privilegedThreshold);
    /// @notice A role list is longer than the guard supports.
    error ManifestGuardTooManyMembers(uint8 role, uint256 count, uint256 max);
    /// @notice The zero address, the Safe or the guard cannot hold a role.
    error ManifestGuardInvalidMember(address account);
    /// @notice `account` holds two roles that must be kept apart (role bits as in `ROLE_*`).
    error ManifestGuardRolesCollide(address account, uint8 heldRoles, uint8 addedRole);
    /// @notice A delay is longer than `maxDelay`, or the privileged delay is shorter than the routine one.
    error ManifestGuardInvalidDelays(uint32 routineDelay, uint32 privilegedDelay, uint32 maxDelay);
    /// @notice `maxFreeze` must be in `(0, cap]` and `freezeCooldown` at least `minCooldown`.
    error ManifestGuardInvalidFreezeBounds(uint32 maxFreeze, uint32 freezeCooldown, uint32 cap, uint32 minCooldown);
    /// @notice Too many authority contracts or privileged selectors.
    error ManifestGuardTooManyEntries(uint256 count, uint256 max);
    /// @notice A privileged selector or authority appears twice, or is zero.
    error ManifestGuardInvalidEntry(bytes32 entry);

    // ---------------------------------------------------------------- registration

    /// @notice `kind` is not a `ManifestKind`.
    error ManifestGuardInvalidKind(uint8 kind);
    /// @notice The window must satisfy `notBefore < expiry` and `timestamp < expiry`.
    error ManifestGuardInvalidWindow(uint64 notBefore, uint64 expiry, uint64 timestamp);
    /// @notice A Release must name its Rollback manifest.
    error ManifestGuardMissingRollback();
    /// @notice Only a Release names a rollback.
    error ManifestGuardUnexpectedRollback(uint8 kind, bytes32 rollback);
    /// @notice Phase and step counts must be within the guard's bounds (`MAX_PHASES`, `MAX_STEPS`, ...).
    error ManifestGuardInvalidShape(uint256 phase, uint256 count, uint256 max);
    /// @notice `operation` is neither call (0) nor delegatecall (1).
    error ManifestGuardInvalidOperation(uint8 operation);
    /// @notice Delegatecall is allowed only to the configured MultiSendCallOnly.
    error ManifestGuardDelegateCallForbidden(address to);
    /// @notice A MultiSend batch could not be decoded at `offset`.
    error ManifestGuardMalformedMultiSend(uint256 offset);
    /// @notice A phase's soak time is longer than `MAX_SOAK`.
    error ManifestGuardInvalidSoak(uint256 phase, uint64 minSoak, uint64 maxSoak);
    /// @notice A check is malformed (unknown kind or response, zero target, data on a code-hash check).
    error ManifestGuardInvalidCheck(uint256 phase, uint256 index);
    /// @notice An entry condition is malformed (`min > max` or zero target).
    error ManifestGuardInvalidCondition(uint256 phase, uint256 index);
    /// @notice A manifest with this id is already registered.
    error ManifestGuardAlreadyRegistered(bytes32 manifestId);
    /// @notice A live manifest (or this one) already holds this exact step.
    error ManifestGuardStepClaimed(bytes32 stepKey, bytes32 claimedBy);
    /// @notice An Emergency manifest can never be privileged.
    error ManifestGuardPrivilegedEmergency(bytes32 manifestId);
    /// @notice An Emergency manifest's step (or a call inside its batch) calls `selector`, which is not in the
    ///         configured containment set (default `pause()`).
    error ManifestGuardNotContainment(bytes32 manifestId, uint256 phase, uint256 step, bytes4 selector);
    /// @notice The configuration changed (epoch `epoch`) since the manifest's lane was computed (epoch
    ///         `classifiedEpoch`): anyone may call `reclassify(manifest)`, then approve or start it.
    error ManifestGuardLaneStale(bytes32 manifestId, uint64 classifiedEpoch, uint64 epoch);
    /// @notice No manifest is registered under this id.
    error ManifestGuardUnknownManifest(bytes32 manifestId);
    /// @notice The manifest is not in a state that allows this action.
    error ManifestGuardInvalidStatus(bytes32 manifestId, IManifestGuardTypes.ManifestStatus status);

    // ---------------------------------------------------------------- execution (checkTransaction)

    /// @notice A Safe transaction that would pay a refund (`gasPrice`, `gasToken` or `refundReceiver` set).
    error ManifestGuardRefundForbidden(uint256 gasPrice, address gasToken, address refundReceiver);
    /// @notice No live manifest holds this (to, value, keccak256(data), operation) as a step.
    error ManifestGuardNoMatchingStep(bytes32 stepKey, address to, uint256 value, bytes32 dataHash, uint8 operation);
    /// @notice The manifest holding this step has not reached its approval threshold.
    error ManifestGuardNotApproved(bytes32 manifestId);
    /// @notice The manifest was halted by a guardian or by its rollback.
    error ManifestGuardManifestHalted(bytes32 manifestId);
    /// @notice The manifest was cancelled by its proposer.
    error ManifestGuardManifestCancelled(bytes32 manifestId);
    /// @notice The step exists but is not the manifest's next one.
    error ManifestGuardStepOutOfOrder(
        bytes32 manifestId, uint256 expectedPhase, uint256 expectedStep, uint256 phase, uint256 step
    );
    /// @notice The Safe is frozen and the step does not belong to a Rollback or Emergency manifest.
    error ManifestGuardFrozen(uint64 frozenUntil, uint64 timestamp);
    /// @notice The manifest's window closed.
    error ManifestGuardExpired(bytes32 manifestId, uint64 expiry, uint64 timestamp);
    /// @notice Not yet executable: `max(notBefore, approvedAt + delay(lane))` is in the future.
    error ManifestGuardTooEarly(bytes32 manifestId, uint64 executableFrom, uint64 timestamp);
    /// @notice A Release starts only when its Rollback is registered, approved and not yet used.
    error ManifestGuardRollbackNotReady(
        bytes32 releaseId, bytes32 rollbackId, IManifestGuardTypes.ManifestStatus rollbackStatus
    );
    /// @notice A Release starts only when its Rollback is executable on its own terms (its lane's delay since its
    ///         approval, its `notBefore`, its approvals and lane current); `reason` is the Rollback's own error.
    error ManifestGuardRollbackNotExecutable(bytes32 releaseId, bytes32 rollbackId, bytes reason);
    /// @notice A Rollback runs only once the Release it is bound to has started (nobody uses up a rollback before
    ///         its release).
    error ManifestGuardRollbackNotArmed(bytes32 rollbackId);
    /// @notice Approvals counted when used: only `approvals` of the accounts that are approvers now, below the
    ///         current threshold of the manifest's lane. Approvers add approvals until `required` is reached.
    error ManifestGuardApprovalsLapsed(bytes32 manifestId, uint256 approvals, uint256 required);
    /// @notice A Release starts only if its Rollback's window outlasts its own (a rollback that expires first exists
    ///         only on paper).
    error ManifestGuardRollbackExpiresFirst(
        bytes32 releaseId, bytes32 rollbackId, uint64 rollbackExpiry, uint64 expiry
    );
    /// @notice The manifest was registered on another chain id (e.g. this is a fork of that chain): it never runs here.
    error ManifestGuardWrongChain(bytes32 manifestId, uint256 registeredChainId, uint256 chainId);
    /// @notice The Rollback is already bound to another release.
    error ManifestGuardRollbackBound(bytes32 rollbackId, bytes32 boundRelease);
    /// @notice The previous phase's soak time has not elapsed.
    error ManifestGuardSoakNotElapsed(bytes32 manifestId, uint256 phase, uint64 readyAt, uint64 timestamp);
    /// @notice No approver attested "continue" for this phase.
    error ManifestGuardPhaseGateClosed(bytes32 manifestId, uint256 phase);
    /// @notice An entry condition read a number outside its bounds (or could not be read: `observed` = max).
    error ManifestGuardEntryConditionFailed(
        bytes32 manifestId, uint256 phase, uint256 index, uint256 observed, uint256 min, uint256 max
    );
    /// @notice A Safe transaction started inside another one's guarded execution.
    error ManifestGuardReentrantExecution();

    // ---------------------------------------------------------------- execution (checkAfterExecution)

    /// @notice A guard hook called with arguments that are not the ABI encoding the Safe produces.
    error ManifestGuardMalformedHookCall(bytes4 selector);
    /// @notice `checkAfterExecution` without a matching `checkTransaction`.
    error ManifestGuardNoPendingStep();
    /// @notice The step's inner call failed (e.g. with `safeTxGas > 0`, where the Safe would not revert).
    error ManifestGuardInnerCallFailed(bytes32 manifestId, uint256 phase, uint256 step);
    /// @notice A post-execution check failed: the whole Safe transaction reverts.
    error ManifestGuardCheckFailed(
        bytes32 manifestId, uint256 phase, uint256 index, bytes32 expected, bytes32 observed
    );

    // ---------------------------------------------------------------- gates, freeze

    /// @notice "Continue" is only attested for the next phase, after the previous one completed.
    error ManifestGuardAttestationNotExpected(bytes32 manifestId, uint256 phase, uint256 currentPhase);
    /// @notice A freeze longer than the configured maximum.
    error ManifestGuardFreezeTooLong(uint64 duration, uint32 maxFreeze);
    /// @notice A new freeze must wait for the cooldown after the previous one (so the Safe can always act).
    error ManifestGuardFreezeCoolingDown(uint64 availableAt, uint64 timestamp);
    /// @notice There is no active freeze.
    error ManifestGuardNotFrozen();
    /// @notice `approver` already voted to lift this freeze.
    error ManifestGuardAlreadyVoted(address approver, uint256 freezeEpoch);
    /// @notice A privileged manifest that was halted and reinstated cannot be halted again (the veto is one-time).
    error ManifestGuardAlreadyReinstated(bytes32 manifestId);
    /// @notice Only a privileged manifest halted by a guardian (not yet reinstated) can be reinstated; a routine
    ///         manifest's halt, and a halt by its rollback, are final.
    error ManifestGuardNotReinstatable(bytes32 manifestId);
}
