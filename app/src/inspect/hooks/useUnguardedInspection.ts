import { type FormEvent, useState } from 'react';

import type { QueuedTransaction } from '../../safe/connection.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { useAction } from '../../ui/useAsync.js';
import { readInspectedCall } from '../inspectedCall.js';
import { type UnguardedInspection, inspectUnguarded } from '../inspectUnguarded.js';
import type { InspectFields } from './useInspectFields.js';

/**
 * Inspecting a transaction of a Safe without Manifest Guard: `submit` reads it from the queue (by safeTxHash) or
 * parses the pasted one, then decodes it (`inspectUnguarded`); `result` holds the answer.
 */
export function useUnguardedInspection(fields: InspectFields) {
  const connection = useConnection();
  const { state } = connection;
  const [result, setResult] = useState<{ inspection: UnguardedInspection; queued?: QueuedTransaction }>();
  const action = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setResult(undefined);
    void action.run('Inspecting the transaction…', async (step) => {
      if (fields.mode === 'hash') step('Reading the transaction from the queue…');
      const { call, nonce, queued } = await readInspectedCall(connection, fields);
      step('Decoding the transaction…');
      const inspection = await inspectUnguarded({
        client: connection.client,
        safe: state.safe,
        chainId: state.chainId,
        call,
        nonce,
        claimedSafeTxHash: queued?.safeTxHash,
      });
      setResult({ inspection, queued });
    });
  };

  return { action, result, submit };
}
