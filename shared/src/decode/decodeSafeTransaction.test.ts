import { type Address, encodeFunctionData, parseAbi, parseEther, zeroHash } from 'viem';
import { describe, expect, test } from 'vitest';

import { demoPoolV2Abi, manifestGuardAbi, proxyAdminAbi, upgradeableBeaconAbi } from '../generated/index.js';
import { encodeMultiSend } from '../safe/multiSend.js';
import { multiSendAbi, safeAbi } from '../generated/safe.js';
import { decodeSafeTransaction } from './decodeSafeTransaction.js';

const safe: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const guard: Address = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
const proxyAdmin: Address = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0';
const proxy: Address = '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9';
const implementation: Address = '0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9';
const multiSendCallOnly: Address = '0x9641d764fc13c8B624c04430C7356C1C7C8102e2';
const v4 = parseAbi([
  'function upgrade(address proxy, address implementation)',
  'function changeProxyAdmin(address proxy, address newAdmin)',
]);
const roles = parseAbi(['function grantRole(bytes32 role, address account)']);

const batch = (calls: { to: Address; data: `0x${string}`; operation?: number }[]) =>
  encodeFunctionData({
    abi: multiSendAbi,
    functionName: 'multiSend',
    args: [encodeMultiSend(calls.map((call) => ({ ...call, value: 0n })))],
  });

test('default', () => {
  const data = encodeFunctionData({
    abi: proxyAdminAbi,
    functionName: 'upgradeAndCall',
    args: [
      proxy,
      implementation,
      encodeFunctionData({ abi: demoPoolV2Abi, functionName: 'initializeV2', args: [100n] }),
    ],
  });
  const decoded = decodeSafeTransaction({
    to: proxyAdmin,
    data,
    operation: 0,
    safe,
    abis: [{ contract: 'DemoPoolV2', abi: demoPoolV2Abi }],
  });
  expect(decoded.kind).toBe('call');
  expect(decoded.kind === 'call' && decoded.contracts).toEqual(['ProxyAdmin (OZ v5)', 'ProxyAdmin (OZ v4)']);
  expect(decoded.summary).toMatchInlineSnapshot(
    `"Upgrade proxy 0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9 to implementation 0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9 through ProxyAdmin 0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0, then call initializeV2(feeCapBps_=100) on it"`,
  );
});

test('args: hex in upper case decodes as in lower case', () => {
  const upgrade = encodeFunctionData({
    abi: proxyAdminAbi,
    functionName: 'upgradeAndCall',
    args: [proxy, implementation, encodeFunctionData({ abi: demoPoolV2Abi, functionName: 'initializeV2', args: [1n] })],
  });
  const grant = encodeFunctionData({ abi: roles, functionName: 'grantRole', args: [zeroHash, safe] });
  const shout = (data: `0x${string}`) => `0x${data.slice(2).toUpperCase()}` as const;
  for (const [to, data, operation] of [
    [proxyAdmin, upgrade, 0],
    [
      multiSendCallOnly,
      batch([
        { to: proxyAdmin, data: upgrade },
        { to: proxy, data: grant },
      ]),
      1,
    ],
  ] as const) {
    const lower = decodeSafeTransaction({ to, data, operation, safe, multiSendCallOnly });
    expect(lower.kind).not.toBe('unknown');
    expect(decodeSafeTransaction({ to, data: shout(data), operation, safe, multiSendCallOnly })).toEqual(lower);
  }
});

