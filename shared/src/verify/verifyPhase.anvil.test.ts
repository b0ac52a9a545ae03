import {
  type Abi,
  type Address,
  type Hex,
  type TransactionReceipt,
  createPublicClient,
  decodeFunctionData,
  encodeFunctionData,
  getAddress,
  http,
  keccak256,
  pad,
  stringToBytes,
} from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import {
  call,
  manifest as buildManifest,
  phase as buildPhase,
  upgradeRelease,
  upgradeRollback,
  versionCheck,
} from '../../devkit/demo/releasePlan.js';
import { type AnvilInstance, startAnvil } from '../fork/anvil.js';
import {
  type DeskClients,
  type LocalDesk,
  deployLocalDesk,
  deskClients,
  execSafeTransaction,
} from '../../devkit/devnet/localDesk.js';
import { advance, guardWrite, registerOnDesk } from '../../devkit/fixtures/deskFixtures.js';
import {
  demoPoolV1Abi,
  demoVaultV1Abi,
  erc1967ProxyAbi,
  erc1967ProxyBytecode,
  manifestGuardAbi,
  upgradeableBeaconAbi,
} from '../generated/index.js';
import { type Manifest, ManifestKind, type Step } from '../guard/manifest.js';
import { fromManifest } from '../package/fromManifest.js';
import { eip1967Slots } from '../proxy/slots.js';
import { VerifyInputError } from './errors.js';
import { compileRoleVault } from '../authority/roleVault.fixture.js';
import { installMulticall3 } from '../../devkit/fixtures/multicall3.fixture.js';
import { verifyPhase } from './verifyPhase.js';

/** Several Anvil chains run at once when the whole suite runs: give each step room. */
vi.setConfig({ testTimeout: 60_000 });

let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
let release: Manifest;
let rollback: Manifest;
let releaseId: Hex;
let rollbackId: Hex;
let canaryReceipt: TransactionReceipt;

const execute = (step: Step) =>
  execSafeTransaction(clients, {
    safe: desk.safe,
    to: step.to,
    value: step.value,
    data: step.data,
    operation: step.operation as 0 | 1,
    owners: [desk.accounts.owners[0], desk.accounts.owners[1]],
    sender: desk.accounts.executor,
  });

