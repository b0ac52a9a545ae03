import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Address, type Hex, encodeFunctionData, getAddress, pad } from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import {
  call,
  manifest as buildManifest,
  phase as buildPhase,
  feeRelease,
  feeRollback,
  setFee,
  versionCheck,
} from '../../shared/devkit/demo/releasePlan.js';
import { type AnvilInstance, startAnvil } from '../../shared/src/fork/anvil.js';
import {
  type DeskClients,
  type LocalDesk,
  deployLocalDesk,
  deskClients,
  execSafeTransaction,
} from '../../shared/devkit/devnet/localDesk.js';
import { advance, registerOnDesk } from '../../shared/devkit/fixtures/deskFixtures.js';
import { withEvidence } from '../../shared/src/gate/testFixtures.js';
import {
  demoVaultV1Abi,
  erc1967ProxyAbi,
  erc1967ProxyBytecode,
  manifestGuardAbi,
} from '../../shared/src/generated/index.js';
import { type Manifest, ManifestKind, type Step } from '../../shared/src/guard/manifest.js';
import { fromManifest } from '../../shared/src/package/fromManifest.js';
import { serializeReleasePackage } from '../../shared/src/package/serializeReleasePackage.js';
import { eip1967Slots } from '../../shared/src/proxy/slots.js';
import { cli, signer } from './cli.js';
import { type RpcProxy, startRpcProxy } from './rpc.js';

/** Every command is its own process (≈0.5 s of start-up each, several seconds on a busy machine). */
vi.setConfig({ testTimeout: 180_000 });

let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
let dir: string;
let rpc: string[];
const proxies: RpcProxy[] = [];
const file = (name: string) => join(dir, name);

/** Writes `manifest` as a release package file (the desk's chain, Safe and guard). */
async function writePackage(name: string, manifest: Manifest): Promise<string> {
  const pkg = fromManifest({
    manifest,
    chainId: desk.chainId,
    safe: desk.safe,
    guard: desk.guard,
    title: manifest.ticket,
  });
  await writeFile(file(name), `${serializeReleasePackage(pkg)}\n`);
  return file(name);
}

const executeStep = (step: Step) =>
  execSafeTransaction(clients, {
    safe: desk.safe,
    to: step.to,
    value: step.value,
    data: step.data,
    operation: step.operation as 0 | 1,
    owners: [desk.accounts.owners[0], desk.accounts.owners[1]],
    sender: desk.accounts.executor,
  });

const proxy = async (options: { dieAfterSend?: boolean } = {}) => {
  const started = await startRpcProxy(anvil.rpcUrl, options);
  proxies.push(started);
  return started;
};

