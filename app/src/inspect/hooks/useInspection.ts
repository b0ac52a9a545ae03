import { type FormEvent, useState } from 'react';
import { type Address, getAddress } from 'viem';

import type { GuardOverview } from '../../guard/readGuard.js';
import type { QueuedTransaction } from '../../safe/connection.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { useAction } from '../../ui/useAsync.js';
import { readInspectedCall } from '../inspectedCall.js';
import { type Inspection, inspectTransaction } from '../inspectTransaction.js';
import { parseJson } from '../parseFields.js';
import type { InspectFields } from './useInspectFields.js';

/**
 * Inspecting a transaction: `submit` reads it from the queue (by safeTxHash) or parses the pasted one, then asks the
 * guard and the shared modules everything a signer should see (`inspectTransaction`); `result` holds the answer.
 */
export function useInspection(overview: GuardOverview, fields: InspectFields) {
  const connection = useConnection();
  const { state } = connection;
  const [result, setResult] = useState<{ inspection: Inspection; queued?: QueuedTransaction }>();
  const action = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setResult(undefined);
    void action.run('Inspecting the transaction…', async (step) => {
      if (fields.mode === 'hash') step('Reading the transaction from the queue…');
      const { call, nonce, queued } = await readInspectedCall(connection, fields);
      const evidencePacket = fields.evidenceText.trim() ? parseJson(fields.evidenceText) : undefined;
      step('Asking the guard (explainTransaction)…');
      const inspection = await inspectTransaction({
        client: connection.client,
        safe: state.safe,
        chainId: state.chainId,
        overview,
        call,
        nonce,
        msgSender: getAddress(fields.executor) as Address,
        claimedSafeTxHash: queued?.safeTxHash,
        evidencePacket,
      });
      setResult({ inspection, queued });
    });
  };

  return { action, result, submit };
}
