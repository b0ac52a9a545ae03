import { type Address, type Hex, type PublicClient, getAddress, keccak256, toHex, zeroAddress } from 'viem';

import { safeAbi } from '../../../shared/src/generated/safe.js';
import type { SafeState } from './connection.js';
import { NotASafeError } from './errors.js';
import { hasModuleGuard } from '../../../shared/src/index.js';

/** Precomputed value of keccak256("guard_manager.guard.address"), the Safe's guard storage slot. */
export const guardStorageSlot: Hex = keccak256(toHex('guard_manager.guard.address'));
/** Precomputed value of keccak256("module_manager.module_guard.address"), Safe 1.5.0's module guard slot. */
export const moduleGuardStorageSlot: Hex = keccak256(toHex('module_manager.module_guard.address'));
const sentinel: Address = '0x0000000000000000000000000000000000000001';

/**
 * Reads a Safe's owners, threshold, nonce, version, guard and modules from the chain.
 *
 * @throws {NotASafeError} when `safe` does not answer as a Safe.
 *
 * @example
 * const state = await readSafeState(client, safe);
 */
export async function readSafeState(client: PublicClient, safe: Address): Promise<SafeState> {
  const chainId = client.chain!.id;
  const safeContract = { address: safe, abi: safeAbi } as const;
  try {
    const [owners, threshold, nonce, version, guardWord, modules] = await Promise.all([
      client.readContract({ ...safeContract, functionName: 'getOwners' }),
      client.readContract({ ...safeContract, functionName: 'getThreshold' }),
      client.readContract({ ...safeContract, functionName: 'nonce' }),
      client.readContract({ ...safeContract, functionName: 'VERSION' }),
      client.getStorageAt({ address: safe, slot: guardStorageSlot }),
      client.readContract({ ...safeContract, functionName: 'getModulesPaginated', args: [sentinel, 20n] }),
    ]);
    const guard = wordAddress(guardWord);
    const moduleGuard = hasModuleGuard(version)
      ? wordAddress(await client.getStorageAt({ address: safe, slot: moduleGuardStorageSlot }))
      : zeroAddress;
    return {
      safe: getAddress(safe),
      chainId,
      owners: owners.map((owner) => getAddress(owner)),
      threshold: Number(threshold),
      nonce,
      version,
      guard: guard === zeroAddress ? undefined : guard,
      modules: modules[0].map((module) => getAddress(module)),
      moduleGuard: moduleGuard === zeroAddress ? undefined : moduleGuard,
    };
  } catch (error) {
    if (isNetworkError(error)) throw error;
    throw new NotASafeError(safe, chainId, error);
  }
}

const wordAddress = (word: Hex | undefined): Address => getAddress(`0x${(word ?? '0x').slice(-40).padStart(40, '0')}`);

export function isNetworkError(error: unknown): boolean {
  const text = String((error as Error)?.message ?? error);
  return /HTTP request failed|fetch failed|Failed to fetch|ECONNREFUSED|NetworkError|did not answer/i.test(text);
}
