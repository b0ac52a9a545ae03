import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import SafeApiKit from '@safe-global/api-kit';
import type { Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { upgradeRelease, upgradeRollback } from '../../shared/devkit/demo/releasePlan.js';
import {
  type DeskClients,
  type LocalDesk,
  deployLocalDesk,
  deskClients,
  execSafeTransaction,
} from '../../shared/devkit/devnet/localDesk.js';
import { advance, guardWrite, registerOnDesk } from '../../shared/devkit/fixtures/deskFixtures.js';
import { type StartTxServiceReturnType, startTxService } from '../../shared/devkit/txservice/server.js';
import { type AnvilInstance, startAnvil } from '../../shared/src/fork/anvil.js';
import { withEvidence } from '../../shared/src/gate/testFixtures.js';
import type { Manifest } from '../../shared/src/guard/manifest.js';
import { fromManifest } from '../../shared/src/package/fromManifest.js';
import { serializeReleasePackage } from '../../shared/src/package/serializeReleasePackage.js';
import { confirmSafeTransaction } from '../../shared/src/queue/confirm.js';
import { pendingTransactions } from '../../shared/src/queue/pending.js';
import { proposeSafeTransaction } from '../../shared/src/queue/propose.js';
import { readQueueSafeState } from '../../shared/src/queue/safeState.js';
import { cli, signer } from './cli.js';

/** Every command is its own process (≈0.5 s of start-up each, several seconds on a busy machine). */
vi.setConfig({ testTimeout: 180_000 });

const TICKET = 'REL-42 pool and vault v2';

let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
let service: StartTxServiceReturnType;
let apiKit: SafeApiKit;
let dir: string;
let rpc: string[];
let release: Manifest;
let releaseId: Hex;
let rollback: Manifest;
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

beforeAll(async () => {
  anvil = await startAnvil({ port: 8705 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  service = await startTxService({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, port: 0 });
  apiKit = new SafeApiKit({ chainId: BigInt(anvil.chainId), txServiceUrl: service.url });
  dir = await mkdtemp(join(tmpdir(), 'manifest-guard-rollback-'));
  rpc = ['--rpc', anvil.rpcUrl];

  const now = (await clients.publicClient.getBlock()).timestamp;
  const back = withEvidence(upgradeRollback(desk, now));
  rollback = back.manifest;
  const rollbackId = await registerOnDesk(clients, desk, rollback);
  release = withEvidence(upgradeRelease(desk, now, rollbackId)).manifest;
  releaseId = await registerOnDesk(clients, desk, release);
  await writePackage('release.json', release);
  await writePackage('rollback.json', rollback);
  await writeFile(file('rollback-evidence.json'), JSON.stringify(back.evidence));
  await advance(clients, 3601);
  // The canary runs: the release has started, so its rollback may run once it is halted.
  const canary = release.phases[0]!.steps[0]!;
  await execSafeTransaction(clients, {
    safe: desk.safe,
    to: canary.to,
    value: canary.value,
    data: canary.data,
    operation: 0,
    owners: [desk.accounts.owners[0], desk.accounts.owners[1]],
    sender: desk.accounts.executor,
  });
}, 120_000);

afterAll(async () => {
  await service?.stop();
  await anvil?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const safeNonce = async () => (await readQueueSafeState(clients.publicClient, desk.safe)).nonce;
const execute = (account = desk.accounts.executor) =>
  cli(
    [
      'execute',
      ...rpc,
      '--package',
      file('rollback.json'),
      '--evidence',
      file('rollback-evidence.json'),
      '--tx-service',
      service.url,
      '--json',
    ],
    signer(account),
  );
const proposeRollback = (owner: (typeof desk.accounts.owners)[number]) =>
  cli(['propose', ...rpc, '--package', file('rollback.json'), '--tx-service', service.url, '--json'], signer(owner));

describe('after a halt, the rollback takes the nonce of the halted release’s queued step', () => {
  /** The Safe's nonce when phase 2 was queued: its first step sits there. */
  let dead: bigint;
  let phaseTwoHashes: Hex[];

  test('phase 2 is queued with the service at the Safe’s nonce, then a guardian halts the release', async () => {
    dead = await safeNonce();
    const proposed = await cli(
      ['propose', ...rpc, '--package', file('release.json'), '--tx-service', service.url, '--json'],
      signer(desk.accounts.owners[0]),
    );
    expect(proposed.code, proposed.stderr).toBe(0);
    expect(proposed.json.steps.map((step: { nonce: string }) => BigInt(step.nonce))).toEqual([dead, dead + 1n]);
    expect(proposed.json.placement).toEqual({ nonce: String(dead), replaces: [] });
    phaseTwoHashes = proposed.json.steps.map((step: { safeTxHash: Hex }) => step.safeTxHash);
    await guardWrite(clients, desk, desk.accounts.guardian, 'halt', [releaseId]);
  });

  test('execute refuses a rollback queued behind the dead nonce, naming it and the nonce to propose at', async () => {
    // What the app did before: the rollback's first step proposed after the queue, fully confirmed.
    const late = await proposeSafeTransaction({
      apiKit,
      chainId: desk.chainId,
      safe: desk.safe,
      call: rollback.phases[0]!.steps[0]!,
      signer: desk.accounts.owners[0],
      nonce: dead + 2n,
    });
    await confirmSafeTransaction({
      apiKit,
      chainId: desk.chainId,
      safeTxHash: late.safeTxHash,
      signer: desk.accounts.owners[1],
    });
    const refused = await execute();
    expect(refused.code, `${refused.stderr}${refused.stdout}`).toBe(1);
    expect(refused.json.executed).toEqual([]);
    const reason = refused.json.stopped.reasons.find((r: { rule: string }) => r.rule === 'safeQueue');
    expect(reason?.message).toBe(
      `The rollback is queued at nonce ${dead + 2n}, behind the Safe's nonce ${dead}: nonce ${dead} comes first and ` +
        `holds a step of a halted manifest (${TICKET}); propose the rollback at nonce ${dead} ` +
        '(`manifest-guard propose` places it there).',
    );
    expect(await safeNonce()).toBe(dead);
  });

  test('propose puts the rollback at the dead step’s nonce and names what it replaces', async () => {
    const proposed = await cli(
      ['propose', ...rpc, '--package', file('rollback.json'), '--tx-service', service.url],
      signer(desk.accounts.owners[0]),
    );
    expect(proposed.code, proposed.stderr).toBe(0);
    const lines = proposed.stdout.split('\n');
    for (const [i, nonce] of [dead, dead + 1n, dead + 2n].entries())
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(`^  step 0\\.${i} nonce ${nonce} safeTxHash 0x[0-9a-f]{64}: proposed, 1/2 owners$`),
        ),
      );
    for (const [i, nonce] of [dead, dead + 1n].entries())
      expect(lines).toContain(
        `  replaces nonce ${nonce} safeTxHash ${phaseTwoHashes[i]}: nonce ${nonce} holds a step of a halted manifest (${TICKET})`,
      );
  });

  test('with the Transaction Service down, propose and execute stop with the reason, exit 2, and send nothing', async () => {
    const down = 'http://127.0.0.1:9/api';
    const queued = (
      await pendingTransactions({ apiKit, publicClient: clients.publicClient, chainId: desk.chainId, safe: desk.safe })
    ).map((entry) => entry.safeTxHash);
    for (const [name, account, extra] of [
      ['propose', desk.accounts.owners[1], []],
      ['execute', desk.accounts.executor, ['--evidence', file('rollback-evidence.json')]],
    ] as const) {
      const result = await cli(
        [name, ...rpc, '--package', file('rollback.json'), ...extra, '--tx-service', down, '--json'],
        signer(account),
      );
      expect(result.code, `${name}: ${result.stderr}`).toBe(2);
      expect(result.json.error.name, name).toBe('TxServiceUnreachableError');
      expect(result.stderr, name).toContain(`error: Could not reach the Safe Transaction Service at ${down}.`);
      expect(result.stderr, name).toContain('or use --onchain (approveHash)');
    }
    expect(await safeNonce()).toBe(dead);
    const after = (
      await pendingTransactions({ apiKit, publicClient: clients.publicClient, chainId: desk.chainId, safe: desk.safe })
    ).map((entry) => entry.safeTxHash);
    expect(after).toEqual(queued);
  });

  test('execute before the threshold refuses with the reason, and sends nothing', async () => {
    const early = await execute();
    expect(early.code, `${early.stderr}${early.stdout}`).toBe(1);
    expect(early.json.executed).toEqual([]);
    const reason = early.json.stopped.reasons.find((r: { rule: string }) => r.rule === 'safeConfirmations');
    expect(reason?.message).toContain(`(nonce ${dead}) has 1 of 2 owners' confirmations`);
    expect(reason?.message).toContain(
      `Nonce ${dead} also holds ${phaseTwoHashes[0]}: nonce ${dead} holds a step of a halted manifest (${TICKET}).`,
    );
    expect(await safeNonce()).toBe(dead);
  });

  test('the second owner confirms the proposals in place; --json names the placement', async () => {
    const second = await proposeRollback(desk.accounts.owners[1]);
    expect(second.code, second.stderr).toBe(0);
    expect(
      second.json.steps.map((step: { nonce: string; action: string }) => [BigInt(step.nonce), step.action]),
    ).toEqual([
      [dead, 'confirmed'],
      [dead + 1n, 'confirmed'],
      [dead + 2n, 'confirmed'],
    ]);
    expect(second.json.steps.map((step: { confirmations: number }) => step.confirmations)).toEqual([2, 2, 2]);
    // Nothing left to place: a next proposal would go after the rollback's three nonces.
    expect(second.json.placement).toEqual({ nonce: String(dead + 3n), replaces: [] });
  });

  test('with the threshold reached, execute runs the rollback', async () => {
    const done = await execute();
    expect(done.code, `${done.stderr}${done.stdout}`).toBe(0);
    expect(done.json.executed.map((step: { step: number }) => step.step)).toEqual([0, 1, 2]);
    expect(await safeNonce()).toBe(dead + 3n);
    expect(done.json.state).toMatchObject({ status: 'Completed' });
    // The service's queue keeps only what can never run now.
    const left = await pendingTransactions({
      apiKit,
      publicClient: clients.publicClient,
      chainId: desk.chainId,
      safe: desk.safe,
    });
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((entry) => entry.nonceTaken)).toBe(true);
  });
});
