import { type FormEvent, useState } from 'react';

import type { QueuedTransaction } from '../../safe/connection.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { useAction } from '../../ui/useAsync.js';
import { type InspectedCall, readInspectedCall } from '../inspectedCall.js';
import type { InspectFields } from './useInspectFields.js';

/**
 * The Inspect form's action, whatever is inspected: `submit` reads the transaction from the queue (by safeTxHash) or
 * parses the pasted one, says `progress`, then runs `inspect` on it; `result` holds the answer with the queued
 * transaction it came from.
 *
 * @example
 * const { action, result, submit } = useInspectAction(fields, 'Decoding the transaction…', (read) => decode(read));
 */
export function useInspectAction<T>(
  fields: InspectFields,
  progress: string,
  inspect: (read: InspectedCall) => Promise<T>,
) {
  const connection = useConnection();
  const [result, setResult] = useState<{ inspection: T; queued?: QueuedTransaction }>();
  const action = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setResult(undefined);
    void action.run('Inspecting the transaction…', async (step) => {
      if (fields.mode === 'hash') step('Reading the transaction from the queue…');
      const read = await readInspectedCall(connection, fields);
      step(progress);
      setResult({ inspection: await inspect(read), queued: read.queued });
    });
  };

  return { action, result, submit };
}
