import { type Hex, getAddress, isAddress, isHex } from 'viem';

import type { SafeCall } from '../safe/connection.js';
import { InvalidFieldError } from './errors.js';

/** The queue a safeTxHash is looked up in, named for the error when it does not know it. */
export function queueName(mode: 'safe-app' | 'standalone', txServiceUrl: string | undefined): string {
  if (mode === 'safe-app') return 'The Safe{Wallet} queue';
  return txServiceUrl ? `The Transaction Service at ${txServiceUrl}` : 'This browser’s list of on-chain proposals';
}

/**
 * A pasted transaction as a Safe call.
 *
 * @throws {InvalidFieldError} for a field that does not parse.
 */
export function parseCall(to: string, value: string, data: string, operation: string): SafeCall {
  const target = to.trim();
  if (!isAddress(target)) throw new InvalidFieldError('To', target, 'an address (0x + 40 hex digits)');
  const calldata = data.trim() || '0x';
  if (!isHex(calldata) || calldata.length % 2 !== 0)
    throw new InvalidFieldError('Data', calldata, 'hex calldata (0x…, whole bytes)');
  return {
    to: getAddress(target),
    value: parseBigInt('Value', value),
    data: calldata as Hex,
    operation: operation === '1' ? 1 : 0,
  };
}

/** @throws {InvalidFieldError} unless `text` is a whole number. */
export function parseBigInt(field: string, text: string): bigint {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) throw new InvalidFieldError(field, trimmed, 'a whole number');
  return BigInt(trimmed);
}

/** @throws {InvalidFieldError} unless `text` is JSON (the evidence packet). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidFieldError('Evidence packet', text, `JSON (${(error as Error).message})`);
  }
}
