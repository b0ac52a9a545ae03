import { encodeFunctionData, getAddress, parseAbi } from 'viem';
import { describe, expect, test } from 'vitest';

import { multiSendAbi } from '../generated/safe.js';
import { encodeMultiSend } from '../safe/multiSend.js';
import { installedImplementations } from './installedImplementations.js';

const proxy = getAddress('0x2222222222222222222222222222222222222222');
const implementation = getAddress('0x3333333333333333333333333333333333333333');
const third = getAddress('0x4444444444444444444444444444444444444444');
const other = getAddress('0x5555555555555555555555555555555555555555');
const proxyAdmin = getAddress('0x1111111111111111111111111111111111111111');
const safe = getAddress('0x6666666666666666666666666666666666666666');

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
