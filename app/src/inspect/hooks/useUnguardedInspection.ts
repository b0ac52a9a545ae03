import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { inspectUnguarded } from '../inspectUnguarded.js';
import { useInspectAction } from './useInspectAction.js';
import type { InspectFields } from './useInspectFields.js';

/**
 * Inspecting a transaction of a Safe without Manifest Guard (the `setGuard` batch that installs it, among others):
 * the queued or pasted transaction, decoded with its hashes (`inspectUnguarded`); `result` holds the answer.
 */
export function useUnguardedInspection(fields: InspectFields) {
  const { client, state } = useConnection();
  return useInspectAction(fields, 'Decoding the transaction…', ({ call, nonce, queued }) =>
    inspectUnguarded({
      client,
      safe: state.safe,
      chainId: state.chainId,
      call,
      nonce,
      claimedSafeTxHash: queued?.safeTxHash,
    }),
  );
}
