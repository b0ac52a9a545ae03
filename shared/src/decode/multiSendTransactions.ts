import { type Address, type Hex, getAddress, hexToBigInt, size, slice, toFunctionSelector } from 'viem';

import { BaseError } from '../errors/base.js';

/** `multiSend(bytes)`: 0x8d80ff0a. */
export const multiSendSelector = toFunctionSelector('multiSend(bytes)');

/** One transaction packed in a MultiSend batch. */
export type MultiSendTransaction = { operation: number; to: Address; value: bigint; data: Hex };

export type MultiSendTransactionsParameters = Hex;
export type MultiSendTransactionsReturnType = MultiSendTransaction[];
export type MultiSendTransactionsErrorType = MalformedMultiSendError;

/**
 * The batch could not be decoded at `offset` (bytes into the step's calldata), exactly where the guard's
 * `MultiSendDecoder` reverts with `ManifestGuardMalformedMultiSend(offset)`.
 */
export class MalformedMultiSendError extends BaseError {
  override name = 'MalformedMultiSendError';
  readonly offset: number;
  constructor(offset: number, reason: string) {
    super(`Malformed MultiSend batch at byte ${offset}: ${reason}.`, {
      metaMessages: [
        'The guard rejects it with ManifestGuardMalformedMultiSend. Build the batch with encodeMultiSend and',
        "encodeFunctionData({ abi: multiSendAbi, functionName: 'multiSend', args: [packed] }).",
      ],
    });
    this.offset = offset;
  }
}

/**
 * The transactions of a `multiSend(bytes)` call, decoded with the guard's own rules (`MultiSendDecoder`): the
 * calldata must be exactly a `multiSend` call whose argument sits at offset 32; bytes after the packed
 * transactions are ignored; each transaction is operation (1 byte), to (20), value (32), data length (32), data.
 * Hex is read in any case; the data returned is lower case.
 *
 * @throws {MalformedMultiSendError} with the offset the guard would report.
 *
 * @example
 * const calls = multiSendTransactions(step.data); // [{ operation: 0, to: '0x…', value: 0n, data: '0x…' }]
 */
export function multiSendTransactions(input: MultiSendTransactionsParameters): MultiSendTransactionsReturnType {
  const data = input.toLowerCase() as Hex;
  const length = size(data);
  if (length < 68 || slice(data, 0, 4) !== multiSendSelector) {
    throw new MalformedMultiSendError(0, 'the calldata is not a multiSend(bytes) call');
  }
  if (hexToBigInt(slice(data, 4, 36)) !== 32n) {
    throw new MalformedMultiSendError(4, 'the bytes argument does not start at offset 32');
  }
  const packedLength = hexToBigInt(slice(data, 36, 68));
  if (packedLength > BigInt(length - 68)) {
    throw new MalformedMultiSendError(36, 'the batch length runs past the end of the calldata');
  }
  const packedSize = Number(packedLength);
  if (packedSize === 0) return [];
  const packed = slice(data, 68, 68 + packedSize);
  const transactions: MultiSendTransaction[] = [];
  let cursor = 0;
  while (cursor < packedSize) {
    if (packedSize < cursor + 85) {
      throw new MalformedMultiSendError(68 + cursor, 'a transaction header runs past the end of the batch');
    }
    const dataLength = hexToBigInt(slice(packed, cursor + 53, cursor + 85));
    if (dataLength > BigInt(packedSize - cursor - 85)) {
      throw new MalformedMultiSendError(68 + cursor + 53, "a transaction's data runs past the end of the batch");
    }
    const end = cursor + 85 + Number(dataLength);
    transactions.push({
      operation: Number(hexToBigInt(slice(packed, cursor, cursor + 1))),
      to: getAddress(slice(packed, cursor + 1, cursor + 21)),
      value: hexToBigInt(slice(packed, cursor + 21, cursor + 53)),
      data: dataLength === 0n ? '0x' : slice(packed, cursor + 85, end),
    });
    cursor = end;
  }
  return transactions;
}
