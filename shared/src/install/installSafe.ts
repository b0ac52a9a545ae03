import { type Address, type Hex, type PublicClient, getAddress, zeroAddress } from 'viem';

import { safeAbi } from '../generated/safe.js';
import { hasModuleGuard } from '../safe/safeVersion.js';
import { safeGuardSlot, safeModuleGuardSlot } from '../verify/stateReads.js';
import { DryRunSafeNotFoundError } from './errors.js';

/** What the dry run needs to know about the Safe. */
export type InstallSafe = {
  safe: Address;
  owners: Address[];
  threshold: number;
  version: string;
  /** The transaction guard installed now (zero address: none). */
  guard: Address;
  /** Safe 1.5.0's module guard installed now (zero address: none, or a Safe without module guards). */
  moduleGuard: Address;
  /** The singleton the proxy delegates to (storage slot 0). */
  singleton: Address;
};

/**
 * Reads the Safe's owners, threshold, version, guards and singleton.
 *
 * @throws {DryRunSafeNotFoundError} when no Safe answers at `safe`.
 *
 * @example
 * const facts = await readInstallSafe(publicClient, safe, { rpcUrl, chainId });
 */
export async function readInstallSafe(
  publicClient: PublicClient,
  safe: Address,
  where: { rpcUrl: string; chainId: number },
): Promise<InstallSafe> {
  const safeContract = { address: safe, abi: safeAbi } as const;
  try {
    const code = await publicClient.getCode({ address: safe });
    if (!code || code === '0x') throw new DryRunSafeNotFoundError(safe, where.rpcUrl, where.chainId);
    const [owners, threshold, version, guardWord, singletonWord] = await Promise.all([
      publicClient.readContract({ ...safeContract, functionName: 'getOwners' }),
      publicClient.readContract({ ...safeContract, functionName: 'getThreshold' }),
      publicClient.readContract({ ...safeContract, functionName: 'VERSION' }),
      publicClient.getStorageAt({ address: safe, slot: safeGuardSlot }),
      publicClient.getStorageAt({ address: safe, slot: '0x0' }),
    ]);
    const moduleGuard = hasModuleGuard(version)
      ? await readAddressSlot(publicClient, safe, safeModuleGuardSlot)
      : zeroAddress;
    return {
      safe: getAddress(safe),
      owners: owners.map((owner) => getAddress(owner)),
      threshold: Number(threshold),
      version,
      guard: wordAddress(guardWord),
      moduleGuard,
      singleton: wordAddress(singletonWord),
    };
  } catch (error) {
    if (error instanceof DryRunSafeNotFoundError) throw error;
    throw new DryRunSafeNotFoundError(safe, where.rpcUrl, where.chainId, error);
  }
}

/** The address stored in `slot` of `address` (zero when empty). */
export async function readAddressSlot(publicClient: PublicClient, address: Address, slot: Hex): Promise<Address> {
  return wordAddress(await publicClient.getStorageAt({ address, slot }));
}

const wordAddress = (word: Hex | undefined): Address => getAddress(`0x${(word ?? '0x').slice(-40).padStart(40, '0')}`);