describe('args', () => {
  const line = (to: Address, data: `0x${string}`, value = 0n, operation = 0) =>
    decodeSafeTransaction({ to, data, value, operation, safe, guard }).summary;

  test('upgrade calls', () => {
    expect([
      line(proxyAdmin, encodeFunctionData({ abi: v4, functionName: 'upgrade', args: [proxy, implementation] })),
      line(proxyAdmin, encodeFunctionData({ abi: v4, functionName: 'changeProxyAdmin', args: [proxy, safe] })),
      line(
        proxy,
        encodeFunctionData({
          abi: parseAbi(['function upgradeToAndCall(address, bytes)']),
          functionName: 'upgradeToAndCall',
          args: [implementation, '0x'],
        }),
      ),
      line(proxy, encodeFunctionData({ abi: upgradeableBeaconAbi, functionName: 'upgradeTo', args: [implementation] })),
    ]).toMatchInlineSnapshot(`
      [
        "Upgrade proxy 0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9 to implementation 0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9 through ProxyAdmin (OZ v4) 0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
        "Move the admin of proxy 0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9 to 0x5FbDB2315678afecb367f032d93F642f64180aa3 (through ProxyAdmin 0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0)",
        "Upgrade proxy 0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9 to implementation 0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9",
        "Upgrade 0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9 (TransparentUpgradeableProxy (OZ v4) or UUPS proxy (OZ v4) or UpgradeableBeacon) to implementation 0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9",
      ]
    `);
  });

  test('Safe and guard calls', () => {
    expect([
      line(safe, encodeFunctionData({ abi: safeAbi, functionName: 'setGuard', args: [guard] })),
      line(
        safe,
        encodeFunctionData({ abi: safeAbi, functionName: 'swapOwner', args: [implementation, proxy, proxyAdmin] }),
      ),
      line(safe, encodeFunctionData({ abi: safeAbi, functionName: 'changeThreshold', args: [3n] })),
      line(guard, encodeFunctionData({ abi: manifestGuardAbi, functionName: 'freeze', args: [3600n] })),
      line(proxy, encodeFunctionData({ abi: roles, functionName: 'grantRole', args: [zeroHash, safe] })),
      line(proxy, '0x', parseEther('1.5')),
    ]).toMatchInlineSnapshot(`
      [
        "Set the transaction guard of Safe 0x5FbDB2315678afecb367f032d93F642f64180aa3 (the Safe) to 0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
        "Replace owner 0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9 of Safe 0x5FbDB2315678afecb367f032d93F642f64180aa3 (the Safe) with 0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
        "Change the threshold of Safe 0x5FbDB2315678afecb367f032d93F642f64180aa3 (the Safe) to 3",
        "Call ManifestGuard.freeze(duration=3600) on 0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512 (the guard)",
        "Grant role DEFAULT_ADMIN_ROLE to 0x5FbDB2315678afecb367f032d93F642f64180aa3 on 0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
        "Send to 0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9 with no calldata, sending 1.5 ETH",
      ]
    `);
  });

  test('MultiSend batches, recursively', () => {
    const inner = batch([
      { to: safe, data: encodeFunctionData({ abi: safeAbi, functionName: 'changeThreshold', args: [2n] }) },
    ]);
    const decoded = decodeSafeTransaction({
      to: multiSendCallOnly,
      operation: 1,
      safe,
      multiSendCallOnly,
      data: batch([
        {
          to: proxyAdmin,
          data: encodeFunctionData({ abi: proxyAdminAbi, functionName: 'transferOwnership', args: [safe] }),
        },
        { to: multiSendCallOnly, data: inner, operation: 1 },
        { to: proxy, data: '0x12345678' },
      ]),
    });
    expect(decoded.kind).toBe('multiSend');
    expect(decoded.targetLabel).toBe('MultiSendCallOnly');
    expect(decoded.kind === 'multiSend' && decoded.calls.map((call) => call.kind)).toEqual([
      'call',
      'multiSend',
      'unknown',
    ]);
    expect(decoded.summary).toMatchInlineSnapshot(
      `"MultiSend batch of 3 calls: 1) Transfer ownership of 0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0 to 0x5FbDB2315678afecb367f032d93F642f64180aa3; 2) DELEGATECALL inside a batch (MultiSendCallOnly reverts on it): MultiSend batch of 1 call: 1) Change the threshold of Safe 0x5FbDB2315678afecb367f032d93F642f64180aa3 (the Safe) to 2; 3) Call 0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9 with unknown selector 0x12345678"`,
    );
  });
});

describe('errors', () => {
  test('unknown selector', () => {
    expect(decodeSafeTransaction({ to: proxy, data: '0x12345678aa' })).toMatchObject({
      kind: 'unknown',
      selector: '0x12345678',
      message: 'unknown selector 0x12345678',
    });
  });

  test('calldata that does not decode', () => {
    expect(decodeSafeTransaction({ to: safe, data: '0xe19a9dd9' })).toMatchObject({ kind: 'malformed' });
    expect(decodeSafeTransaction({ to: safe, data: '0xe1' })).toMatchObject({ kind: 'malformed' });
    expect(decodeSafeTransaction({ to: multiSendCallOnly, data: '0x8d80ff0a', operation: 1 })).toMatchObject({
      kind: 'malformed',
      message: 'Malformed MultiSend batch at byte 0: the calldata is not a multiSend(bytes) call.',
    });
  });
});
