import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Abi, type Address, type Hex, encodeFunctionData, getAddress, keccak256, pad, toHex } from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { cli } from '../../../test/cli/cli.js';
import {
  implementationCodeHashChecks,
  manifest as manifestOf,
  phase,
  upgradeRollback,
  versionCheck,
} from '../../devkit/demo/releasePlan.js';
import { type DeskClients, type LocalDesk, deployLocalDesk, deskClients } from '../../devkit/devnet/localDesk.js';
import { registerOnDesk } from '../../devkit/fixtures/deskFixtures.js';
import { codeHashCheck, codeHashOf } from '../builders/checks.js';
import { upgradeAndCallTransparentV5Step } from '../builders/upgradeSteps.js';
import { type AnvilInstance, startAnvil } from '../fork/anvil.js';
import { demoPoolV2Abi, erc1967ProxyAbi, erc1967ProxyBytecode } from '../generated/index.js';
import { type Check, type Manifest, ManifestKind } from '../guard/manifest.js';
import { eip1167CreationCode } from '../proxy/forwarderCode.js';
import { implementationShape } from '../proxy/implementationShape.js';
import { fromManifest } from '../package/fromManifest.js';
import { serializeReleasePackage } from '../package/serializeReleasePackage.js';
import { eip1967Slots } from '../proxy/slots.js';
import { simulatePhase } from '../simulate/simulatePhase.js';
import { type GateParameters, gate } from './gate.js';
import { withEvidence } from './testFixtures.js';

/** Several Anvil chains run at once when the whole suite runs: give each step room. */
vi.setConfig({ testTimeout: 90_000 });

let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
let now: bigint;
let rollback: Manifest;
let rollbackId: Hex;
/** An OpenZeppelin ERC1967Proxy whose own implementation slot names the real DemoPoolV2: the hidden proxy. */
let hiddenProxy: Address;
/** An EIP-1167 minimal proxy (OpenZeppelin Clones) of the real DemoPoolV2. */
let clone: Address;
/** A forwarder that keeps its target in the proxy's storage (`storedTargetSlot`): only a trace shows where it goes. */
let storedForwarder: Address;

const storedTargetSlot = keccak256(toHex('hidden.forwarder.target'));

/**
 * Creation code of a forwarder whose target is read from the storage it runs in (the proxy's, once installed):
 * `calldatacopy; delegatecall(gas, sload(slot), 0, calldatasize, 0, 0); returndatacopy; return or revert`.
 */
function storedTargetForwarder(): Hex {
  const runtime = `365f5f37 5f5f365f 7f${storedTargetSlot.slice(2)} 54 5a f4 3d5f5f3e 603657 3d5ffd 5b3d5ff3`.replace(
    / /g,
    '',
  );
  const length = runtime.length / 2;
  // PUSH1 length, DUP1, PUSH1 9 (this header's length), PUSH0, CODECOPY, PUSH0, RETURN.
  return `0x60${length.toString(16).padStart(2, '0')}8060095f395ff3${runtime}`;
}

async function deploy(abi: Abi, bytecode: Hex, args: readonly unknown[] = []): Promise<Address> {
  const hash = await clients.walletClient.deployContract({
    abi,
    bytecode,
    args,
    account: clients.walletClient.account!,
    chain: clients.chain,
  });
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
  return getAddress(receipt.contractAddress!);
}

