import { type Address, type Hex, isAddressEqual, zeroAddress } from 'viem';

import { type ManifestView, readManifestView } from '../gate/readChainState.js';
import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { decodeGuardError } from '../guard/guardErrors.js';
import { type Manifest, ManifestStatus, type Step, laneName, statusName } from '../guard/manifest.js';
import { executeAsExecutor } from '../simulate/executeAsExecutor.js';
import { safeGuardSlot, safeModuleGuardSlot } from '../verify/stateReads.js';
import type { DryRunContext, DryRunManifest, StepOutcome } from './dryRunContext.js';
import {
  dryRunManifest,
  guardCall,
  removalStep,
  rollbackStep,
  routineStep,
  thresholdCheck,
} from './dryRunManifests.js';
import { advanceTo, sendAs } from '../fork/forkActions.js';
import { hasModuleGuard } from '../safe/safeVersion.js';
import { readAddressSlot } from './installSafe.js';
import { guardErrorFix, stepFailure } from './stepFailure.js';

/** Which of the dry run's two manifests: the routine one, or the privileged one that removes the guard. */
export type DryRunLane = 'routine' | 'removal';

const laneOf = (which: DryRunLane) => (which === 'routine' ? 'routine' : 'privileged');

/**
 * (c, g) The guard's first proposer registers the manifest: for `routine`, one harmless step (`VERSION()` on the
 * Safe's singleton) with a check that the Safe's threshold is unchanged; for `removal`, `setGuard(0)` (and
 * `setModuleGuard(0)` on Safe 1.5.0). The guard must classify them routine and privileged.
 */
export async function registerStep(context: DryRunContext, which: DryRunLane): Promise<StepOutcome> {
  const { clients } = context.endpoint;
  const { config, safe } = context;
  const guard = context.guard!;
  const proposer = config.proposers[0]!;
  const now = (await clients.publicClient.getBlock()).timestamp;
  const singletonCode = await clients.publicClient.getCode({ address: safe.singleton });
  const step: Step =
    which === 'routine'
      ? routineStep(safe, config, !!singletonCode && singletonCode !== '0x')
      : removalStep(safe, config.multiSendCallOnly);
  const ticket = which === 'routine' ? 'install dry run: a routine step' : 'install dry run: remove the guard';
  const delay = which === 'routine' ? config.routineDelay : config.privilegedDelay;
  // A Release runs only with its Rollback registered, approved and executable on its own terms: register that
  // first (same window, so it outlasts the Release). The removal's Rollback installs this guard again: privileged,
  // so a guardian's halt of it is a veto the approvers can override, and the way back cannot be blocked through it.
  const rollback = dryRunManifest({
    ticket: `${ticket} (its rollback)`,
    now,
    delay,
    step: which === 'removal' ? guardCall(safe, guard, config.multiSendCallOnly) : rollbackStep(ticket),
    checks: [],
  });
  const register = (manifest: Manifest) =>
    sendAs(clients, proposer, { address: guard, abi: manifestGuardAbi, functionName: 'register', args: [manifest] });
  const rollbackId = (await register(rollback)).result as Hex;
  const manifest = dryRunManifest({
    ticket,
    now,
    delay,
    step,
    checks: which === 'routine' ? [thresholdCheck(safe)] : [],
    rollback: rollbackId,
  });
  const { hash, result } = await register(manifest);
  const id = result as Hex;
  const view = await readManifestView(clients.publicClient, guard, id);
  const expected = laneOf(which);
  if (laneName(view.lane) !== expected) {
    throw stepFailure(
      `The guard classified the ${which === 'routine' ? 'routine' : 'removal'} manifest ${laneName(view.lane)}, not ${expected}.`,
      'The dry run chose its step to fall in that lane under this configuration: report this, with the report, as a bug.',
    );
  }
  const run: DryRunManifest = { id, rollbackId, manifest, step, lane: expected };
  context[which] = run;
  const what =
    which === 'removal'
      ? `one step calling ${hasModuleGuard(safe.version) ? 'setGuard(0) and setModuleGuard(0) through MultiSendCallOnly' : 'setGuard(0)'}`
      : step.data === '0x'
        ? `one step calling ${step.to} with no data (no code there: nothing changes but the Safe's nonce)`
        : `one step calling VERSION() on the Safe's singleton ${step.to} (a view: nothing changes but the Safe's nonce)`;
  return {
    detail: `Proposer ${proposer} registered ${id} (${expected} lane): ${what}; and its Rollback ${rollbackId}.`,
    txHash: hash,
  };
}

/** Approvers approve `id`, in the configured order, until it is approved (or they run out). */
async function approveUntilApproved(context: DryRunContext, id: Hex) {
  const { clients } = context.endpoint;
  const guard = context.guard!;
  const approved: Address[] = [];
  let view = await readManifestView(clients.publicClient, guard, id);
  let txHash: Hex | undefined;
  for (const approver of context.config.approvers) {
    if (view.status !== ManifestStatus.Registered) break;
    ({ hash: txHash } = await sendAs(clients, approver, {
      address: guard,
      abi: manifestGuardAbi,
      functionName: 'approve',
      args: [id],
    }));
    approved.push(approver);
    view = await readManifestView(clients.publicClient, guard, id);
  }
  return { approved, view, txHash };
}

