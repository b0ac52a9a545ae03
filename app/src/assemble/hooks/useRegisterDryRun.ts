import type { Address, Hex } from 'viem';

import { decodeGuardError, type Manifest } from '../../../../shared/src/index.js';
import { manifestGuardAbi } from '../../../../shared/src/generated/manifestGuard.js';
import { walletAddress } from '../../cosign/guardWrite.js';
import { type GuardWords, rejectionWords } from '../../guard/explain.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { useAsync } from '../../ui/useAsync.js';

/** The guard's answer to registering the draft now: `refusal` in words when it would revert. */
export type RegisterDryRun = { from: Address; refusal: GuardWords | undefined };

/** How long the draft must stay unchanged before the guard is asked (typing settles first). */
const settle = 400;

/**
 * Asks the guard whether it would register the draft now (`register` as an `eth_call` from the connected wallet, else
 * from the first proposer), so that a window already closed, a shape it refuses or a missing role shows before the
 * wallet is asked to sign; the guard decides, the app says its answer. Asked again when the manifest id changes.
 *
 * @example
 * const dryRun = useRegisterDryRun(overview.guard, manifest, analysis.id, overview.config.proposers);
 */
export function useRegisterDryRun(guard: Address, manifest: Manifest, id: Hex, proposers: readonly Address[]) {
  const connection = useConnection();
  const from = walletAddress(connection.wallet) ?? proposers[0];
  return useAsync(async (): Promise<RegisterDryRun | undefined> => {
    if (!from) return undefined;
    await new Promise((resolve) => setTimeout(resolve, settle));
    try {
      await connection.client.simulateContract({
        address: guard,
        abi: manifestGuardAbi,
        functionName: 'register',
        args: [manifest],
        account: from,
      });
      return { from, refusal: undefined };
    } catch (error) {
      const rejection = decodeGuardError(error);
      // Anything but the guard's own answer (the node, a malformed draft) is said where the draft is analysed.
      return { from, refusal: rejection ? rejectionWords(rejection) : undefined };
    }
  }, [id, from, guard]);
}
