import { type Address, type Hex, encodeFunctionData } from 'viem';

import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { ManifestStatus, type Manifest, type ManifestView, statusName } from '../guard/manifest.js';
import type { StopResponseName } from '../package/schema.js';
import type { ChainFacts } from './stateContext.js';
import type { Containment, ContainmentAction, ContainmentTransaction, VerifyFinding } from './types.js';

/** Strongest first: a rollback outranks containment, which outranks observation. */
const strength: Record<StopResponseName, number> = { rollback: 2, contain: 1, observe: 0 };

/** The strongest response among `findings` (`observe` for none). */
export function strongestResponse(findings: readonly VerifyFinding[]): StopResponseName {
  return findings.reduce<StopResponseName>(
    (strongest, finding) => (strength[finding.response] > strength[strongest] ? finding.response : strongest),
    'observe',
  );
}

/** A manifest the containment may run: its id, and its steps when the caller supplied it. */
export type ContainmentManifest = { id: Hex; manifest: Manifest | undefined };

/**
 * The containment plan for a divergence, following the stop-condition table: `observe` sends nothing (hold the next
 * phase and look); `contain` freezes the Safe now; `rollback` freezes and halts the manifest now. Every plan lists
 * the guardian's freeze and halt calls and the pre-approved rollback (or Emergency pause) manifest's remaining steps
 * as Safe transactions, each ready to send, or says in `notes` why one is missing.
 *
 * @example
 * const plan = containmentPlan({ findings, guard, manifestId, facts, rollback: { id: rollbackId, manifest } });
 */
export function containmentPlan(args: {
  findings: readonly VerifyFinding[];
  guard: Address;
  manifestId: Hex;
  facts: ChainFacts;
  rollback: ContainmentManifest | undefined;
  emergency: ContainmentManifest | undefined;
  freezeDuration: bigint | undefined;
}): Containment | null {
  const { findings, guard, manifestId, facts } = args;
  if (findings.length === 0) return null;
  const response = strongestResponse(findings);
  const actions: ContainmentAction[] = [];
  const notes: string[] = [];
  const toGuard = (data: Hex): ContainmentTransaction => ({ to: guard, value: 0n, data, operation: 0 });

  const duration = args.freezeDuration ?? facts.maxFreeze;
  if (facts.frozenUntil > facts.timestamp) {
    notes.push(`The Safe is already frozen until ${facts.frozenUntil} (unix time): no new freeze.`);
  } else if (duration === 0n) {
    notes.push("The guard's maxFreeze could not be read: pass freezeDuration to plan the freeze.");
  } else {
    actions.push({
      action: 'freeze',
      by: 'guardian',
      transaction: toGuard(encodeFunctionData({ abi: manifestGuardAbi, functionName: 'freeze', args: [duration] })),
      immediate: response !== 'observe',
      description: `Freeze the Safe for ${duration} s: only Rollback and Emergency steps run meanwhile.`,
    });
  }

  const status = facts.manifest?.status;
  if (status === ManifestStatus.Registered || status === ManifestStatus.Approved) {
    actions.push({
      action: 'halt',
      by: 'guardian',
      transaction: toGuard(encodeFunctionData({ abi: manifestGuardAbi, functionName: 'halt', args: [manifestId] })),
      immediate: response === 'rollback',
      description: `Halt ${manifestId}: its remaining steps are blocked and its rollback may run at once.`,
    });
  } else {
    notes.push(
      `${manifestId} is ${status === undefined ? 'unknown to the guard' : statusName(status)}: there is nothing left to halt.`,
    );
  }

  const remedy = (
    kind: 'rollback' | 'pause',
    plan: ContainmentManifest | undefined,
    view: ManifestView | undefined,
  ) => {
    if (!plan) return;
    const ready = view?.status === ManifestStatus.Approved;
    const transactions = plan.manifest ? remainingSteps(plan.manifest, view) : [];
    if (!plan.manifest) notes.push(`Supply the ${kind} manifest ${plan.id} to list its steps.`);
    if (!ready) {
      notes.push(
        `The ${kind} manifest ${plan.id} is ${view ? statusName(view.status) : 'not registered'}: the guard will not run it yet.`,
      );
    }
    actions.push({
      action: kind,
      by: 'executor',
      manifestId: plan.id,
      ready,
      transactions,
      immediate: false,
      description:
        kind === 'rollback'
          ? `Run the pre-approved rollback ${plan.id}: ${transactions.length} Safe transaction(s), in order, signed by the owners and sent by the executor.`
          : `Run the pre-approved Emergency (pause) manifest ${plan.id}: ${transactions.length} Safe transaction(s).`,
    });
  };
  remedy('rollback', args.rollback, facts.rollback);
  remedy('pause', args.emergency, facts.emergency);
  if (!args.rollback && !args.emergency) notes.push('No rollback or Emergency manifest is known for this manifest.');
  return { response, manifestId, actions, notes };
}

/** The steps of `manifest` from the guard's cursor on (all of them when the guard has not started it). */
function remainingSteps(manifest: Manifest, view: ManifestView | undefined): ContainmentTransaction[] {
  const phase = view?.currentPhase ?? 0;
  const step = view?.nextStep ?? 0;
  if (view?.status === ManifestStatus.Completed) return [];
  return manifest.phases.flatMap((p, i) =>
    i < phase
      ? []
      : p.steps
          .filter((_, s) => i > phase || s >= step)
          .map((s) => ({ to: s.to, value: s.value, data: s.data, operation: s.operation === 1 ? 1 : 0 }) as const),
  );
}