/**
 * (d, g) Approvers approve, in the configured order, the manifest's Rollback and then the manifest, until each
 * lane's threshold is reached.
 */
export async function approveStep(context: DryRunContext, which: DryRunLane): Promise<StepOutcome> {
  const run = context[which]!;
  await approveUntilApproved(context, run.rollbackId);
  const { approved, view, txHash } = await approveUntilApproved(context, run.id);
  if (view.status !== ManifestStatus.Approved) {
    throw stepFailure(
      `Only ${view.approvals} of the ${view.requiredApprovals} ${run.lane} approvals were reached (status ${statusName(view.status)}).`,
      `Name at least ${view.requiredApprovals} approvers, or lower the ${run.lane} threshold.`,
    );
  }
  const delay = which === 'routine' ? context.config.routineDelay : context.config.privilegedDelay;
  return {
    detail:
      `Approved by ${approved.join(', ')} (${view.approvals} of ${view.requiredApprovals} ${run.lane} approvals): ` +
      `executable from ${isoTime(view.executableFrom)} (${run.lane} delay ${delay} s).`,
    txHash,
  };
}

/**
 * (e, g) The fork's clock moves to the manifest's `executableFrom`; then the guard's `explainTransaction` must say
 * the step passes for the first executor.
 */
export async function waitStep(context: DryRunContext, which: DryRunLane): Promise<StepOutcome> {
  const { clients } = context.endpoint;
  const guard = context.guard!;
  const run = context[which]!;
  const view = await readManifestView(clients.publicClient, guard, run.id);
  const moved = await advanceTo(clients, view.executableFrom);
  const executor = context.config.executors[0]!;
  const verdict = await clients.publicClient.readContract({
    address: guard,
    abi: manifestGuardAbi,
    functionName: 'explainTransaction',
    args: [run.step.to, run.step.value, run.step.data, run.step.operation, 0n, zeroAddress, zeroAddress, executor],
  });
  if (!verdict.allowed) {
    const rejection = decodeGuardError(verdict.reason);
    throw stepFailure(
      `After the ${run.lane} delay the guard still refuses the step for executor ${executor}: ${rejection?.summary ?? verdict.reason}.`,
      (rejection && guardErrorFix(rejection.errorName)) ?? 'Change the configuration value the error names.',
      rejection?.summary,
    );
  }
  const clock = moved === 0n ? 'No wait was needed' : `Moved the fork's clock forward by ${moved} s`;
  return {
    detail: `${clock} (executable from ${isoTime(view.executableFrom)}): the guard's explainTransaction lets executor ${executor} send the step.`,
  };
}

/**
 * (f, g) The first executor executes the step through the Safe: `threshold` owners approve it (`approveHash`,
 * impersonated), the executor sends `execTransaction`, the guard checks it before and after. The manifest must be
 * Completed; after the removal the Safe's guard slots must be empty.
 */
export async function executeStep(context: DryRunContext, which: DryRunLane): Promise<StepOutcome> {
  const { clients } = context.endpoint;
  const { safe, config } = context;
  const guard = context.guard!;
  const run = context[which]!;
  const executor = config.executors[0]!;
  const result = await executeAsExecutor({ clients, safe: safe.safe, executor, transaction: run.step });
  if (result.reverted) {
    const rejection = result.guardError ?? undefined;
    throw stepFailure(
      `Executor ${executor}'s execTransaction was refused: ${rejection ?? result.error ?? 'it reverted'}.`,
      (rejection && guardErrorFix(rejection.split('(')[0]!)) ??
        'Check the executors and that the Safe’s owners can approve and execute a Safe transaction.',
      rejection,
    );
  }
  const view: ManifestView = await readManifestView(clients.publicClient, guard, run.id);
  if (view.status !== ManifestStatus.Completed) {
    throw stepFailure(
      `The step executed but the manifest is ${statusName(view.status)}, not Completed.`,
      'Report this as a guard bug, with this report.',
    );
  }
  const approvals = `approved by ${safe.threshold} of ${safe.owners.length} owners (approveHash)`;
  if (which === 'routine') {
    return {
      detail: `Executor ${executor} executed it through the Safe, ${approvals}; the guard let it pass and ran the phase's check: the manifest is Completed.`,
      txHash: result.txHash ?? undefined,
    };
  }
  const remaining = await readAddressSlot(clients.publicClient, safe.safe, safeGuardSlot);
  const remainingModule = hasModuleGuard(safe.version)
    ? await readAddressSlot(clients.publicClient, safe.safe, safeModuleGuardSlot)
    : zeroAddress;
  if (!isAddressEqual(remaining, zeroAddress) || !isAddressEqual(remainingModule, zeroAddress)) {
    throw stepFailure(
      `The removal executed but the Safe's guard is ${remaining} and its module guard ${remainingModule}.`,
      `Set multiSendCallOnly to the MultiSendCallOnly of Safe ${safe.version}: the removal batch goes through it.`,
    );
  }
  return {
    detail:
      `Executor ${executor} executed the removal through the Safe, ${approvals}: the Safe has no guard again, ` +
      'so this configuration cannot lock it.',
    txHash: result.txHash ?? undefined,
  };
}

const isoTime = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString();
