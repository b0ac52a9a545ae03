import { authority } from './authority.js';
import { evidence } from './evidence.js';
import { guardVerdict } from './guardVerdict.js';
import { implementationCodeHash } from './implementation.js';
import { lane } from './lane.js';
import { placement } from './placement.js';
import { policy } from './policy.js';
import { readiness } from './readiness.js';
import type { GateRule } from './rule.js';
import { step } from './step.js';

export type { GateRule } from './rule.js';
export { evidenceReasons } from './evidence.js';

/**
 * The gate's rules in the order their reasons are reported: the guard's own verdict first (the on-chain rule wins),
 * then where and by whom, which step, whether it may run now, the evidence, the code-hash checks of the implementations
 * the package installs, the lane, the policy and the authority map. The simulation (`simulation`: authority effects
 * and the shape of each new implementation) runs after them, and only when none rejects.
 */
export const gateRules: readonly GateRule[] = [
  guardVerdict,
  placement,
  step,
  readiness,
  evidence,
  implementationCodeHash,
  lane,
  policy,
  authority,
];