beforeAll(async () => {
  anvil = await startAnvil({ port: 8653 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  dir = await mkdtemp(join(tmpdir(), 'manifest-guard-pipeline-'));
  rpc = ['--rpc', anvil.rpcUrl];
}, 120_000);

afterAll(async () => {
  for (const started of proxies) await started.close();
  await anvil?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a 20-step phase: verify in two HTTP requests; watch, started late, checks what already happened', () => {
  let vaults: Address[];
  let wide: Manifest;

  beforeAll(async () => {
    vaults = [];
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
      vaults.push(getAddress((await clients.publicClient.waitForTransactionReceipt({ hash })).contractAddress!));
    }
    const upgrade = (vault: Address, implementation: Address) =>
      call(
        vault,
        encodeFunctionData({ abi: demoVaultV1Abi, functionName: 'upgradeToAndCall', args: [implementation, '0x'] }),
      );
    const now = (await clients.publicClient.getBlock()).timestamp;
    const back = buildManifest({
      kind: ManifestKind.Rollback,
      ticket: 'RB-20 vaults back to v1',
      now,
      window: 60n * 86_400n,
      phases: [buildPhase(vaults.map((vault) => upgrade(vault, desk.implementations.vaultV1)))],
    });
    const backId = await registerOnDesk(clients, desk, back);
    wide = buildManifest({
      kind: ManifestKind.Release,
      ticket: 'REL-20 twenty vaults to v2',
      now,
      rollback: backId,
      phases: [
        buildPhase(
          vaults.map((vault) => upgrade(vault, desk.implementations.vaultV2)),
          vaults.slice(0, 4).map((vault) => versionCheck(vault, '2.0.0')),
        ),
      ],
    });
    await registerOnDesk(clients, desk, wide);
    await advance(clients, 3601);
    for (const step of wide.phases[0]!.steps) await executeStep(step);
    await writePackage('wide.json', wide);
    await writePackage('back.json', back);
  }, 180_000);

  test('verify: the phase checks out, in at most 2 HTTP requests (one batch to find it, one to verify it)', async () => {
    const counting = await proxy();
    const result = await cli([
      'verify',
      '--rpc',
      counting.url,
      '--package',
      file('wide.json'),
      '--rollback-package',
      file('back.json'),
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ ok: true, findings: [], phase: 0, roundTrips: 1 });
    expect(result.json.executions).toHaveLength(20);
    expect(counting.methods().flat()).toContain('eth_chainId');
    expect(counting.requests()).toBeLessThanOrEqual(2);
  });

  test('watch started after the phase completed verifies it at once: ok, then a tampered slot is an alert, exit 2', async () => {
    const watch = (seconds: number) =>
      cli([
        'watch',
        ...rpc,
        '--package',
        file('wide.json'),
        '--package',
        file('back.json'),
        '--interval',
        '500ms',
        '--for',
        `${seconds}s`,
        '--exit-on-alert',
        '--json',
      ]);
    const clean = await watch(4);
    expect(clean.code).toBe(0);
    const ok = clean.stdout.split('\n').filter((line) => line.includes('"type":"ok"'));
    expect(ok).toHaveLength(1);
    expect(JSON.parse(ok[0]!)).toMatchObject({ phase: 0, result: { ok: true } });
    // Progress on stderr although it is not a terminal: watch is a long-running command.
    expect(clean.stderr).toContain('… watching guard');

    // Someone puts vault 12 back on v1 behind the Safe's back, then the monitor starts.
    await clients.testClient.setStorageAt({
      address: vaults[12]!,
      index: eip1967Slots.implementation,
      value: pad(desk.implementations.vaultV1),
    });
    await clients.testClient.mine({ blocks: 1 });
    const started = Date.now();
    const tampered = await watch(60);
    expect(tampered.code).toBe(2);
    expect(Date.now() - started).toBeLessThan(50_000);
    const alert = JSON.parse(tampered.stdout.split('\n').find((line) => line.includes('"type":"alert"'))!);
    expect(alert.message).toContain('completed before the monitor started');
    expect(alert.findings).toContainEqual(
      expect.objectContaining({
        rule: 'implementationSlot',
        expected: desk.implementations.vaultV2,
        actual: desk.implementations.vaultV1,
      }),
    );
    expect(tampered.stdout).not.toContain('"type":"ok"');
  });
});

describe('execute when the RPC dies right after it took the transaction', () => {
  test('the hash is printed when sent; the command exits 2 within its receipt timeout, naming it', async () => {
    const now = (await clients.publicClient.getBlock()).timestamp;
    const back = withEvidence(feeRollback(desk, now));
    const backId = await registerOnDesk(clients, desk, back.manifest);
    const release = withEvidence(feeRelease(desk, now, backId));
    await registerOnDesk(clients, desk, release.manifest);
    await advance(clients, 3601);
    const pkg = await writePackage('fee.json', release.manifest);
    await writeFile(file('fee-evidence.json'), JSON.stringify(release.evidence));
    const proposals = await Promise.all(
      [desk.accounts.owners[0], desk.accounts.owners[1]].map((owner) =>
        cli(['propose', ...rpc, '--package', pkg, '--onchain', '--json'], signer(owner)),
      ),
    );
    expect(proposals.map((result) => result.code)).toEqual([0, 0]);

    const dying = await proxy({ dieAfterSend: true });
    const started = Date.now();
    const result = await cli(
      [
        'execute',
        '--rpc',
        dying.url,
        '--package',
        pkg,
        '--evidence',
        file('fee-evidence.json'),
        '--receipt-timeout',
        '4s',
        '--json',
      ],
      signer(desk.accounts.executor),
    );
    const elapsed = Date.now() - started;
    expect(result.code).toBe(2);
    expect(elapsed).toBeLessThan(60_000);
    const sent = /^sent: (0x[0-9a-f]{64}) from (0x[0-9a-fA-F]{40}); waiting up to 4 s for its receipt$/m.exec(
      result.stderr,
    );
    expect(sent, result.stderr).not.toBeNull();
    expect(getAddress(sent![2]!)).toBe(desk.accounts.executor.address);
    const hash = sent![1] as Hex;
    // The chain took it: the guard let step 0.0 through.
    expect((await clients.publicClient.getTransactionReceipt({ hash })).status).toBe('success');
    expect(result.json.error).toMatchObject({
      name: 'TransactionUnconfirmedError',
      message: `Transaction ${hash} was sent, but its receipt did not come within 4 s.`,
    });
    expect(result.stderr).toContain('look it up');
    expect(result.stderr).toContain('… step 0.0: asking the gate');
    // The gate and the Safe's state went through the proxy before it died.
    expect(dying.methods().flat()).toContain('eth_sendRawTransaction');
  });
});

describe('cancel, and what the guard says when it refuses', () => {
  const feeTo = (fee: bigint) => setFee(desk.proxies.beacon.proxy, fee);

  test('a live manifest holds its steps: the second registration is refused with the holder and the way out', async () => {
    const now = (await clients.publicClient.getBlock()).timestamp;
    const first = buildManifest({
      kind: ManifestKind.Rollback,
      ticket: 'RB-77 fee 77',
      now,
      window: 60n * 86_400n,
      phases: [buildPhase([feeTo(77n)])],
    });
    const second = { ...first, ticket: 'RB-78 the same step again' };
    const [firstPkg, secondPkg] = await Promise.all([
      writePackage('first.json', first),
      writePackage('second.json', second),
    ]);
    const registered = await cli(['register', ...rpc, '--package', firstPkg, '--json'], signer(desk.accounts.proposer));
    expect(registered.code).toBe(0);
    const firstId: Hex = registered.json.manifestId;

    const claimed = await cli(['register', ...rpc, '--package', secondPkg], signer(desk.accounts.proposer));
    expect(claimed.code).toBe(2);
    expect(claimed.stderr).toContain(`was rejected: The live manifest ${firstId} already holds one of these steps`);
    expect(claimed.stderr).toContain(`manifest-guard cancel --id ${firstId}`);
    expect(claimed.stderr).toContain("The guard's error: ManifestGuardStepClaimed(");
    expect(claimed.stderr).not.toContain('Rollback registered first');

    // An approver is not the proposer: the guard's refusal, as a sentence.
    const notProposer = await cli(
      ['cancel', ...rpc, '--package', firstPkg, '--json'],
      signer(desk.accounts.approvers[0]),
    );
    expect(notProposer.code).toBe(2);
    expect(notProposer.json.error.name).toBe('TransactionRejectedError');
    expect(notProposer.json.error.message).toBe(
      `cancel(${firstId}) was rejected: ${desk.accounts.approvers[0].address} may not cancel this manifest: only ` +
        `the proposer who registered it can, and ${desk.accounts.approvers[0].address} is not that proposer.`,
    );

    const cancelled = await cli(
      ['cancel', ...rpc, '--package', firstPkg, '--progress', '--json'],
      signer(desk.accounts.proposer),
    );
    expect(cancelled.code).toBe(0);
    expect(cancelled.json).toMatchObject({ manifestId: firstId, state: { status: 'Cancelled' } });
    expect(cancelled.stderr).toMatch(/^sent: 0x[0-9a-f]{64} from /m);
    // --progress: progress lines although stderr is not a terminal and cancel is a short command.
    expect(cancelled.stderr).toContain(`… cancelling ${firstId} as ${desk.accounts.proposer.address}`);

    // Its steps are free again; --quiet: nothing on stderr.
    const again = await cli(
      ['register', ...rpc, '--package', secondPkg, '--quiet', '--json'],
      signer(desk.accounts.proposer),
    );
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
  });

  test('an approved manifest is not cancelled: the sentence says so and points at halt', async () => {
    const now = (await clients.publicClient.getBlock()).timestamp;
    const approved = buildManifest({
      kind: ManifestKind.Rollback,
      ticket: 'RB-79 fee 79',
      now,
      window: 60n * 86_400n,
      phases: [buildPhase([feeTo(79n)])],
    });
    const id = await registerOnDesk(clients, desk, approved);
    const pkg = await writePackage('approved.json', approved);
    const refused = await cli(['cancel', ...rpc, '--package', pkg], signer(desk.accounts.proposer));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `error: cancel(${id}) was rejected: ${id.slice(0, 6)}…${id.slice(-4)} is already approved: only a registered ` +
        'manifest that no approver has approved yet can be cancelled.',
    );
    expect(refused.stderr).toContain('manifest-guard halt');
  });
});

