import { type Hex, isHash } from 'viem';

import type { QueuedTransaction, SafeCall, SafeConnection } from '../safe/connection.js';
import { InvalidFieldError, UnknownSafeTxHashError } from './errors.js';
import type { InspectFields } from './hooks/useInspectFields.js';
import { parseBigInt, parseCall, queueName } from './parseFields.js';

/** The transaction to inspect: its call and nonce, and the queue's entry when it was read by safeTxHash. */
export type InspectedCall = { call: SafeCall; nonce: bigint; queued: QueuedTransaction | undefined };

/**
 * The transaction the inspect form names: read from the Safe's queue by safeTxHash, or parsed from the pasted fields.
 *
 * @throws {InvalidFieldError} for a field that does not parse; {UnknownSafeTxHashError} when the queue does not know
 * the hash.
 *
 * @example
 * const { call, nonce, queued } = await readInspectedCall(connection, fields);
 */
export async function readInspectedCall(
  connection: Pick<SafeConnection, 'queued' | 'mode' | 'txServiceUrl'>,
  fields: InspectFields,
): Promise<InspectedCall> {
  if (fields.mode === 'paste') {
    return {
      call: parseCall(fields.to, fields.value, fields.data, fields.operation),
      nonce: parseBigInt('nonce', fields.nonce),
      queued: undefined,
    };
  }
  const hash = fields.safeTxHash.trim();
  if (!isHash(hash)) throw new InvalidFieldError('safeTxHash', hash, 'a 32-byte hex hash (0x + 64 hex digits)');
  const queued = await connection.queued(hash as Hex);
  if (!queued) throw new UnknownSafeTxHashError(hash, queueName(connection.mode, connection.txServiceUrl));
  return { call: queued.call, nonce: queued.nonce, queued };
}
