import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { type Hex, createPublicClient, http } from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { RpcAnswerError, RpcUnreachableError } from '../authority/errors.js';
import {
  call,
  feeRelease,
  feeRollback,
  manifest as manifestOf,
  phase,
  setFee,
  upgradeRelease,
  upgradeRollback,
} from '../../devkit/demo/releasePlan.js';
import { type AnvilInstance, startAnvil } from '../fork/anvil.js';
import {
  type DeskClients,
  type LocalDesk,
  deployLocalDesk,
  deskClients,
  execSafeTransaction,
} from '../../devkit/devnet/localDesk.js';
import type { EvidencePacket } from '../package/evidencePacket.js';
import { type Manifest, ManifestKind } from '../guard/manifest.js';
import { advance, guardWrite, registerOnDesk } from '../../devkit/fixtures/deskFixtures.js';
import { type GateParameters, gate } from './gate.js';
import { withEvidence } from './testFixtures.js';

/** Several Anvil chains run at once when the whole suite runs: give each step room. */
vi.setConfig({ testTimeout: 60_000 });

let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
let release: { manifest: Manifest; evidence: EvidencePacket };
let rollback: { manifest: Manifest; evidence: EvidencePacket };
let releaseId: Hex;

beforeAll(async () => {
  anvil = await startAnvil({ port: 8570 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  const now = (await clients.publicClient.getBlock()).timestamp;
  rollback = withEvidence(upgradeRollback(desk, now));
  const rollbackId = await registerOnDesk(clients, desk, rollback.manifest);
  release = withEvidence(upgradeRelease(desk, now, rollbackId));
  releaseId = await registerOnDesk(clients, desk, release.manifest, { approve: false });
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
});

const step = (phase: number, index: number) => release.manifest.phases[phase]!.steps[index]!;
const params = (overrides: Partial<GateParameters> = {}): GateParameters => ({
  manifest: release.manifest,
  evidence: release.evidence,
  proposed: step(0, 0),
  chainId: desk.chainId,
  safe: desk.safe,
  executor: desk.accounts.executor.address,
  chain: { publicClient: clients.publicClient, guard: desk.guard },
  ...overrides,
});
const rules = async (overrides: Partial<GateParameters> = {}) =>
  (await gate(params(overrides))).reasons.map((reason) => reason.rule);

describe('on the local desk', () => {
  test('registered, not approved: hold', async () => {
    const result = await gate(params());
    expect(result.manifestId).toBe(releaseId);
    expect(result.decision).toBe('hold');
    // The guard's answers: not approved, and its rollback not executable on its own terms yet (its delay runs).
    expect(result.reasons.map((reason) => reason.rule)).toEqual(['notApproved', 'rollbackNotReady']);
    expect(result.reasons[0]!.values.guardError).toBe('ManifestGuardNotApproved');
    expect(result.reasons[1]!.message).toContain('ManifestGuardRollbackNotExecutable');
    expect(result.rollbackReady).toBe(false);
    expect(result.targetProxy).toBe(desk.proxies.transparent.proxy);
  });

  test('approved, inside the approval delay: hold (the guard says too early)', async () => {
    for (const approver of desk.accounts.approvers) await guardWrite(clients, desk, approver, 'approve', [releaseId]);
    expect(await rules()).toEqual(['tooEarly', 'rollbackNotReady']);
  });

  test('inside the window: release; the decision names the chain, block and guard it was taken against', async () => {
    await advance(clients, 3601);
    const result = await gate(params({ proxies: [desk.proxies.transparent.proxy] }));
    const block = await clients.publicClient.getBlock({ blockTag: 'latest' });
    expect(result.reasons).toEqual([]);
    expect(result.decision).toBe('release');
    expect(result.lane).toBe('routine');
    expect(result.offline).toBe(false);
    expect(result.chain).toEqual({
      chainId: anvil.chainId,
      blockNumber: Number(block.number),
      blockHash: block.hash,
      timestamp: Number(block.timestamp),
      guard: desk.guard,
      safe: desk.safe,
    });
    // The upgrade ran on a fork of that block: the ProxyAdmin and the proxy were compared, nobody gained authority.
    expect(result.authorityEffects).toMatchObject({ forkBlockNumber: Number(block.number), reverted: false });
    expect(result.authorityEffects!.contracts).toEqual(
      expect.arrayContaining([desk.proxies.transparent.proxyAdmin, desk.proxies.transparent.proxy]),
    );
    expect(result.authorityEffects!.findings).toEqual([]);
    expect(result.authorityEffects!.gained).toEqual([]);
  });

  test('the same transaction offline: hold, never release, and the JSON says it read no chain', async () => {
    const result = await gate(params({ chain: undefined, guard: desk.guard }));
    expect(result.decision).toBe('hold');
    expect(result.reasons.map((reason) => [reason.rule, reason.decision])).toEqual([['offline', 'hold']]);
    expect(result.reasons[0]!.message).toContain('cannot release');
    expect(result).toMatchObject({ offline: true, chain: null, authorityEffects: null });
  });

  test("a copy of the release the guard does not know: hold, not registered, the step is the release's", async () => {
    const unknown = withEvidence({ ...release.manifest, ticket: 'REL-42 never registered' });
    const result = await gate(params({ manifest: unknown.manifest, evidence: unknown.evidence }));
    expect(result.decision).toBe('hold');
    expect(result.reasons.map((reason) => [reason.rule, reason.decision])).toEqual([
      ['otherManifest', 'hold'],
      ['notRegistered', 'hold'],
    ]);
    expect(result.reasons[0]!.values).toMatchObject({ manifestId: releaseId, phase: '0', step: '0' });
  });

  test('a manifest the guard does not know, a step that is not its first: reject', async () => {
    const unknown = withEvidence({ ...release.manifest, ticket: 'REL-42 never registered' });
    const result = await gate(params({ manifest: unknown.manifest, evidence: unknown.evidence, proposed: step(1, 0) }));
    expect(result.decision).toBe('reject');
    expect(result.reasons.map((reason) => [reason.rule, reason.decision])).toEqual(
      expect.arrayContaining([
        ['stepMismatch', 'reject'],
        ['notRegistered', 'hold'],
      ]),
    );
    expect(result.authorityEffects).toBeNull();
  });

  test('drifted payload: reject, the guard names the rule', async () => {
    const data = `${step(0, 0).data.slice(0, -2)}ff` as Hex;
    const result = await gate(params({ proposed: { ...step(0, 0), data } }));
    expect(result.decision).toBe('reject');
    expect(result.reasons.map((reason) => reason.rule)).toEqual(['guard:ManifestGuardNoMatchingStep', 'stepMismatch']);
    expect(result.reasons[0]!.values).toMatchObject({ to: step(0, 0).to, operation: 0 });
    expect(result.reasons[1]!.message).toContain('step 0 of phase 0');
  });

  test('an owner as executor: reject', async () => {
    expect(await rules({ executor: desk.accounts.owners[0].address })).toEqual([
      'guard:ManifestGuardNotExecutor',
      'executorNotConfigured',
    ]);
  });

  test('wrong Safe: reject', async () => {
    expect(await rules({ safe: desk.accounts.owners[0].address })).toContain('wrongSafe');
  });

  test('after phase 0: the next step is phase 1, behind the soak and the gate', async () => {
    await execSafeTransaction(clients, {
      safe: desk.safe,
      ...step(0, 0),
      operation: 0,
      owners: [desk.accounts.owners[0], desk.accounts.owners[1]],
      sender: desk.accounts.executor,
    });
    const stale = await gate(params());
    expect(stale.decision).toBe('reject');
    expect(stale.step).toEqual({ phase: 1, step: 0 });
    const next = await gate(params({ proposed: step(1, 0) }));
    expect(next.decision).toBe('hold');
    // The guard names the first rule that holds the step (the soak, then the gate).
    expect(next.reasons.map((reason) => reason.rule)).toEqual(['soakNotElapsed']);
    expect(next.reasons[0]!.values.guardError).toBe('ManifestGuardSoakNotElapsed');
  });

  test('halted by a guardian: reject; its rollback runs, then nothing is left', async () => {
    await guardWrite(clients, desk, desk.accounts.guardian, 'halt', [releaseId]);
    expect(await rules({ proposed: step(1, 0) })).toEqual(
      expect.arrayContaining(['guard:ManifestGuardManifestHalted', 'manifestInactive']),
    );
    const rollbackParams = { manifest: rollback.manifest, evidence: rollback.evidence };
    for (const rollbackStep of rollback.manifest.phases[0]!.steps) {
      const result = await gate(params({ ...rollbackParams, proposed: rollbackStep }));
      expect(result.reasons).toEqual([]);
      expect(result.decision).toBe('release');
      await execSafeTransaction(clients, {
        safe: desk.safe,
        ...rollbackStep,
        operation: 0,
        owners: [desk.accounts.owners[0], desk.accounts.owners[1]],
        sender: desk.accounts.executor,
      });
    }
    const done = await gate(params({ ...rollbackParams, proposed: rollback.manifest.phases[0]!.steps[0]! }));
    expect(done.decision).toBe('reject');
    expect(done.step).toBeNull();
    expect(done.reasons.map((reason) => reason.rule)).toContain('noStepLeft');
    // Offline, the completed rollback is not released: the gate says it read no chain.
    const offline = await gate(
      params({
        ...rollbackParams,
        proposed: rollback.manifest.phases[0]!.steps[0]!,
        chain: undefined,
        guard: desk.guard,
      }),
    );
    expect(offline.decision).toBe('hold');
    expect(offline.reasons.map((reason) => reason.rule)).toEqual(['offline']);
    expect(offline).toMatchObject({ offline: true, chain: null, authorityEffects: null });
  });

  test('a release whose rollback is registered but not approved: hold', async () => {
    const now = (await clients.publicClient.getBlock()).timestamp;
    const feeRb = withEvidence(feeRollback(desk, now));
    const feeRbId = await registerOnDesk(clients, desk, feeRb.manifest, { approve: false });
    const fee = withEvidence(feeRelease(desk, now, feeRbId));
    await registerOnDesk(clients, desk, fee.manifest);
    await advance(clients, 3601);
    const result = await gate(
      params({ manifest: fee.manifest, evidence: fee.evidence, proposed: fee.manifest.phases[0]!.steps[0]! }),
    );
    expect(result.rollbackReady).toBe(false);
    expect(result.decision).toBe('hold');
    expect(result.reasons.map((reason) => reason.rule)).toEqual(['rollbackNotReady']);
    expect(result.reasons[0]!.values.guardError).toBe('ManifestGuardRollbackNotReady');
  });
});

describe('a valid package not registered yet', () => {
  test('hold with notRegistered, not reject', async () => {
    const now = (await clients.publicClient.getBlock()).timestamp;
    const { transparent, beacon } = desk.proxies;
    const rb = withEvidence(
      manifestOf({
        kind: ManifestKind.Rollback,
        ticket: 'RB-77',
        now,
        window: 60n * 86_400n,
        phases: [phase([setFee(beacon.proxy, 33n)])],
      }),
    );
    const rbId = await registerOnDesk(clients, desk, rb.manifest);
    const fee = withEvidence(
      manifestOf({
        kind: ManifestKind.Release,
        ticket: 'REL-77',
        now,
        rollback: rbId,
        phases: [phase([setFee(transparent.proxy, 77n)])],
      }),
    );
    await advance(clients, 3601);
    const result = await gate(
      params({ manifest: fee.manifest, evidence: fee.evidence, proposed: fee.manifest.phases[0]!.steps[0]! }),
    );
    expect(result.decision).toBe('hold');
    expect(result.reasons.map((reason) => [reason.rule, reason.decision])).toEqual([
      ['guard:ManifestGuardNoMatchingStep', 'hold'],
      ['notRegistered', 'hold'],
    ]);
    // Not registered: the guard answers for its rollback once it is.
    expect(result.rollbackReady).toBe(false);
    expect(result.chain).toMatchObject({ chainId: anvil.chainId, guard: desk.guard });
  });

  test("its lane is the guard's (computeLane): a call to the Safe's fallback handler is privileged", async () => {
    const now = (await clients.publicClient.getBlock()).timestamp;
    const handler = desk.safeContracts['1.5.0'].CompatibilityFallbackHandler;
    const unknown = withEvidence(
      manifestOf({
        kind: ManifestKind.Rollback,
        ticket: 'RB-78 handler',
        now,
        window: 60n * 86_400n,
        phases: [phase([call(handler, '0x12345678')])],
      }),
    );
    const proposed = unknown.manifest.phases[0]!.steps[0]!;
    const online = await gate(params({ manifest: unknown.manifest, evidence: unknown.evidence, proposed }));
    expect(online.lane).toBe('privileged');
    expect(online.reasons.map((reason) => reason.rule)).toContain('notRegistered');
    // Offline the Safe's fallback handler is unknown: the classification here cannot see it.
    const offline = await gate(
      params({ manifest: unknown.manifest, evidence: unknown.evidence, proposed, chain: undefined, guard: desk.guard }),
    );
    expect(offline.lane).toBe('routine');
  });
});

/** A server on a free port that answers every JSON-RPC request with `answer(method)` (its `"ID"` replaced). */
async function fakeNode(answer: (method: string) => string) {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const { id, method } = JSON.parse(body || '{}') as { id?: number; method?: string };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(answer(method ?? '').replace('"ID"', JSON.stringify(id ?? 1)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const publicClient = createPublicClient({ transport: http(url, { retryCount: 0 }) });
  return { url, publicClient, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('errors', () => {
  test('node down', async () => {
    const publicClient = createPublicClient({ transport: http('http://127.0.0.1:8579', { retryCount: 0 }) });
    const error = await gate(params({ chain: { publicClient, guard: desk.guard } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcUnreachableError);
    expect((error as Error).message).toContain('Could not reach http://127.0.0.1:8579: is the node running?');
  });

  test('a URL that answers a web page: an error naming the URL, no decision', async () => {
    const node = await fakeNode(() => '<html><body>It works!</body></html>');
    try {
      const error = await gate(params({ chain: { publicClient: node.publicClient, guard: desk.guard } })).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RpcAnswerError);
      expect((error as Error).message).toContain(`${node.url} answered eth_chainId with something that is not`);
      expect((error as Error).message).toContain('Check the URL');
    } finally {
      await node.close();
    }
  });

  test('a node that answers its chain id but garbage for the rest: an error, no decision', async () => {
    const chainIdHex = `0x${anvil.chainId.toString(16)}`;
    const node = await fakeNode((method) =>
      method === 'eth_chainId'
        ? `{"jsonrpc":"2.0","id":"ID","result":"${chainIdHex}"}`
        : '{"jsonrpc":"2.0","id":"ID","result":"0xdeadbeef"}',
    );
    try {
      const error = await gate(params({ chain: { publicClient: node.publicClient, guard: desk.guard } })).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RpcAnswerError);
      expect((error as Error).message).toMatch(/answered (eth_getBlockByNumber|the guard's)/);
    } finally {
      await node.close();
    }
  });

  test('no guard at the address: an error naming the read, no decision', async () => {
    const error = await gate(params({ chain: { publicClient: clients.publicClient, guard: desk.safe } })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RpcAnswerError);
    expect((error as Error).message).toContain(`answered the guard's`);
  });
});
