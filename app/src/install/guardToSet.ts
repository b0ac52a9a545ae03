import type { Address, PublicClient } from 'viem';

import { manifestGuardAbi } from '../../../shared/src/generated/manifestGuard.js';
import type { GuardConfig } from '../../../shared/src/index.js';
import { isManifestGuardFor } from '../guard/readGuard.js';

/** The guard address pasted or deployed: whether it is a Manifest Guard for this Safe, and its configuration. */
export type GuardToSet = { forSafe: boolean; config: GuardConfig | undefined };

/**
 * Reads the guard the Safe is about to set: `SAFE()` must be this Safe; its configuration is read to be compared
 * with the one shown and dry-run.
 *
 * @example
 * const { forSafe, config } = await readGuardToSet(client, guard, state.safe);
 */
export async function readGuardToSet(client: PublicClient, guard: Address, safe: Address): Promise<GuardToSet> {
  if (!(await isManifestGuardFor(client, guard, safe))) return { forSafe: false, config: undefined };
  const config = await client.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'getConfig' });
  return { forSafe: true, config: config as GuardConfig };
}
