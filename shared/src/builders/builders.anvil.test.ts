import { type Address, type Hex, encodeAbiParameters, encodeFunctionData, getAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { decodeSafeTransaction } from '../decode/decodeSafeTransaction.js';
import { type AnvilInstance, startAnvil } from '../fork/anvil.js';
import { type DeskClients, type LocalDesk, deployLocalDesk, deskClients } from '../../devkit/devnet/localDesk.js';
import { demoPoolV2Abi, demoVaultV1Abi } from '../generated/index.js';
import { type Check, CheckKind, type Step } from '../guard/manifest.js';
import { deployTransparentV4 } from '../proxy/deployTransparentV4.js';
import { detectProxyKind } from '../proxy/detectProxyKind.js';
import { addressInSlot, eip1967Slots } from '../proxy/slots.js';
import { safeAbi } from '../generated/safe.js';
import { codeHashOf, ownerCheck, viewCheck } from './checks.js';
import { evaluateCheck } from './evaluateCheck.js';
import { implementationChecks } from './implementationChecks.js';
import {
  addOwnerWithThresholdStep,
  changeThresholdStep,
  removeOwnerStep,
  setGuardStep,
  swapOwnerStep,
} from './safeSteps.js';
import { upgradeStep } from './upgradeStep.js';
import { upgradeAndCallTransparentV4Step, upgradeTransparentV4Step } from './upgradeSteps.js';

let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
let v4: { proxy: Address; proxyAdmin: Address };

beforeAll(async () => {
  anvil = await startAnvil({ port: 8562 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  v4 = await deployTransparentV4({
    clients,
    implementation: desk.implementations.poolV1,
    owner: desk.safe,
    data: encodeFunctionData({ abi: demoPoolV2Abi, functionName: 'initialize', args: [desk.safe, 30n] }),
  });
  await clients.testClient.impersonateAccount({ address: desk.safe });
  await clients.testClient.setBalance({ address: desk.safe, value: 10n ** 18n });
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
});

/** Runs a step with the Safe as `msg.sender` (impersonated: the guard is not in the way of this test). */
async function runAsSafe(step: Step) {
  expect(step.operation).toBe(0);
  const hash = await clients.walletClient.sendTransaction({
    account: desk.safe,
    to: step.to,
    data: step.data,
    value: step.value,
    chain: clients.chain,
  });
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe('success');
}

const implementationOf = async (proxy: Address) =>
  addressInSlot(await clients.publicClient.getStorageAt({ address: proxy, slot: eip1967Slots.implementation }));
const passes = async (checks: Check[]) =>
  Promise.all(checks.map(async (check) => (await evaluateCheck({ client: clients.publicClient, check })).passed));
const version = (expected: string) => ({
  data: encodeFunctionData({ abi: demoPoolV2Abi, functionName: 'version' }),
  result: encodeAbiParameters([{ type: 'string' }], [expected]),
});

describe('upgrade steps and implementation checks, run on the local desk', () => {
  test('transparent v4', async () => {
    const { poolV1, poolV2 } = desk.implementations;
    const client = clients.publicClient;
    const before = implementationChecks({
      kind: 'transparent-v4',
      ...v4,
      implementation: poolV1,
      codeHash: await codeHashOf({ client, address: poolV1 }),
    });
    const after = implementationChecks({
      kind: 'transparent-v4',
      ...v4,
      implementation: poolV2,
      codeHash: await codeHashOf({ client, address: poolV2 }),
    });
    // Each: the implementation's code hash (holds while it is deployed), then the ProxyAdmin's view of the proxy.
    expect(before.map((check) => check.kind)).toEqual([CheckKind.CodeHash, CheckKind.ResultHash]);
    expect(await passes([...before, ...after])).toEqual([true, true, true, false]);

    const initializeV2 = encodeFunctionData({ abi: demoPoolV2Abi, functionName: 'initializeV2', args: [100n] });
    const step = upgradeAndCallTransparentV4Step({ ...v4, implementation: poolV2, data: initializeV2 });
    expect(decodeSafeTransaction({ ...step, abis: [{ contract: 'DemoPoolV2', abi: demoPoolV2Abi }] }).summary).toBe(
      `Upgrade proxy ${v4.proxy} to implementation ${poolV2} through ProxyAdmin ${v4.proxyAdmin}, then call ` +
        'initializeV2(feeCapBps_=100) on it',
    );
    await runAsSafe(step);
    expect(await implementationOf(v4.proxy)).toBe(poolV2);
    expect(await passes([...before, ...after])).toEqual([true, false, true, true]);

    await runAsSafe(upgradeTransparentV4Step({ ...v4, implementation: poolV1 }));
    expect(await passes(before)).toEqual([true, true]);
  });

  test('transparent v5, UUPS and Beacon through upgradeStep', async () => {
    const { transparent, uups, beacon } = desk.proxies;
    const { poolV2, vaultV2 } = desk.implementations;
    const client = clients.publicClient;

    const transparentKind = await detectProxyKind({ client, address: transparent.proxy });
    const transparentChecks = implementationChecks({
      kind: transparentKind.kind,
      proxy: transparent.proxy,
      implementation: poolV2,
      codeHash: await codeHashOf({ client, address: poolV2 }),
      view: version('2.0.0'),
    });
    const uupsChecks = implementationChecks({
      kind: 'uups',
      proxy: uups.proxy,
      implementation: vaultV2,
      codeHash: await codeHashOf({ client, address: vaultV2 }),
      view: {
        data: encodeFunctionData({ abi: demoVaultV1Abi, functionName: 'version' }),
        result: encodeAbiParameters([{ type: 'string' }], ['2.0.0']),
      },
    });
    const beaconChecks = implementationChecks({
      kind: 'beacon',
      proxy: beacon.proxy,
      beacon: beacon.beacon,
      implementation: poolV2,
      codeHash: await codeHashOf({ client, address: poolV2 }),
    });
    // Code hashes already hold (the implementations are deployed); the views do not until the upgrades.
    expect(await passes([...transparentChecks, ...uupsChecks, ...beaconChecks])).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
    ]);

    await runAsSafe(
      upgradeStep({
        proxy: transparentKind,
        implementation: poolV2,
        data: encodeFunctionData({ abi: demoPoolV2Abi, functionName: 'initializeV2', args: [100n] }),
      }),
    );
    await runAsSafe(
      upgradeStep({ proxy: await detectProxyKind({ client, address: uups.proxy }), implementation: vaultV2 }),
    );
    await runAsSafe(
      upgradeStep({ proxy: await detectProxyKind({ client, address: beacon.proxy }), implementation: poolV2 }),
    );

    expect(await implementationOf(transparent.proxy)).toBe(poolV2);
    expect(await implementationOf(uups.proxy)).toBe(vaultV2);
    expect(await passes([...transparentChecks, ...uupsChecks, ...beaconChecks])).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(
      await passes([
        viewCheck({ target: transparent.proxy, abi: demoPoolV2Abi, functionName: 'feeCapBps', result: 100n }),
        viewCheck({ target: beacon.proxy, abi: demoPoolV2Abi, functionName: 'version', result: '2.0.0' }),
      ]),
    ).toEqual([true, true]);
  });

  test('owner of the ProxyAdmin is the Safe', async () => {
    const { transparent } = desk.proxies;
    expect(
      await passes([
        ownerCheck({ target: transparent.proxyAdmin, owner: desk.safe }),
        ownerCheck({ target: v4.proxyAdmin, owner: desk.safe }),
        ownerCheck({ target: transparent.proxyAdmin, owner: desk.guard }),
      ]),
    ).toEqual([true, true, false]);
  });
});

test('Safe self-configuration steps', async () => {
  const read = async () => ({
    owners: (await clients.publicClient.readContract({
      address: desk.safe,
      abi: safeAbi,
      functionName: 'getOwners',
    })) as Address[],
    threshold: (await clients.publicClient.readContract({
      address: desk.safe,
      abi: safeAbi,
      functionName: 'getThreshold',
    })) as bigint,
  });
  const newcomer = getAddress('0x000000000000000000000000000000000000bEEF');
  const other = getAddress('0x000000000000000000000000000000000000CAFE');
  const start = await read();
  expect(start.threshold).toBe(2n);

  await runAsSafe(addOwnerWithThresholdStep({ safe: desk.safe, owner: newcomer, threshold: 3n, owners: start.owners }));
  let state = await read();
  expect(state).toEqual({ owners: [newcomer, ...start.owners], threshold: 3n });

  await runAsSafe(
    swapOwnerStep({ safe: desk.safe, owners: state.owners, oldOwner: start.owners[1]!, newOwner: other }),
  );
  state = await read();
  expect(state.owners).toEqual([newcomer, start.owners[0], other, start.owners[2]]);

  await runAsSafe(removeOwnerStep({ safe: desk.safe, owners: state.owners, owner: other, threshold: 2n }));
  await runAsSafe(removeOwnerStep({ safe: desk.safe, owners: (await read()).owners, owner: newcomer, threshold: 2n }));
  await runAsSafe(changeThresholdStep({ safe: desk.safe, threshold: 1n }));
  expect(await read()).toEqual({ owners: [start.owners[0], start.owners[2]], threshold: 1n });

  await runAsSafe(setGuardStep({ safe: desk.safe, guard: desk.guard }));
  const guardSlot = '0x4a204f620c8c5ccdca3fd54d003badd85ba500436a431f0cbda4f558c93c34c8' as Hex;
  expect(addressInSlot(await clients.publicClient.getStorageAt({ address: desk.safe, slot: guardSlot }))).toBe(
    desk.guard,
  );
});
