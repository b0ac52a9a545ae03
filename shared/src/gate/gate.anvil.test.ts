import { type Hex, createPublicClient, http } from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { RpcUnreachableError } from '../authority/errors.js';
import { feeRelease, feeRollback, upgradeRelease, upgradeRollback } from '../demo/releasePlan.js';
import { type AnvilInstance, startAnvil } from '../devnet/anvil.js';
import {
  type DeskClients,
  type LocalDesk,
  deployLocalDesk,
  deskClients,
  execSafeTransaction,
} from '../devnet/localDesk.js';
import type { EvidencePacket } from '../package/evidencePacket.js';
import type { Manifest } from '../guard/manifest.js';
import { advance, guardWrite, registerOnDesk } from './deskFixtures.js';
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
    expect(result.reasons.map((reason) => reason.rule)).toEqual(['guard:ManifestGuardNotApproved', 'notApproved']);
    expect(result.rollbackReady).toBe(true);
    expect(result.targetProxy).toBe(desk.proxies.transparent.proxy);
  });

  test('approved, inside the approval delay: hold (the guard says too early)', async () => {
    for (const approver of desk.accounts.approvers) await guardWrite(clients, desk, approver, 'approve', [releaseId]);
    expect(await rules()).toEqual(['guard:ManifestGuardTooEarly', 'tooEarly']);
  });

  test('inside the window: release', async () => {
    await advance(clients, 3601);
    const result = await gate(params({ proxies: [desk.proxies.transparent.proxy] }));
    expect(result.reasons).toEqual([]);
    expect(result.decision).toBe('release');
    expect(result.lane).toBe('routine');
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
    expect(next.reasons.map((reason) => reason.rule)).toEqual(
      expect.arrayContaining(['phaseGateClosed', 'soakNotElapsed']),
    );
    expect(next.reasons[0]!.rule).toMatch(/^guard:ManifestGuard(SoakNotElapsed|PhaseGateClosed)$/);
  });

  test('a manifest the guard does not know: the guard rejects it, the gate says why', async () => {
    const unknown = { ...release.manifest, ticket: 'REL-42 never registered' };
    const result = await gate(params({ manifest: unknown }));
    expect(result.decision).toBe('reject');
    expect(result.reasons.map((reason) => reason.rule)).toEqual(
      expect.arrayContaining(['guard:ManifestGuardNoMatchingStep', 'notRegistered']),
    );
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
    expect(result.reasons.map((reason) => reason.rule)).toEqual([
      'guard:ManifestGuardRollbackNotReady',
      'rollbackNotReady',
    ]);
  });
});

describe('errors', () => {
  test('node down', async () => {
    const publicClient = createPublicClient({ transport: http('http://127.0.0.1:8579', { retryCount: 0 }) });
    const error = await gate(params({ chain: { publicClient, guard: desk.guard } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcUnreachableError);
    expect((error as Error).message).toContain('Could not reach http://127.0.0.1:8579: is the node running?');
  });
});