beforeAll(async () => {
  anvil = await startAnvil({ port: 8630 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  await installMulticall3(clients.testClient);
  const now = (await clients.publicClient.getBlock()).timestamp;
  rollback = upgradeRollback(desk, now);
  rollbackId = await registerOnDesk(clients, desk, rollback);
  release = upgradeRelease(desk, now, rollbackId);
  releaseId = await registerOnDesk(clients, desk, release);
  await advance(clients, 3601);
  canaryReceipt = await execute(release.phases[0]!.steps[0]!);
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
});

const verify = (overrides: Partial<Parameters<typeof verifyPhase>[0]> = {}) =>
  verifyPhase({
    client: clients.publicClient,
    guard: desk.guard,
    safe: desk.safe,
    manifest: release,
    rollback,
    phase: 0,
    receipts: [canaryReceipt],
    ...overrides,
  });

describe('on the local desk', () => {
  test('the canary phase executed as planned: ok, in one round trip', async () => {
    const result = await verify();
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.manifestId).toBe(releaseId);
    expect(result.roundTrips).toBe(1);
    expect(result.containment).toBeNull();
    expect(result.executions).toMatchObject([
      { step: 0, transactionHash: canaryReceipt.transactionHash, to: desk.proxies.transparent.proxyAdmin },
    ]);
  });

  test('no Multicall3 at the address: the same answer from parallel eth_calls, one more round trip', async () => {
    const result = await verify({ multicallAddress: '0x000000000000000000000000000000000000dEaD' });
    expect(result.findings).toEqual([]);
    expect(result.roundTrips).toBe(2);
  });

  test('a release package: its watched invariants are read in the same batch, a failing one carries its response', async () => {
    const feeBps = encodeFunctionData({ abi: demoPoolV1Abi, functionName: 'feeBps' });
    const pkg = fromManifest({
      manifest: release,
      chainId: desk.chainId,
      safe: desk.safe,
      guard: desk.guard,
      title: 'REL-42',
      stopConditions: [
        {
          source: 'invariant',
          name: 'pool fee within 0-40 bps',
          read: { target: desk.proxies.transparent.proxy, data: feeBps },
          expect: { kind: 'range', min: 0n, max: 40n },
          response: 'contain',
        },
        {
          source: 'invariant',
          name: 'pool fee at least 50 bps',
          read: { target: desk.proxies.transparent.proxy, data: feeBps },
          expect: { kind: 'range', min: 50n, max: 100n },
          response: 'observe',
        },
      ],
    });
    const result = await verify({ manifest: undefined, pkg });
    expect(result.manifestId).toBe(releaseId);
    expect(result.roundTrips).toBe(1);
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: 'invariant',
        expected: '50 to 100',
        actual: '30',
        subject: desk.proxies.transparent.proxy,
        response: 'observe',
      }),
    ]);
    expect(result.containment!.response).toBe('observe');
  });

  test('an out-of-band implementation change after the phase: a finding with expected and actual, and containment', async () => {
    const { proxy } = desk.proxies.transparent;
    const { poolV1, poolV2 } = desk.implementations;
    await clients.testClient.setStorageAt({ address: proxy, index: eip1967Slots.implementation, value: pad(poolV1) });
    try {
      const result = await verify();
      expect(result.ok).toBe(false);
      const slot = result.findings.find((finding) => finding.rule === 'implementationSlot');
      expect(slot).toMatchObject({ expected: poolV2, actual: poolV1, subject: proxy, step: 0, response: 'contain' });
      // The phase's own check (version() = 2.0.0, response "rollback") fails too: the proxy runs v1 again.
      expect(result.findings.find((finding) => finding.rule === 'check')).toMatchObject({ response: 'rollback' });
      const containment = result.containment!;
      expect(containment.response).toBe('rollback');
      expect(containment.manifestId).toBe(releaseId);
      expect(containment.actions.map((action) => [action.action, action.immediate])).toEqual([
        ['freeze', true],
        ['halt', true],
        ['rollback', false],
      ]);
      const [freeze, halt, remedy] = containment.actions;
      if (freeze?.action !== 'freeze' || halt?.action !== 'halt' || remedy?.action !== 'rollback') throw new Error();
      expect(freeze.transaction.to).toBe(desk.guard);
      expect(decodeFunctionData({ abi: manifestGuardAbi, data: freeze.transaction.data })).toEqual({
        functionName: 'freeze',
        args: [BigInt(desk.guardConfig.maxFreeze)],
      });
      expect(decodeFunctionData({ abi: manifestGuardAbi, data: halt.transaction.data })).toEqual({
        functionName: 'halt',
        args: [releaseId],
      });
      expect(remedy).toMatchObject({ manifestId: rollbackId, ready: true });
      expect(remedy.transactions).toEqual(
        rollback.phases[0]!.steps.map((step) => ({ to: step.to, value: 0n, data: step.data, operation: 0 })),
      );
    } finally {
      await clients.testClient.setStorageAt({ address: proxy, index: eip1967Slots.implementation, value: pad(poolV2) });
    }
    expect((await verify()).ok).toBe(true);
  });

  test('a proxy whose admin changed: adminSlot finding naming the ProxyAdmin and the new admin', async () => {
    const { proxy, proxyAdmin } = desk.proxies.transparent;
    const intruder = desk.accounts.proposer.address;
    await clients.testClient.setStorageAt({ address: proxy, index: eip1967Slots.admin, value: pad(intruder) });
    try {
      const result = await verify({ defaultResponse: 'observe' });
      expect(result.findings).toEqual([
        expect.objectContaining({ rule: 'adminSlot', expected: proxyAdmin, actual: intruder, subject: proxy }),
      ]);
      expect(result.containment!.response).toBe('observe');
      expect(result.containment!.actions.filter((action) => action.immediate)).toEqual([]);
    } finally {
      await clients.testClient.setStorageAt({ address: proxy, index: eip1967Slots.admin, value: pad(proxyAdmin) });
    }
  });

  test("the ProxyAdmin's owner moved away from the Safe: owner finding", async () => {
    const { proxyAdmin } = desk.proxies.transparent;
    const intruder = desk.accounts.proposer.address;
    // ProxyAdmin (Ownable): owner in slot 0.
    await clients.testClient.setStorageAt({ address: proxyAdmin, index: 0, value: pad(intruder) });
    try {
      const result = await verify();
      expect(result.findings.map((f) => [f.rule, f.subject, f.expected, f.actual])).toEqual([
        ['owner', proxyAdmin, desk.safe, intruder],
      ]);
    } finally {
      await clients.testClient.setStorageAt({ address: proxyAdmin, index: 0, value: pad(desk.safe) });
    }
  });

  test("phase 1 judged on phase 0's receipt: its steps are missing, the canary is unexpected", async () => {
    const result = await verify({ phase: 1 });
    const rules = result.findings.map((finding) => finding.rule);
    expect(rules).toEqual(
      expect.arrayContaining([
        'unexpectedExecution',
        'stepNotExecuted',
        'phaseCompleted',
        'manifestCompleted',
        'manifestCursor',
      ]),
    );
    expect(rules.filter((rule) => rule === 'stepNotExecuted')).toHaveLength(2);
    expect(result.findings.find((f) => f.rule === 'manifestCursor')).toMatchObject({
      expected: 'Completed',
      actual: 'Approved, phase 1, step 0',
    });
  });

  test('a 20-step phase: every state read in one round trip, one HTTP request with a batch transport', async () => {
    const proxies: Address[] = [];
    for (let i = 0; i < 20; i += 1) {
      const hash = await clients.walletClient.deployContract({
        abi: erc1967ProxyAbi,
        bytecode: erc1967ProxyBytecode,
        args: [
          desk.implementations.vaultV1,
          encodeFunctionData({ abi: demoVaultV1Abi, functionName: 'initialize', args: [desk.safe] }),
        ],
        account: desk.accounts.deployer,
        chain: clients.chain,
      });
      const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
      proxies.push(getAddress(receipt.contractAddress!));
    }
    const upgrade = (proxy: Address, implementation: Address) =>
      call(
        proxy,
        encodeFunctionData({ abi: demoVaultV1Abi, functionName: 'upgradeToAndCall', args: [implementation, '0x'] }),
      );
    const now = (await clients.publicClient.getBlock()).timestamp;
    const back = buildManifest({
      kind: ManifestKind.Rollback,
      ticket: 'RB-20 vaults back to v1',
      now,
      window: 60n * 86_400n,
      phases: [buildPhase(proxies.map((proxy) => upgrade(proxy, desk.implementations.vaultV1)))],
    });
    const backId = await registerOnDesk(clients, desk, back);
    const wide = buildManifest({
      kind: ManifestKind.Release,
      ticket: 'REL-20 twenty vaults to v2',
      now,
      rollback: backId,
      phases: [
        buildPhase(
          proxies.map((proxy) => upgrade(proxy, desk.implementations.vaultV2)),
          proxies.slice(0, 8).map((proxy) => versionCheck(proxy, '2.0.0')),
        ),
      ],
    });
    await registerOnDesk(clients, desk, wide);
    await advance(clients, 3601);
    const hashes: Hex[] = [];
    for (const step of wide.phases[0]!.steps) hashes.push((await execute(step)).transactionHash);

    let requests = 0;
    const counted = createPublicClient({
      chain: clients.chain,
      transport: http(anvil.rpcUrl, { batch: true, onFetchRequest: () => void (requests += 1) }),
    });
    const byHash = await verifyPhase({
      client: counted,
      guard: desk.guard,
      safe: desk.safe,
      manifest: wide,
      rollback: back,
      phase: 0,
      receipts: hashes,
    });
    expect(byHash.findings).toEqual([]);
    expect(byHash.executions.map((execution) => execution.step)).toEqual([...Array(20).keys()]);
    expect(byHash.roundTrips).toBe(1);
    expect(requests).toBeLessThanOrEqual(3);
    expect(requests).toBe(1);

    // Receipts in hand and no batch transport: the two eth_calls of the one round trip.
    const receipts = await Promise.all(hashes.map((hash) => clients.publicClient.getTransactionReceipt({ hash })));
    requests = 0;
    const plain = createPublicClient({
      chain: clients.chain,
      transport: http(anvil.rpcUrl, { onFetchRequest: () => void (requests += 1) }),
    });
    const byReceipt = await verifyPhase({
      client: plain,
      guard: desk.guard,
      safe: desk.safe,
      manifest: wide,
      phase: 0,
      receipts,
    });
    expect(byReceipt.ok).toBe(true);
    expect(requests).toBe(2);

    // One vault moved back out of band: the verifier names it.
    await clients.testClient.setStorageAt({
      address: proxies[13]!,
      index: eip1967Slots.implementation,
      value: pad(desk.implementations.vaultV1),
    });
    const drifted = await verifyPhase({
      client: plain,
      guard: desk.guard,
      safe: desk.safe,
      manifest: wide,
      phase: 0,
      receipts,
    });
    expect(drifted.findings).toEqual([
      expect.objectContaining({
        rule: 'implementationSlot',
        subject: proxies[13],
        step: 13,
        expected: desk.implementations.vaultV2,
        actual: desk.implementations.vaultV1,
      }),
    ]);
  });
  test('phase 1 (UUPS vault and beacon) executed as planned: ok, the manifest completed', async () => {
    await advance(clients, 3601);
    await guardWrite(clients, desk, desk.accounts.approvers[0], 'attestContinue', [
      releaseId,
      1n,
      `0x${'11'.repeat(32)}`,
    ]);
    const receipts = [];
    for (const step of release.phases[1]!.steps) receipts.push(await execute(step));
    const result = await verify({ phase: 1, receipts });
    expect(result.findings).toEqual([]);
    expect(result.executions.map((execution) => execution.to)).toEqual([
      desk.proxies.uups.proxy,
      desk.proxies.beacon.beacon,
    ]);

    // The beacon pointed back at v1 (its owner upgrades it out of band, impersonated): beaconImplementation.
    await clients.testClient.impersonateAccount({ address: desk.safe });
    await clients.testClient.setBalance({ address: desk.safe, value: 10n ** 18n });
    const hash = await clients.walletClient.sendTransaction({
      account: desk.safe,
      chain: clients.chain,
      to: desk.proxies.beacon.beacon,
      data: encodeFunctionData({
        abi: upgradeableBeaconAbi,
        functionName: 'upgradeTo',
        args: [desk.implementations.poolV1],
      }),
    });
    await clients.publicClient.waitForTransactionReceipt({ hash });
    await clients.testClient.stopImpersonatingAccount({ address: desk.safe });
    const drifted = await verify({ phase: 1, receipts });
    expect(drifted.findings.map((f) => [f.rule, f.subject, f.expected, f.actual])).toEqual([
      ['beaconImplementation', desk.proxies.beacon.beacon, desk.implementations.poolV2, desk.implementations.poolV1],
      ['check', desk.proxies.beacon.proxy, expect.any(String), expect.any(String)],
    ]);
    // Completed: nothing left to halt, the rollback is still offered.
    expect(drifted.containment!.actions.map((action) => action.action)).toEqual(['freeze', 'rollback']);
    expect(drifted.containment!.notes.join(' ')).toContain('Completed: there is nothing left to halt');
  });

  test('an AccessControl UUPS contract: the Safe holds the upgrade roles alone, then someone else gets UPGRADER_ROLE', async () => {
    const { abi, bytecode } = compileRoleVault();
    const deploy = async (args: readonly unknown[], code: Hex, contractAbi: Abi) => {
      const hash = await clients.walletClient.deployContract({
        abi: contractAbi,
        bytecode: code,
        args,
        account: desk.accounts.deployer,
        chain: clients.chain,
      });
      return getAddress((await clients.publicClient.waitForTransactionReceipt({ hash })).contractAddress!);
    };
    const implementation = await deploy([], bytecode, abi);
    const vault = await deploy(
      [implementation, encodeFunctionData({ abi, functionName: 'initialize', args: [desk.safe, desk.safe] })],
      erc1967ProxyBytecode,
      erc1967ProxyAbi,
    );
    const now = (await clients.publicClient.getBlock()).timestamp;
    // An upgrade is no containment call, so not an Emergency: a Release with a rollback of its own.
    const back = buildManifest({
      kind: ManifestKind.Rollback,
      ticket: 'RB-12 the role vault back',
      now,
      window: 60n * 86_400n,
      phases: [buildPhase([call(vault, '0x01')])],
    });
    const backId = await registerOnDesk(clients, desk, back);
    const reinstall = buildManifest({
      kind: ManifestKind.Release,
      ticket: 'REL-12 reinstall the role vault',
      now,
      rollback: backId,
      phases: [
        buildPhase([
          call(
            vault,
            encodeFunctionData({ abi: demoVaultV1Abi, functionName: 'upgradeToAndCall', args: [implementation, '0x'] }),
          ),
        ]),
      ],
    });
    await registerOnDesk(clients, desk, reinstall);
    await advance(clients, 3601);
    const receipt = await execute(reinstall.phases[0]!.steps[0]!);
    const planned = await verify({ manifest: reinstall, rollback: undefined, receipts: [receipt] });
    expect(planned.findings).toEqual([]);

    const upgrader = keccak256(stringToBytes('UPGRADER_ROLE'));
    const intruder = desk.accounts.proposer.address;
    await clients.testClient.impersonateAccount({ address: desk.safe });
    const hash = await clients.walletClient.sendTransaction({
      account: desk.safe,
      chain: clients.chain,
      to: vault,
      data: encodeFunctionData({ abi, functionName: 'grantRole', args: [upgrader, intruder] }),
    });
    await clients.publicClient.waitForTransactionReceipt({ hash });
    await clients.testClient.stopImpersonatingAccount({ address: desk.safe });
    const drifted = await verify({ manifest: reinstall, rollback: undefined, receipts: [receipt] });
    expect(drifted.findings).toEqual([
      expect.objectContaining({
        rule: 'role',
        subject: vault,
        expected: desk.safe,
        actual: `${desk.safe}, ${intruder}`,
      }),
    ]);
    expect(drifted.findings[0]!.message).toContain(`UPGRADER_ROLE on ${vault} is held by ${intruder} besides the Safe`);
    // Completed: nothing left to halt; its rollback is offered by id.
    expect(drifted.containment!.actions.map((action) => action.action)).toEqual(['freeze', 'rollback']);
  });
});

describe('errors', () => {
  test('a phase the manifest does not have', async () => {
    await expect(verify({ phase: 5 })).rejects.toThrow(VerifyInputError);
    await expect(verify({ phase: 5 })).rejects.toThrow('phase 5 does not exist (the manifest has 2)');
  });

  test('no receipts', async () => {
    await expect(verify({ receipts: [] })).rejects.toThrow('no receipts or transaction hashes were given');
  });

  test('a rollback that is not the manifest’s', async () => {
    await expect(verify({ rollback: release })).rejects.toThrow(
      /the rollback given has id 0x[0-9a-f]{64}, but the manifest names/,
    );
  });
});
