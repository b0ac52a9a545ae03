import { type Address, encodeFunctionData, getAddress, parseAbi } from 'viem';
import { describe, expect, test } from 'vitest';

import { encodeMultiSend } from '../safe/multiSend.js';
import { multiSendAbi } from '../generated/safe.js';
import { eip1167Code, eip1167CreationCode, forwarderCode } from './forwarderCode.js';
import { describeShapeEvidence } from './implementationShape.js';
import { installedImplementations } from './installedImplementations.js';
import { type CallFrame, onwardDelegatecalls } from './onwardDelegatecalls.js';

const proxy = getAddress('0x2222222222222222222222222222222222222222');
const implementation = getAddress('0x3333333333333333333333333333333333333333');
const third = getAddress('0x4444444444444444444444444444444444444444');
const other = getAddress('0x5555555555555555555555555555555555555555');
const proxyAdmin = getAddress('0x1111111111111111111111111111111111111111');
const safe = getAddress('0x6666666666666666666666666666666666666666');

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

describe('installedImplementations', () => {
  const abi = parseAbi([
    'function upgradeAndCall(address,address,bytes)',
    'function upgrade(address,address)',
    'function upgradeTo(address)',
    'function upgradeToAndCall(address,bytes)',
    'function setFee(uint256)',
  ]);

  test('ProxyAdmin, UUPS and beacon upgrades', () => {
    const viaAdmin = encodeFunctionData({ abi, functionName: 'upgradeAndCall', args: [proxy, implementation, '0x'] });
    expect(installedImplementations({ to: proxyAdmin, data: viaAdmin, operation: 0 })).toEqual([
      { upgraded: proxy, implementation, via: 'upgradeAndCall' },
    ]);
    const v4 = encodeFunctionData({ abi, functionName: 'upgrade', args: [proxy, implementation] });
    expect(installedImplementations({ to: proxyAdmin, data: v4, operation: 0 })).toEqual([
      { upgraded: proxy, implementation, via: 'upgrade' },
    ]);
    const uups = encodeFunctionData({ abi, functionName: 'upgradeToAndCall', args: [implementation, '0x'] });
    expect(installedImplementations({ to: proxy, data: uups, operation: 0 })).toEqual([
      { upgraded: proxy, implementation, via: 'upgradeToAndCall' },
    ]);
    const beacon = encodeFunctionData({ abi, functionName: 'upgradeTo', args: [implementation] });
    expect(installedImplementations({ to: other, data: beacon, operation: 0 })).toEqual([
      { upgraded: other, implementation, via: 'upgradeTo' },
    ]);
  });

  test('inside a MultiSend batch; other calls install nothing', () => {
    const setFee = encodeFunctionData({ abi, functionName: 'setFee', args: [50n] });
    const batch = encodeFunctionData({
      abi: multiSendAbi,
      functionName: 'multiSend',
      args: [
        encodeMultiSend([
          { to: proxy, value: 0n, operation: 0, data: setFee },
          {
            to: proxyAdmin,
            value: 0n,
            operation: 0,
            data: encodeFunctionData({ abi, functionName: 'upgrade', args: [proxy, third] }),
          },
        ]),
      ],
    });
    expect(installedImplementations({ to: other, data: batch, operation: 1 }, safe)).toEqual([
      { upgraded: proxy, implementation: third, via: 'upgrade' },
    ]);
    expect(installedImplementations({ to: proxy, data: setFee, operation: 0 })).toEqual([]);
    expect(installedImplementations({ to: other, data: '0xdeadbeef', operation: 1 })).toEqual([]);
  });
});

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
