import { type Address, getAddress } from 'viem';

import type { GuardOverview } from '../../guard/readGuard.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { inspectTransaction } from '../inspectTransaction.js';
import { parseJson } from '../parseFields.js';
import { useInspectAction } from './useInspectAction.js';
import type { InspectFields } from './useInspectFields.js';

/**
 * Inspecting a transaction on a guarded Safe: the queued or pasted transaction, asked of the guard and the shared
 * modules for everything a signer should see (`inspectTransaction`); `result` holds the answer.
 */
export function useInspection(overview: GuardOverview, fields: InspectFields) {
  const { client, state } = useConnection();
  return useInspectAction(fields, 'Asking the guard (explainTransaction)…', ({ call, nonce, queued }) =>
    inspectTransaction({
      client,
      safe: state.safe,
      chainId: state.chainId,
      overview,
      call,
      nonce,
      msgSender: getAddress(fields.executor) as Address,
      claimedSafeTxHash: queued?.safeTxHash,
      evidencePacket: fields.evidenceText.trim() ? parseJson(fields.evidenceText) : undefined,
    }),
  );
}
