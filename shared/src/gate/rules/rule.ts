import type { GateContext } from '../context.js';
import type { GateReason } from '../types.js';

/**
 * One group of the gate's rules: the reasons it finds in `context` (none when its rules pass). `earlier` holds the
 * reasons of the groups before it, so a group never says twice what the guard already said.
 */
export type GateRule = (context: GateContext, earlier: readonly GateReason[]) => GateReason[];

/** A reason, built in the order the gate's JSON prints it. */
export function reason(
  rule: string,
  decision: GateReason['decision'],
  message: string,
  values: GateReason['values'] = {},
): GateReason {
  return { rule, decision, message, values };
}
