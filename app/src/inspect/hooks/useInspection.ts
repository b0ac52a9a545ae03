import { type FormEvent, useState } from 'react';
import { type Address, type Hex, getAddress, isHash } from 'viem';

import type { GuardOverview } from '../../guard/readGuard.js';
import type { QueuedTransaction, SafeCall } from '../../safe/connection.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { useAction } from '../../ui/useAsync.js';
import { InvalidFieldError, UnknownSafeTxHashError } from '../errors.js';
import { type Inspection, inspectTransaction } from '../inspectTransaction.js';
import { parseBigInt, parseCall, parseJson, queueName } from '../parseFields.js';
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
      let call: SafeCall;
      let txNonce: bigint;
      let queued: QueuedTransaction | undefined;
      if (fields.mode === 'hash') {
        const hash = fields.safeTxHash.trim();
        if (!isHash(hash)) throw new InvalidFieldError('safeTxHash', hash, 'a 32-byte hex hash (0x + 64 hex digits)');
        step('Reading the transaction from the queue…');
        queued = await connection.queued(hash as Hex);
        if (!queued) throw new UnknownSafeTxHashError(hash, queueName(connection.mode, connection.txServiceUrl));
        call = queued.call;
        txNonce = queued.nonce;
      } else {
        call = parseCall(fields.to, fields.value, fields.data, fields.operation);
        txNonce = parseBigInt('nonce', fields.nonce);
      }
      const evidencePacket = fields.evidenceText.trim() ? parseJson(fields.evidenceText) : undefined;
      step('Asking the guard (explainTransaction)…');
      const inspection = await inspectTransaction({
        client: connection.client,
        safe: state.safe,
        chainId: state.chainId,
        overview,
        call,
        nonce: txNonce,
        msgSender: getAddress(fields.executor) as Address,
        claimedSafeTxHash: queued?.safeTxHash,
        evidencePacket,
      });
      setResult({ inspection, queued });
    });
  };

  return { action, result, submit };
}
