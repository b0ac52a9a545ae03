import type { Address, ContractFunctionReturnType, Hex, PublicClient } from 'viem';

import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { decodeGuardError } from './guardErrors.js';

/** The guard's derived state of a manifest (`manifestState(id)`), typed from its ABI. */
export type ManifestDerivedState = ContractFunctionReturnType<typeof manifestGuardAbi, 'view', 'manifestState'>;

/**
 * What the chain decides about a manifest right now, asked of the guard: status, lane now (and whether it is
 * current), executable time, next phase and step, whether that step may run now or the guard's own error saying why
 * not, and its rollback's readiness. `undefined` for a manifest the guard does not know. Off-chain code reads this
 * instead of restating the guard's rules.
 *
 * @example
 * const state = await readManifestState(publicClient, guard, id);
 * if (state && !state.laneCurrent) console.log('reclassify first');
 */
export async function readManifestState(
  publicClient: PublicClient,
  guard: Address,
  id: Hex,
  blockNumber?: bigint,
): Promise<ManifestDerivedState | undefined> {
  try {
    return await publicClient.readContract({
      address: guard,
      abi: manifestGuardAbi,
      functionName: 'manifestState',
      args: [id],
      blockNumber,
    });
  } catch (error) {
    if (decodeGuardError(error)?.errorName === 'ManifestGuardUnknownManifest') return undefined;
    throw error;
  }
}
