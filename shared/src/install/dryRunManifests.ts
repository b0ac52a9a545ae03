import {
  type Address,
  type Hex,
  encodeAbiParameters,
  encodeFunctionData,
  getAddress,
  isAddressEqual,
  keccak256,
  slice,
  stringToBytes,
  toFunctionSelector,
  zeroAddress,
  zeroHash,
} from 'viem';

import { multiSendStep } from '../builders/multiSendStep.js';
import { setGuardStep } from '../builders/safeSteps.js';
import {
  type Check,
  CheckKind,
  type GuardConfig,
  type Manifest,
  ManifestKind,
  type Step,
  StopResponse,
} from '../guard/manifest.js';
import { safeAbi } from '../generated/safe.js';
import { hasModuleGuard } from '../safe/safeVersion.js';
import type { InstallSafe } from './installSafe.js';

/** The evidence hash of the dry run's manifests (they exist only on the fork). */
export const dryRunEvidence = keccak256(stringToBytes('manifest-guard install dry run'));

/** A window long enough for the delay, with a week to spare. */
const WINDOW_MARGIN = 7n * 86_400n;

/**
 * The Safe transaction that installs `guard` (zero address: removes it): `setGuard`, and on Safe 1.5.0 also
 * `setModuleGuard`, both in one MultiSendCallOnly batch (a delegatecall, the only one the guard allows).
 *
 * @example
 * const install = guardCall(safe, guard, config.multiSendCallOnly);
 */
export function guardCall(safe: InstallSafe, guard: Address, multiSendCallOnly: Address): Step {
  const setGuard = setGuardStep({ safe: safe.safe, guard });
  if (!hasModuleGuard(safe.version)) return setGuard;
  const setModuleGuard: Step = {
    to: safe.safe,
    value: 0n,
    operation: 0,
    data: encodeFunctionData({ abi: safeAbi, functionName: 'setModuleGuard', args: [guard] }),
  };
  return multiSendStep({ multiSendCallOnly, calls: [setGuard, setModuleGuard] });
}

/** Where the routine step goes when the singleton cannot serve: an address with no code and no key. */
export const noOpTarget: Address = getAddress(
  slice(keccak256(stringToBytes('manifest-guard install dry run: no-op')), 12),
);

const versionSelector = toFunctionSelector('VERSION()');

/**
 * The routine manifest's one step, which changes nothing but the Safe's nonce: `VERSION()` (a view) on the Safe's
 * singleton, neither the Safe nor the guard, so routine. When the configuration would make that call privileged
 * (the singleton named an authority, `VERSION()` a privileged selector) or the singleton has no code, a call with no
 * data to `noOpTarget` instead.
 *
 * @example
 * const step = routineStep(safe, config, true); // { to: singleton, data: '0xffa1ad74', operation: 0, value: 0n }
 */
export function routineStep(safe: InstallSafe, config: GuardConfig, singletonHasCode: boolean): Step {
  const privileged =
    config.authorities.some((authority) => isAddressEqual(authority, safe.singleton)) ||
    config.privilegedSelectors.some((selector) => selector.toLowerCase() === versionSelector);
  if (!singletonHasCode || privileged) return { to: noOpTarget, value: 0n, operation: 0, data: '0x' };
  return { to: safe.singleton, value: 0n, operation: 0, data: versionSelector };
}

/** The removal manifest's one step: `setGuard(0)` (and `setModuleGuard(0)` on Safe 1.5.0). */
export const removalStep = (safe: InstallSafe, multiSendCallOnly: Address): Step =>
  guardCall(safe, zeroAddress, multiSendCallOnly);

/** A check that the Safe's threshold is still `threshold` after the step (it runs in the guard's after-hook). */
export function thresholdCheck(safe: InstallSafe): Check {
  return {
    kind: CheckKind.ResultHash,
    target: safe.safe,
    data: encodeFunctionData({ abi: safeAbi, functionName: 'getThreshold' }),
    expected: keccak256(encodeAbiParameters([{ type: 'uint256' }], [BigInt(safe.threshold)])),
    response: StopResponse.Observe,
  };
}

/**
 * The step of a dry-run Release's Rollback: a call with distinct, meaningless data to `noOpTarget` (no code there,
 * so nothing changes; routine). It is never executed: the Release only needs it registered, approved and
 * executable on its own terms.
 */
export const rollbackStep = (ticket: string): Step => ({
  to: noOpTarget,
  value: 0n,
  operation: 0,
  data: keccak256(stringToBytes(ticket)),
});

/**
 * A one-step manifest (a Release naming `rollback`, or with `rollback` zero a Rollback), open from `now` for `delay`
 * plus a week.
 *
 * @example
 * const manifest = dryRunManifest({ ticket: 'install dry run: routine step', now, delay: 3600, step, checks: [] });
 */
export function dryRunManifest(args: {
  ticket: string;
  now: bigint;
  delay: number;
  step: Step;
  checks: Check[];
  rollback?: Hex;
}): Manifest {
  return {
    kind: args.rollback ? ManifestKind.Release : ManifestKind.Rollback,
    ticket: args.ticket,
    notBefore: args.now,
    expiry: args.now + BigInt(args.delay) + WINDOW_MARGIN,
    rollback: args.rollback ?? zeroHash,
    evidence: dryRunEvidence,
    phases: [{ steps: [args.step], checks: args.checks, conditions: [], minSoak: 0n }],
  };
}
