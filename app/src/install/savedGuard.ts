import type { Address, PublicClient } from 'viem';

import { isManifestGuardFor } from '../guard/readGuard.js';

/** A guard address saved in this browser, as the chain answers for it now. */
export type SavedGuardCheck = { kept: true } | { kept: false; sentence: string };

/**
 * Checks a guard address saved in this browser before it is shown as deployed: it must have code on this chain and
 * answer `SAFE()` with this Safe (a reset local chain, another chain under the same id or a mistyped entry fail).
 *
 * @example
 * const check = await checkSavedGuard(client, saved, state.safe); // { kept: false, sentence: '…has no code…' }
 */
export async function checkSavedGuard(client: PublicClient, guard: Address, safe: Address): Promise<SavedGuardCheck> {
  const code = await client.getCode({ address: guard });
  if (!code || code === '0x') {
    return {
      kept: false,
      sentence: `The guard saved in this browser for this Safe, ${guard}, has no code on chain ${client.chain?.id} (the chain was reset, or it was never deployed here), so it was dropped: deploy the guard again (step 3).`,
    };
  }
  if (!(await isManifestGuardFor(client, guard, safe))) {
    return {
      kept: false,
      sentence: `The guard saved in this browser for this Safe, ${guard}, is not a Manifest Guard for this Safe (its SAFE() is not ${safe}), so it was dropped: deploy the guard again (step 3).`,
    };
  }
  return { kept: true };
}
