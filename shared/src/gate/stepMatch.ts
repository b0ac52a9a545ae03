import { type Address, type Hex, keccak256 } from 'viem';

import type { Manifest } from '../guard/manifest.js';
import type { GateReason, NormalizedTransaction } from './types.js';

/** A position in a manifest. */
export type StepIndex = { phase: number; step: number };

/**
 * The `reject` reason when the proposed transaction is not the manifest's step at `position` (target, value,
 * operation or calldata differ), naming the step and every field that differs; `undefined` when it matches.
 *
 * @example
 * stepMismatch(manifest, { phase: 0, step: 0 }, proposed); // { rule: 'stepMismatch', … 'data differs' … }
 */
export function stepMismatch(
  manifest: Manifest,
  position: StepIndex,
  proposed: NormalizedTransaction,
): GateReason | undefined {
  const expected = manifest.phases[position.phase]?.steps[position.step];
  if (!expected) return undefined;
  const differs = differences(expected, proposed);
  if (differs.length === 0) return undefined;
  const elsewhere = findStep(manifest, proposed);
  const label = `step ${position.step} of phase ${position.phase}`;
  return {
    rule: 'stepMismatch',
    decision: 'reject',
    message:
      `The proposed transaction is not the next step (${label}): its ${differs.join(', ')} differ` +
      `${differs.length === 1 ? 's' : ''} from the approved one. ` +
      (elsewhere
        ? `It is step ${elsewhere.step} of phase ${elsewhere.phase}, out of order: propose ${label} first.`
        : 'It matches no step of the manifest (drift): propose exactly the approved step.'),
    values: {
      phase: position.phase,
      step: position.step,
      differs,
      expectedTo: expected.to,
      proposedTo: proposed.to,
      expectedValue: expected.value.toString(),
      proposedValue: proposed.value.toString(),
      expectedOperation: expected.operation,
      proposedOperation: proposed.operation,
      expectedDataHash: keccak256(expected.data),
      proposedDataHash: keccak256(proposed.data),
    },
  };
}

/** Where in the manifest this exact transaction is a step, if anywhere. */
export function findStep(manifest: Manifest, proposed: NormalizedTransaction): StepIndex | undefined {
  for (const [phase, { steps }] of manifest.phases.entries()) {
    for (const [step, candidate] of steps.entries()) {
      if (differences(candidate, proposed).length === 0) return { phase, step };
    }
  }
  return undefined;
}

function differences(
  expected: { to: Address; value: bigint; operation: number; data: Hex },
  proposed: NormalizedTransaction,
): string[] {
  const list: string[] = [];
  if (expected.to.toLowerCase() !== proposed.to.toLowerCase()) list.push('target');
  if (expected.value !== proposed.value) list.push('value');
  if (expected.operation !== proposed.operation) list.push('operation');
  if (expected.data.toLowerCase() !== proposed.data.toLowerCase()) list.push('data');
  return list;
}