beforeAll(async () => {
  anvil = await startAnvil({ port: 8730 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  now = (await clients.publicClient.getBlock()).timestamp;
  // OpenZeppelin's ERC1967Proxy refuses to be deployed without an initializer call (ERC1967ProxyUninitialized).
  const initialize = encodeFunctionData({ abi: demoPoolV2Abi, functionName: 'initialize', args: [desk.safe, 30n] });
  hiddenProxy = await deploy(erc1967ProxyAbi, erc1967ProxyBytecode, [desk.implementations.poolV2, initialize]);
  clone = await deploy([], eip1167CreationCode(desk.implementations.poolV2));
  storedForwarder = await deploy([], storedTargetForwarder());
  rollback = withEvidence(upgradeRollback(desk, now)).manifest;
  rollbackId = await registerOnDesk(clients, desk, rollback);
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

let dir: string | undefined;

/** A Release whose one phase upgrades the desk's Transparent pool to `implementation`, with `checks`. */
function upgradeTo(implementation: Address, checks: Check[]) {
  const { proxy, proxyAdmin } = desk.proxies.transparent;
  const step = upgradeAndCallTransparentV5Step({ proxyAdmin, proxy, implementation });
  return withEvidence(
    manifestOf({
      kind: ManifestKind.Release,
      ticket: `REL-77 pool to ${implementation}`,
      now,
      rollback: rollbackId,
      phases: [phase([step], checks)],
    }),
  );
}

async function gateFor(implementation: Address, checks?: Check[]) {
  const codeHash = await codeHashOf({ client: clients.publicClient, address: implementation });
  const { manifest, evidence } = upgradeTo(
    implementation,
    checks ?? [
      versionCheck(desk.proxies.transparent.proxy, '2.0.0'),
      codeHashCheck({ target: implementation, codeHash }),
    ],
  );
  const parameters: GateParameters = {
    manifest,
    evidence,
    proposed: manifest.phases[0]!.steps[0]!,
    chainId: desk.chainId,
    safe: desk.safe,
    executor: desk.accounts.executor.address,
    chain: { publicClient: clients.publicClient, guard: desk.guard },
  };
  return gate(parameters);
}

const ours = (reasons: { rule: string; decision: string }[]) =>
  reasons
    .filter((reason) => reason.rule.startsWith('implementation') || reason.rule === 'noCodeHashCheck')
    .map((reason) => [reason.rule, reason.decision]);

describe('implementationShape on the desk', () => {
  test('the real DemoPoolV2 and a UUPS implementation are plain; the hidden proxy and the clone are proxies', async () => {
    const client = clients.publicClient;
    expect(await implementationShape({ client, implementation: desk.implementations.poolV2 })).toEqual({
      implementation: desk.implementations.poolV2,
      verdict: 'plain',
      evidence: [],
      traced: 0,
    });
    // A UUPS implementation answers proxiableUUID() with the implementation slot, but its own slot is empty.
    expect((await implementationShape({ client, implementation: desk.implementations.vaultV2 })).verdict).toBe('plain');
    expect(await implementationShape({ client, implementation: hiddenProxy })).toMatchObject({
      verdict: 'proxy',
      evidence: [
        {
          kind: 'eip1967Slot',
          slot: 'implementation',
          slotKey: eip1967Slots.implementation,
          address: desk.implementations.poolV2,
        },
      ],
    });
    expect(await implementationShape({ client, implementation: clone })).toMatchObject({
      verdict: 'proxy',
      evidence: [{ kind: 'forwarderCode', pattern: 'eip1167', target: desk.implementations.poolV2 }],
    });
  });

  test('no code: noCode, nothing thrown', async () => {
    const shape = await implementationShape({
      client: clients.publicClient,
      implementation: desk.accounts.executor.address,
    });
    expect(shape.verdict).toBe('noCode');
  });
});

describe('the gate', () => {
  test('a hidden proxy as new implementation: reject, naming it, the proxy and its slot', async () => {
    const result = await gateFor(hiddenProxy);
    expect(result.decision).toBe('reject');
    const reason = result.reasons.find((each) => each.rule === 'implementationIsProxy');
    expect(reason).toMatchObject({
      decision: 'reject',
      values: { implementation: hiddenProxy, upgraded: desk.proxies.transparent.proxy },
    });
    expect(reason!.message).toContain(`The new implementation ${hiddenProxy} of ${desk.proxies.transparent.proxy}`);
    expect(reason!.message).toContain(
      `implementation slot (${eip1967Slots.implementation}) holds ${desk.implementations.poolV2}`,
    );
    expect(result.authorityEffects!.implementations).toHaveLength(1);
  });

  test('an EIP-1167 clone of DemoPoolV2: reject, with the forwarder and the traced delegatecall chain', async () => {
    const result = await gateFor(clone);
    expect(ours(result.reasons)).toEqual([['implementationIsProxy', 'reject']]);
    const { proxy } = desk.proxies.transparent;
    const { poolV2 } = desk.implementations;
    const message = result.reasons.find((each) => each.rule === 'implementationIsProxy')!.message;
    expect(message).toContain(`an EIP-1167 minimal proxy forwarding to ${poolV2}`);
    expect(message).toContain(`delegatecalls on to ${poolV2} (${proxy} -> ${clone} -> ${poolV2})`);
    expect(result.authorityEffects!.implementations[0]!.traced).toBeGreaterThan(0);
  });

  test("a forwarder whose target sits in the proxy's storage: hold, with the traced chain", async () => {
    const { proxy } = desk.proxies.transparent;
    const { poolV2 } = desk.implementations;
    // What the attacker wrote into the proxy at initialisation: the real implementation, in a slot of its own.
    await clients.testClient.setStorageAt({ address: proxy, index: storedTargetSlot, value: pad(poolV2) });
    const result = await gateFor(storedForwarder);
    expect(ours(result.reasons)).toEqual([['implementationDelegates', 'hold']]);
    const reason = result.reasons.find((each) => each.rule === 'implementationDelegates')!;
    expect(reason.values).toMatchObject({ implementation: storedForwarder, upgraded: proxy });
    expect(reason.message).toContain(`delegatecalls on to ${poolV2} (${proxy} -> ${storedForwarder} -> ${poolV2})`);
    expect(result.authorityEffects!.implementations[0]!.verdict).toBe('delegates');
  });

  test('the real DemoPoolV2 passes the shape rules (plain, traced through the proxy)', async () => {
    const result = await gateFor(desk.implementations.poolV2);
    expect(ours(result.reasons)).toEqual([]);
    expect(result.authorityEffects!.implementations).toMatchObject([
      { implementation: desk.implementations.poolV2, upgraded: desk.proxies.transparent.proxy, verdict: 'plain' },
    ]);
    // The hidden-proxy probe, the phase's version() check and a direct call were traced.
    expect(result.authorityEffects!.implementations[0]!.traced).toBe(3);
  });

  test('an upgrade step without a code-hash check of its implementation holds', async () => {
    const result = await gateFor(desk.implementations.poolV2, [versionCheck(desk.proxies.transparent.proxy, '2.0.0')]);
    expect(ours(result.reasons)).toEqual([['noCodeHashCheck', 'hold']]);
    expect(result.reasons.find((each) => each.rule === 'noCodeHashCheck')!.values).toEqual({
      phase: 0,
      step: 0,
      upgraded: desk.proxies.transparent.proxy,
      implementation: desk.implementations.poolV2,
    });
  });

  test("the desk's sample release carries a code-hash check of every implementation it installs", async () => {
    expect(implementationCodeHashChecks(desk, ['poolV1', 'poolV2', 'vaultV1', 'vaultV2'])).toEqual(
      await Promise.all(
        (['poolV1', 'poolV2', 'vaultV1', 'vaultV2'] as const).map(async (name) =>
          codeHashCheck({
            target: desk.implementations[name],
            codeHash: await codeHashOf({ client: clients.publicClient, address: desk.implementations[name] }),
          }),
        ),
      ),
    );
  });
});

test('the simulator reports the clone after the phase, with the traced chain', async () => {
  const codeHash = await codeHashOf({ client: clients.publicClient, address: clone });
  const { manifest } = upgradeTo(clone, [
    versionCheck(desk.proxies.transparent.proxy, '2.0.0'),
    codeHashCheck({ target: clone, codeHash }),
  ]);
  const report = await simulatePhase({
    rpcUrl: anvil.rpcUrl,
    forkPort: 8731,
    manifest,
    rollbackManifest: rollback,
    phase: 0,
    safe: desk.safe,
    guard: desk.guard,
    executor: desk.accounts.executor.address,
  });
  // The clone forwards to the real code, so the phase and its checks pass: only the shape shows the hidden proxy.
  expect(report.success).toBe(true);
  expect(report.implementationFindings.map((finding) => [finding.kind, finding.implementation])).toEqual([
    ['implementationIsProxy', clone],
  ]);
  const { proxy } = desk.proxies.transparent;
  const { poolV2 } = desk.implementations;
  expect(report.implementations[0]!.evidence).toContainEqual(
    expect.objectContaining({ kind: 'onwardDelegatecall', through: proxy, chain: [proxy, clone, poolV2] }),
  );
});

test('the CLI: gate rejects the clone (exit 2, naming it), simulate --json lists it among the phase findings', async () => {
  dir = await mkdtemp(join(tmpdir(), 'hidden-proxy-'));
  const codeHash = await codeHashOf({ client: clients.publicClient, address: clone });
  const { manifest, evidence } = upgradeTo(clone, [
    versionCheck(desk.proxies.transparent.proxy, '2.0.0'),
    codeHashCheck({ target: clone, codeHash }),
  ]);
  const context = { chainId: desk.chainId, safe: desk.safe, guard: desk.guard };
  const file = (name: string) => join(dir!, name);
  await writeFile(file('release.json'), serializeReleasePackage(fromManifest({ manifest, ...context, title: 'Pool' })));
  await writeFile(
    file('rollback.json'),
    serializeReleasePackage(fromManifest({ manifest: rollback, ...context, title: 'Back to v1' })),
  );
  await writeFile(file('evidence.json'), JSON.stringify(evidence, null, 2));
  const rpc = ['--rpc', anvil.rpcUrl];
  const gated = await cli([
    'gate',
    ...rpc,
    '--package',
    file('release.json'),
    '--evidence',
    file('evidence.json'),
    '--json',
  ]);
  expect(gated.code).toBe(2);
  expect(gated.json.reasons).toContainEqual(
    expect.objectContaining({
      rule: 'implementationIsProxy',
      decision: 'reject',
      values: expect.objectContaining({ implementation: clone, upgraded: desk.proxies.transparent.proxy }),
    }),
  );
  const simulated = await cli([
    'simulate',
    ...rpc,
    '--package',
    file('release.json'),
    '--rollback-package',
    file('rollback.json'),
    '--json',
  ]);
  // The phase runs, but the hidden proxy is refused as the gate refuses it, and said in the text output too.
  expect(simulated.code).toBe(2);
  expect(simulated.json.phases[0].implementationFindings).toEqual([
    { kind: 'implementationIsProxy', upgraded: desk.proxies.transparent.proxy, implementation: clone },
  ]);
}, 120_000);
