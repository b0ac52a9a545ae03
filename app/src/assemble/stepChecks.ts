import { type Address, type Hex, getAddress, isAddressEqual } from 'viem';

import type { Check, Phase, Step } from '../../../shared/src/index.js';

/**
 * The addresses a step names: its target and every 32-byte word of its calldata that holds an address (the proxy and
 * implementation of an upgrade, the ProxyAdmin's proxy argument).
 */
export function addressesOf(target: Address, data: Hex): Address[] {
  const words = data.length > 10 ? (data.slice(10).match(/.{64}/g) ?? []) : [];
  const inWords = words
    .filter((word) => /^0{24}/.test(word) && !/^0+$/.test(word))
    .map((word) => getAddress(`0x${word.slice(24)}`));
  return [target, ...inWords];
}

/**
 * Whether `check` proves something about `step`: it reads a contract the step names (its target, or an address in its
 * calldata), and every address its own calldata names is one the step names too (a ProxyAdmin's check of one proxy
 * is not another proxy's).
 */
export function checkBelongsTo(check: Check, step: Step): boolean {
  const named = addressesOf(step.to, step.data);
  const has = (address: Address) => named.some((other) => isAddressEqual(other, address));
  const [, ...arguments_] = addressesOf(check.target, check.data);
  return has(check.target) && arguments_.every(has);
}

/**
 * The phase without step `index`, and without the checks that belonged only to it (a removed Beacon upgrade takes
 * its `implementation()` check with it; a check another step of the phase still needs stays).
 *
 * @example
 * const phase = removeStep(manifest.phases[0], 1);
 */
export function removeStep(phase: Phase, index: number): Phase {
  const removed = phase.steps[index];
  if (!removed) return phase;
  const steps = phase.steps.filter((_, i) => i !== index);
  const checks = phase.checks.filter(
    (check) => !checkBelongsTo(check, removed) || steps.some((step) => checkBelongsTo(check, step)),
  );
  return { ...phase, steps, checks };
}
