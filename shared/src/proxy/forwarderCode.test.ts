import { getAddress } from 'viem';
import { describe, expect, test } from 'vitest';

import { eip1167Code, eip1167CreationCode, forwarderCode } from './forwarderCode.js';

const third = getAddress('0x4444444444444444444444444444444444444444');

describe('forwarderCode', () => {
  test('an EIP-1167 minimal proxy, and its creation code', () => {
    expect(forwarderCode(eip1167Code(third))).toEqual({ pattern: 'eip1167', target: third });
    // The creation code returns the 45 runtime bytes after its 10-byte header.
    expect(eip1167CreationCode(third).slice(22)).toBe(eip1167Code(third).slice(2));
    expect(eip1167Code(third)).toHaveLength(2 + 45 * 2);
  });

  test('the ERC-7511 (PUSH0) minimal proxy and an EIP-7702 delegation', () => {
    const body = third.slice(2).toLowerCase();
    expect(forwarderCode(`0x365f5f375f5f365f73${body}5af43d5f5f3e5f3d91602a57fd5bf3`)).toEqual({
      pattern: 'erc7511',
      target: third,
    });
    expect(forwarderCode(`0xef0100${body}`)).toEqual({ pattern: 'eip7702', target: third });
  });

  test('anything else is not a forwarder, odd input included', () => {
    expect(forwarderCode(undefined)).toBeUndefined();
    expect(forwarderCode('0x')).toBeUndefined();
    expect(forwarderCode('0xzz' as `0x${string}`)).toBeUndefined();
    // A clone with one byte more is not the pattern.
    expect(forwarderCode(`${eip1167Code(third)}00`)).toBeUndefined();
    expect(forwarderCode('0x6080604052348015600e575f5ffd5b50')).toBeUndefined();
  });
});
