import { type Address, encodeFunctionData, getAddress, isAddressEqual } from 'viem';

import type { Step } from '../guard/manifest.js';
import { BaseError } from '../errors/base.js';
import { safeAbi } from '../generated/safe.js';

/** The Safe's owner list starts at this sentinel (`SENTINEL_OWNERS`). */
export const sentinelOwners: Address = '0x0000000000000000000000000000000000000001';

/** An owner change names an account that is not an owner of the Safe. */
export class OwnerNotFoundError extends BaseError {
  override name = 'OwnerNotFoundError';
  constructor(owner: Address, owners: readonly Address[]) {
    super(`${owner} is not an owner of the Safe.`, {
      metaMessages: [`Owners: ${owners.join(', ')}.`, 'Read the current owners with getOwners() and pick one of them.'],
    });
  }
}

/** The threshold would be 0 or above the number of owners after the change (the Safe would reject it). */
export class InvalidThresholdError extends BaseError {
  override name = 'InvalidThresholdError';
  constructor(threshold: bigint, owners: number) {
    super(`Threshold ${threshold} is not possible with ${owners} owner${owners === 1 ? '' : 's'}.`, {
      metaMessages: [`Use a threshold from 1 to ${owners}.`],
    });
  }
}

const self = (safe: Address, data: `0x${string}`): Step => ({ to: getAddress(safe), value: 0n, operation: 0, data });
const checkThreshold = (threshold: bigint, owners: number) => {
  if (threshold < 1n || threshold > BigInt(owners)) throw new InvalidThresholdError(threshold, owners);
};

/**
 * The owner before `owner` in the Safe's linked list (`getOwners()` order), as `removeOwner`/`swapOwner` need.
 *
 * @throws {OwnerNotFoundError} when `owner` is not in `owners`.
 * @example
 * previousOwner([a, b, c], b); // a (and the sentinel 0x…0001 for the first owner)
 */
export function previousOwner(owners: readonly Address[], owner: Address): Address {
  const index = owners.findIndex((candidate) => isAddressEqual(candidate, owner));
  if (index < 0) throw new OwnerNotFoundError(owner, owners);
  return index === 0 ? sentinelOwners : getAddress(owners[index - 1]!);
}

/**
 * `safe.setGuard(guard)` (zero address removes the guard). Privileged: it targets the Safe.
 *
 * @example
 * const step = setGuardStep({ safe, guard });
 */
export function setGuardStep({ safe, guard }: { safe: Address; guard: Address }): Step {
  return self(safe, encodeFunctionData({ abi: safeAbi, functionName: 'setGuard', args: [guard] }));
}

/**
 * `safe.addOwnerWithThreshold(owner, threshold)`.
 *
 * @throws {InvalidThresholdError} when `owners` is given and the threshold does not fit the new owner count.
 * @example
 * const step = addOwnerWithThresholdStep({ safe, owner: newOwner, threshold: 2n, owners });
 */
export function addOwnerWithThresholdStep(parameters: {
  safe: Address;
  owner: Address;
  threshold: bigint;
  /** The current owners, to check the threshold. */
  owners?: readonly Address[];
}): Step {
  const { safe, owner, threshold, owners } = parameters;
  if (owners) checkThreshold(threshold, owners.length + 1);
  return self(
    safe,
    encodeFunctionData({ abi: safeAbi, functionName: 'addOwnerWithThreshold', args: [owner, threshold] }),
  );
}

/**
 * `safe.removeOwner(prevOwner, owner, threshold)`, with `prevOwner` found in the current `owners` (`getOwners()`).
 *
 * @throws {OwnerNotFoundError} when `owner` is not in `owners`; {InvalidThresholdError} when the threshold does
 * not fit the remaining owners.
 * @example
 * const step = removeOwnerStep({ safe, owners: await getOwners(), owner, threshold: 2n });
 */
export function removeOwnerStep(parameters: {
  safe: Address;
  owners: readonly Address[];
  owner: Address;
  threshold: bigint;
}): Step {
  const { safe, owners, owner, threshold } = parameters;
  const prev = previousOwner(owners, owner);
  checkThreshold(threshold, owners.length - 1);
  return self(safe, encodeFunctionData({ abi: safeAbi, functionName: 'removeOwner', args: [prev, owner, threshold] }));
}

/**
 * `safe.swapOwner(prevOwner, oldOwner, newOwner)`, with `prevOwner` found in the current `owners`.
 *
 * @throws {OwnerNotFoundError} when `oldOwner` is not in `owners`.
 * @example
 * const step = swapOwnerStep({ safe, owners: await getOwners(), oldOwner, newOwner });
 */
export function swapOwnerStep(parameters: {
  safe: Address;
  owners: readonly Address[];
  oldOwner: Address;
  newOwner: Address;
}): Step {
  const { safe, owners, oldOwner, newOwner } = parameters;
  const prev = previousOwner(owners, oldOwner);
  return self(safe, encodeFunctionData({ abi: safeAbi, functionName: 'swapOwner', args: [prev, oldOwner, newOwner] }));
}

/**
 * `safe.changeThreshold(threshold)`.
 *
 * @throws {InvalidThresholdError} when `owners` is given and the threshold does not fit.
 * @example
 * const step = changeThresholdStep({ safe, threshold: 3n, owners });
 */
export function changeThresholdStep(parameters: {
  safe: Address;
  threshold: bigint;
  owners?: readonly Address[];
}): Step {
  const { safe, threshold, owners } = parameters;
  if (owners) checkThreshold(threshold, owners.length);
  return self(safe, encodeFunctionData({ abi: safeAbi, functionName: 'changeThreshold', args: [threshold] }));
}
