import { getAddress } from 'viem';
import { expect, test } from 'vitest';

import { describeShapeEvidence } from './implementationShape.js';

const proxy = getAddress('0x2222222222222222222222222222222222222222');
const implementation = getAddress('0x3333333333333333333333333333333333333333');
const third = getAddress('0x4444444444444444444444444444444444444444');

test('describeShapeEvidence names the slot, the forwarder and the traced chain', () => {
  expect(
    describeShapeEvidence([
      { kind: 'eip1967Slot', slot: 'implementation', slotKey: '0x36', address: third },
      { kind: 'forwarderCode', pattern: 'eip1167', target: third },
      {
        kind: 'onwardDelegatecall',
        through: proxy,
        data: '0x12345678',
        chain: [proxy, implementation, third],
        target: third,
      },
    ]),
  ).toEqual([
    `its own EIP-1967 implementation slot (0x36) holds ${third}`,
    `its runtime code is an EIP-1167 minimal proxy forwarding to ${third}`,
    `a call through ${proxy} (calldata 0x12345678) delegatecalls on to ${third} (${proxy} -> ${implementation} -> ${third})`,
  ]);
});
