import { type Address, getAddress } from 'viem';
import { describe, expect, test } from 'vitest';

import { type CallFrame, onwardDelegatecalls } from './onwardDelegatecalls.js';

const proxy = getAddress('0x2222222222222222222222222222222222222222');
const implementation = getAddress('0x3333333333333333333333333333333333333333');
const third = getAddress('0x4444444444444444444444444444444444444444');
const other = getAddress('0x5555555555555555555555555555555555555555');

describe('onwardDelegatecalls', () => {
  const frame = (type: string, from: Address, to: Address, calls: CallFrame[] = []): CallFrame => ({
    type,
    from,
    to,
    calls,
  });

  test('a hidden proxy: the implementation delegatecalls on to a third contract in the proxy storage', () => {
    const trace = frame('CALL', other, proxy, [
      frame('DELEGATECALL', proxy, implementation, [frame('DELEGATECALL', proxy, third)]),
    ]);
    expect(onwardDelegatecalls(trace, { allowed: [proxy, implementation] })).toEqual([
      { chain: [proxy, implementation, third], target: third },
    ]);
  });

  test('delegatecalls into itself or the proxy are fine; calls to other contracts are their business', () => {
    const trace = frame('CALL', other, proxy, [
      frame('DELEGATECALL', proxy, implementation, [
        frame('DELEGATECALL', proxy, implementation),
        frame('DELEGATECALL', proxy, proxy, [frame('DELEGATECALL', proxy, implementation)]),
        // A plain call to another contract, which delegatecalls in its own storage: not the proxy's storage.
        frame('CALL', proxy, other, [frame('DELEGATECALL', other, third)]),
        frame('STATICCALL', proxy, third),
      ]),
    ]);
    expect(onwardDelegatecalls(trace, { allowed: [proxy, implementation] })).toEqual([]);
  });

  test('lower-case addresses, CALLCODE, and malformed frames', () => {
    const trace: CallFrame = {
      type: 'CALL',
      from: other.toLowerCase(),
      to: implementation.toLowerCase(),
      calls: [
        { type: 'delegatecall', from: implementation, to: 'not an address' },
        { type: 'CALLCODE', from: implementation, to: third.toLowerCase() },
      ],
    };
    expect(onwardDelegatecalls(trace, { allowed: [implementation] })).toEqual([
      { chain: [implementation, third], target: third },
    ]);
    expect(onwardDelegatecalls({ type: 'CREATE', from: other }, { allowed: [] })).toEqual([]);
  });
});
