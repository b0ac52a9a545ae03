import { type Address, type Hex, type PublicClient, getAddress, keccak256, toHex, zeroAddress } from 'viem';

import { safeAbi } from '../../../shared/src/safe/safeArtifacts.js';
import type { SafeState } from './connection.js';
import { NotASafeError } from './errors.js';

/** Precomputed value of keccak256("guard_manager.guard.address"), the Safe's guard storage slot. */
export const guardStorageSlot: Hex = keccak256(toHex('guard_manager.guard.address'));
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
  const read = <T>(functionName: string, args: readonly unknown[] = []) =>
    client.readContract({ address: safe, abi: safeAbi, functionName, args } as never) as Promise<T>;
  try {
    const [owners, threshold, nonce, version, guardWord, modules] = await Promise.all([
      read<Address[]>('getOwners'),
      read<bigint>('getThreshold'),
      read<bigint>('nonce'),
      read<string>('VERSION'),
      client.getStorageAt({ address: safe, slot: guardStorageSlot }),
      read<[Address[], Address]>('getModulesPaginated', [sentinel, 20n]),
    ]);
    const guard = getAddress(`0x${(guardWord ?? '0x').slice(-40).padStart(40, '0')}`);
    return {
      safe: getAddress(safe),
      chainId,
      owners: owners.map((owner) => getAddress(owner)),
      threshold: Number(threshold),
      nonce,
      version,
      guard: guard === zeroAddress ? undefined : guard,
      modules: modules[0].map((module) => getAddress(module)),
    };
  } catch (error) {
    if (isNetworkError(error)) throw error;
    throw new NotASafeError(safe, chainId, error);
  }
}

export function isNetworkError(error: unknown): boolean {
  const text = String((error as Error)?.message ?? error);
  return /HTTP request failed|fetch failed|Failed to fetch|ECONNREFUSED|NetworkError|did not answer/i.test(text);
}