describe('a configuration change: the lane is computed again before approvals count', () => {
  test('status says the lane is stale, approve is refused with the way out, reclassify makes it current', async () => {
    const now = (await clients.publicClient.getBlock()).timestamp;
    const manifest = buildManifest({
      kind: ManifestKind.Rollback,
      ticket: 'RB-81 fee 81',
      now,
      window: 60n * 86_400n,
      phases: [buildPhase([setFee(desk.proxies.beacon.proxy, 81n)])],
    });
    const pkg = await writePackage('stale.json', manifest);
    const registered = await cli(['register', ...rpc, '--package', pkg, '--json'], signer(desk.accounts.proposer));
    expect(registered.code).toBe(0);
    const id: Hex = registered.json.manifestId;

    // The Safe sets the same configuration again (a new epoch), as a privileged manifest would.
    await clients.testClient.impersonateAccount({ address: desk.safe });
    await clients.testClient.setBalance({ address: desk.safe, value: 10n ** 18n });
    const hash = await clients.walletClient.writeContract({
      account: desk.safe,
      chain: clients.chain,
      address: desk.guard,
      abi: manifestGuardAbi,
      functionName: 'configure',
      args: [desk.guardConfig],
    });
    expect((await clients.publicClient.waitForTransactionReceipt({ hash })).status).toBe('success');
    await clients.testClient.stopImpersonatingAccount({ address: desk.safe });

    const refused = await cli(['approve', ...rpc, '--package', pkg], signer(desk.accounts.approvers[0]));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('ManifestGuardLaneStale(');
    expect(refused.stderr).toContain('reclassify');

    const stale = await cli(['reclassify', ...rpc, '--package', pkg, '--json'], signer(desk.accounts.executor));
    expect(stale.code).toBe(0);
    expect(stale.json.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(stale.json.state).toMatchObject({ laneCurrent: true, lane: 'routine' });

    const again = await cli(['reclassify', ...rpc, '--package', pkg, '--json'], signer(desk.accounts.executor));
    expect(again.json.txHash).toBeNull();
    const approved = await cli(['approve', ...rpc, '--package', pkg], signer(desk.accounts.approvers[0]));
    expect(approved.code).toBe(0);
    expect(id).toBe(stale.json.manifestId);
  });
});
