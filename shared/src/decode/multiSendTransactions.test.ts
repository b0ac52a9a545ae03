import { type Address, type Hex, concat, encodeFunctionData, numberToHex, pad } from 'viem';
import { describe, expect, test } from 'vitest';

import { encodeMultiSend } from '../safe/multiSend.js';
import { multiSendAbi } from '../generated/safe.js';
import { MalformedMultiSendError, multiSendTransactions } from './multiSendTransactions.js';

const to: Address = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0';
const calls = [
  { operation: 0, to, value: 5n, data: '0x1234' as Hex },
  { operation: 1, to, value: 0n, data: '0x' as Hex },
];
const encode = (packed: Hex) => encodeFunctionData({ abi: multiSendAbi, functionName: 'multiSend', args: [packed] });

test('default', () => {
  expect(multiSendTransactions(encode(encodeMultiSend(calls)))).toEqual(calls);
});

test('args: hex in upper case', () => {
  const data = encode(encodeMultiSend(calls));
  const shouting = `0x${data.slice(2).toUpperCase()}` as Hex;
  expect(multiSendTransactions(shouting)).toEqual(calls);
  // Selector, offset and lengths are read the same way: a malformed batch is reported at the same byte.
  const truncated = `0x${data.slice(2, 2 + 2 * 100).toUpperCase()}` as Hex;
  expect(() => multiSendTransactions(truncated)).toThrowError(/at byte 36/);
});

test('args: an empty batch', () => {
  expect(multiSendTransactions(encode('0x'))).toEqual([]);
});

describe('errors', () => {
  // The offsets are those of MultiSendDecoder.sol (ManifestGuardMalformedMultiSend(offset)).
  const offsetOf = (data: Hex) => {
    try {
      multiSendTransactions(data);
    } catch (error) {
      expect(error).toBeInstanceOf(MalformedMultiSendError);
      return (error as MalformedMultiSendError).offset;
    }
    return undefined;
  };
  const packed = encodeMultiSend(calls);
  const good = encode(packed);
  const word = (n: number) => pad(numberToHex(n), { size: 32 });

  test('offsets', () => {
    expect(offsetOf('0x8d80ff0a')).toBe(0);
    expect(offsetOf(concat(['0x12345678', word(32), word(0)]))).toBe(0);
    expect(offsetOf(concat(['0x8d80ff0a', word(64), word(0)]))).toBe(4);
    expect(offsetOf(concat(['0x8d80ff0a', word(32), word(1000), packed]))).toBe(36);
    // A header cut short: 84 bytes of a transaction.
    expect(offsetOf(concat(['0x8d80ff0a', word(32), word(84), `0x${'00'.repeat(84)}`]))).toBe(68);
    // A data length past the end of the batch (first transaction claims 100 bytes, has 2).
    const lying = concat([packed.slice(0, 2 + 53 * 2) as Hex, word(100), '0x1234']);
    expect(offsetOf(concat(['0x8d80ff0a', word(32), word(87), lying]))).toBe(68 + 53);
    expect(offsetOf(good)).toBeUndefined();
  });
});
