import { type Address, type Hex, isAddressEqual, zeroAddress, size, slice } from 'viem';

import { multiSendTransactions } from '../decode/multiSendTransactions.js';
import type { Manifest } from '../guard/manifest.js';
import { ManifestShapeError, operationIssue } from './manifestShape.js';
import { defaultPrivilegedSelectors } from './privilegedSelectors.js';

/** Why a call is privileged (the guard's `LaneClassifier` rules). */
export type LaneRule =
  'targetsSafe' | 'targetsGuard' | 'targetsAuthority' | 'defaultSelector' | 'extraSelector' | 'innerDelegatecall';

/** One reason a manifest is privileged: the step (and the call inside its MultiSend batch) and the rule. */
export type LaneReason = { phase: number; step: number; innerCall?: number; rule: LaneRule; detail: string };

/** The lane context: the guard's configuration that classification reads. */
export type LaneContext = {
  safe: Address;
  guard: Address;
  multiSendCallOnly: Address;
  /** `GuardConfig.authorities`. */
  authorities?: readonly Address[];
  /** `GuardConfig.privilegedSelectors`: the extra selectors, on top of the defaults. */
  privilegedSelectors?: readonly Hex[];
};

export type ClassifyLaneParameters = LaneContext & { manifest: Manifest };
export type ClassifyLaneReturnType = { lane: 'routine' | 'privileged'; reasons: LaneReason[] };
export type ClassifyLaneErrorType = ManifestShapeError;

/**
 * The lane the guard computes for a manifest (`computeLane`), with every reason: a step, or a call inside a
 * MultiSend batch, that targets the Safe, the guard or a configured authority, or calls a default or configured
 * privileged selector, or an inner delegatecall. Everything else is routine.
 *
 * @throws {ManifestShapeError} for a step the guard cannot classify: an operation other than call (0) or
 * delegatecall (1), a delegatecall to anything but the MultiSendCallOnly, a malformed MultiSend batch, wherever it
 * is in the manifest (the guard's `computeLane` reverts with the same error).
 *
 * @example
 * const { lane, reasons } = classifyLane({ manifest, safe, guard, multiSendCallOnly, authorities: [] });
 * // lane: 'privileged', reasons: [{ phase: 0, step: 1, rule: 'defaultSelector', detail: 'calls transferOwnership(address)' }]
 */
export function classifyLane(parameters: ClassifyLaneParameters): ClassifyLaneReturnType {
  const reasons: LaneReason[] = [];
  parameters.manifest.phases.forEach((phase, p) =>
    phase.steps.forEach((step, s) => {
      const issue = operationIssue(step, p, s, parameters.multiSendCallOnly);
      if (issue) throw new ManifestShapeError([issue]);
      reasons.push(...stepReasons(step, p, s, parameters));
    }),
  );
  return { lane: reasons.length > 0 ? 'privileged' : 'routine', reasons };
}

/**
 * The reasons one (validated) step is privileged; empty when it is routine.
 *
 * @example
 * const reasons = stepReasons(step, 0, 0, { safe, guard, multiSendCallOnly });
 */
export function stepReasons(
  step: { to: Address; data: Hex; operation: number },
  phase: number,
  index: number,
  context: LaneContext,
): LaneReason[] {
  if (step.operation === 0) {
    return callRules(step.to, step.data, context).map(([rule, detail]) => ({ phase, step: index, rule, detail }));
  }
  return multiSendTransactions(step.data).flatMap((inner, innerCall) => {
    const rules = callRules(inner.to, inner.data, context);
    if (isAddressEqual(inner.to, zeroAddress)) {
      // Safe 1.5.0's MultiSendCallOnly sends a call to address(0) to the Safe itself.
      rules.unshift(['targetsSafe', 'calls address(0) inside the MultiSend batch, which Safe 1.5.0 sends to the Safe']);
    }
    if (inner.operation !== 0) {
      rules.unshift(['innerDelegatecall', `delegatecalls ${inner.to} inside the MultiSend batch`]);
    }
    return rules.map(([rule, detail]) => ({ phase, step: index, innerCall, rule, detail }));
  });
}

function callRules(to: Address, data: Hex, context: LaneContext): [LaneRule, string][] {
  const rules: [LaneRule, string][] = [];
  if (isAddressEqual(to, context.safe)) rules.push(['targetsSafe', `calls the Safe ${to} itself`]);
  if (isAddressEqual(to, context.guard)) rules.push(['targetsGuard', `calls the guard ${to}`]);
  if ((context.authorities ?? []).some((authority) => isAddressEqual(authority, to))) {
    rules.push(['targetsAuthority', `calls ${to}, a configured authority contract`]);
  }
  if (size(data) >= 4) {
    const selector = slice(data, 0, 4);
    const signature = defaultPrivilegedSelectors.get(selector);
    if (signature) rules.push(['defaultSelector', `calls ${signature} (${selector})`]);
    else if ((context.privilegedSelectors ?? []).some((extra) => extra.toLowerCase() === selector)) {
      rules.push(['extraSelector', `calls ${selector}, a configured privileged selector`]);
    }
  }
  return rules;
}
