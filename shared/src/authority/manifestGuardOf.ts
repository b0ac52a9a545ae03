import { type Address, type PublicClient, getAddress, isAddressEqual, zeroAddress } from 'viem';

import { manifestGuardAbi } from '../generated/manifestGuard.js';

/**
 * Whether `guard` is a Manifest Guard bound to `safe`: its `SAFE()` answers that Safe. Anything else (no code, no
 * `SAFE()`, another Safe, the zero address) is `false`; never throws.
 *
 * @example
 * await isManifestGuardFor(publicClient, desk.guard, desk.safe); // true
 */
export async function isManifestGuardFor(
  publicClient: PublicClient,
  guard: Address | undefined,
  safe: Address,
  blockNumber?: bigint,
): Promise<boolean> {
  if (!guard || isAddressEqual(guard, zeroAddress)) return false;
  try {
    const bound = await publicClient.readContract({
      address: getAddress(guard),
      abi: manifestGuardAbi,
      functionName: 'SAFE',
      blockNumber,
    });
    return isAddressEqual(bound, safe);
  } catch {
    return false;
  }
}
