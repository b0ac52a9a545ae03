import { encodeFunctionData, getAddress, keccak256, parseAbi, stringToBytes, zeroAddress } from 'viem';
import { describe, expect, test } from 'vitest';

import { multiSendAbi } from '../generated/safe.js';
import { encodeMultiSend } from '../safe/multiSend.js';
import { phaseEffects } from './effects.js';

const safe = getAddress('0x5afe000000000000000000000000000000000001');
const proxyAdmin = getAddress('0xad00000000000000000000000000000000000002');
const proxy = '0x1111111111111111111111111111111111111111';
const implementation = '0x2222222222222222222222222222222222222222';
const abi = parseAbi([
  'function upgradeAndCall(address proxy, address implementation, bytes data) payable',
  'function upgradeToAndCall(address implementation, bytes data) payable',
  'function upgradeTo(address implementation)',
  'function transferOwnership(address newOwner)',
  'function grantRole(bytes32 role, address account)',
  'function setFee(uint256 fee)',
]);
const step = (to: `0x${string}`, data: `0x${string}`, operation = 0) => ({ to, value: 0n, operation, data });
const upgrader = keccak256(stringToBytes('UPGRADER_ROLE'));

test('default: each upgrade and authority call, in order', () => {
  const effects = phaseEffects(
    [
      step(
        proxyAdmin,
        encodeFunctionData({ abi, functionName: 'upgradeAndCall', args: [proxy, implementation, '0x'] }),
      ),
      step(proxy, encodeFunctionData({ abi, functionName: 'upgradeToAndCall', args: [implementation, '0x1234'] })),
      step(proxy, encodeFunctionData({ abi, functionName: 'setFee', args: [5n] })),
      step(proxy, encodeFunctionData({ abi, functionName: 'grantRole', args: [upgrader, safe] })),
    ],
    safe,
  );
  expect(effects).toEqual([
    { step: 0, kind: 'transparentUpgrade', proxyAdmin, proxy, implementation },
    { step: 1, kind: 'upgradeTo', target: proxy, implementation },
    { step: 3, kind: 'roleChange', target: proxy, role: upgrader, account: safe, granted: true },
  ]);
});

describe('MultiSend', () => {
  test('each call of the batch, address(0) read as the Safe', () => {
    const batch = encodeFunctionData({
      abi: multiSendAbi,
      functionName: 'multiSend',
      args: [
        encodeMultiSend([
          {
            to: proxy,
            value: 0n,
            data: encodeFunctionData({ abi, functionName: 'upgradeTo', args: [implementation] }),
          },
          {
            to: zeroAddress,
            value: 0n,
            data: encodeFunctionData({ abi: parseAbi(['function setGuard(address)']), args: [zeroAddress] }),
          },
          {
            to: proxyAdmin,
            value: 0n,
            data: encodeFunctionData({ abi, functionName: 'transferOwnership', args: [safe] }),
          },
        ]),
      ],
    });
    expect(phaseEffects([step('0x9641d764fc13c8B624c04430C7356C1C7C8102e2', batch as `0x${string}`, 1)], safe)).toEqual(
      [
        { step: 0, call: 0, kind: 'upgradeTo', target: proxy, implementation },
        { step: 0, call: 1, kind: 'guardChange', safe, guard: zeroAddress },
        { step: 0, call: 2, kind: 'ownerChange', target: proxyAdmin, owner: safe },
      ],
    );
  });

  test('a malformed batch has no effect (the guard rejects it anyway)', () => {
    expect(phaseEffects([step(proxy, '0x8d80ff0a00', 1)], safe)).toEqual([]);
  });
});
