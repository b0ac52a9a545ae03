import { type Address, type Hex, encodeFunctionData } from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { RpcUnreachableError } from '../authority/errors.js';
import {
  call,
  manifest as manifestOf,
  phase,
  setFee,
  upgradeRelease,
  upgradeRollback,
} from '../../devkit/demo/releasePlan.js';
import { type AnvilInstance, startAnvil } from '../fork/anvil.js';
import { type DeskClients, type LocalDesk, deployLocalDesk, deskClients } from '../../devkit/devnet/localDesk.js';
import { registerOnDesk } from '../../devkit/fixtures/deskFixtures.js';
import { withEvidence } from '../gate/testFixtures.js';
import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { type Manifest, ManifestKind } from '../guard/manifest.js';
import { manifestId } from '../hashing/manifestId.js';
import { proxyAdminAbi } from '../generated/index.js';
import { canonicalJson } from '../package/canonicalJson.js';
import { eip1967Slots } from '../proxy/slots.js';
import { SimulationError } from './errors.js';
import { type Fork, openFork } from './fork.js';
import { rehearseRollback } from './rehearseRollback.js';
import { reportHash } from './reportHash.js';
import { type SimulationReport, simulatePhase, stateBefore } from './simulatePhase.js';

/** Several Anvil chains run at once when the whole suite runs: give each step room. */
vi.setConfig({ testTimeout: 60_000 });

let anvil: AnvilInstance;
let fork: Fork | undefined;
let desk: LocalDesk;
let clients: DeskClients;
let release: Manifest;
let rollback: Manifest;
let releaseId: Hex;
let proxies: Address[];
let report: SimulationReport;

const chainA = async () => ({
  implementation: await clients.publicClient.getStorageAt({
    address: desk.proxies.transparent.proxy,
    slot: eip1967Slots.implementation,
  }),
  cursor: await clients.publicClient.readContract({
    address: desk.guard,
    abi: manifestGuardAbi,
    functionName: 'getManifest',
    args: [releaseId],
  }),
});
let chainABefore: Awaited<ReturnType<typeof chainA>>;

beforeAll(async () => {
  anvil = await startAnvil({ port: 8572 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  const now = (await clients.publicClient.getBlock()).timestamp;
  rollback = withEvidence(upgradeRollback(desk, now)).manifest;
  const rollbackId = await registerOnDesk(clients, desk, rollback);
  release = withEvidence(upgradeRelease(desk, now, rollbackId)).manifest;
  releaseId = await registerOnDesk(clients, desk, release);
  proxies = [desk.proxies.transparent.proxy, desk.proxies.uups.proxy, desk.proxies.beacon.proxy];
  chainABefore = await chainA();
}, 120_000);

afterAll(async () => {
  await fork?.anvil.stop();
  await anvil?.stop();
});

const common = () => ({
  safe: desk.safe,
  guard: desk.guard,
  executor: desk.accounts.executor.address,
  proxies,
});

describe('on a fork of the local desk', () => {
  test('phase 0: success, implementation slot changed, drift rejected', async () => {
    fork = await openFork({ rpcUrl: anvil.rpcUrl, port: 8573 });
    report = await simulatePhase({ fork, manifest: release, phase: 0, ...common() });
    expect(report.success).toBe(true);
    expect(report.manifestId).toBe(releaseId);
    expect(report.perStep).toHaveLength(1);
    const [step] = report.perStep;
    expect(step).toMatchObject({ phase: 0, step: 0, reverted: false, guardError: null });
    expect(step!.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(Number(step!.gasUsed)).toBeGreaterThan(21_000);
    expect(step!.events.map((event) => event.name)).toEqual(
      expect.arrayContaining(['Upgraded', 'StepExecuted', 'PhaseCompleted', 'ExecutionSuccess']),
    );
    const transparent = report.slots[desk.proxies.transparent.proxy]!;
    expect(transparent.before.implementation).toBe(desk.implementations.poolV1);
    expect(transparent.after.implementation).toBe(desk.implementations.poolV2);
    expect(transparent.after.admin).toBe(desk.proxies.transparent.proxyAdmin);
    expect(report.slots[desk.proxies.uups.proxy]!.after.implementation).toBe(desk.implementations.vaultV1);
    expect(report.driftRejected).toMatchObject({ phase: 0, step: 0, rejected: true });
    expect(report.driftRejected!.guardError).toMatch(/^ManifestGuardNoMatchingStep\(/);
    expect(report.gainedAuthority).toEqual([]);
    expect(report.authority.after.findings).toEqual([]);
    expect(report.notes.join('\n')).toContain("advanced the fork's clock");
    expect(JSON.parse(canonicalJson(report))).toBeTypeOf('object');
    expect(reportHash(report)).toMatch(/^0x[0-9a-f]{64}$/);
  }, 120_000);

  test('rollback rehearsal: the slots come back', async () => {
    const rehearsal = await rehearseRollback({
      fork: fork!,
      release,
      rollback,
      ...common(),
      baseline: stateBefore(report),
    });
    expect(rehearsal.perStep).toHaveLength(3);
    expect(rehearsal.differences).toEqual([]);
    expect(rehearsal.restored).toBe(true);
    expect(rehearsal.after.slots[desk.proxies.transparent.proxy]!.implementation).toBe(desk.implementations.poolV1);
    expect(reportHash(rehearsal)).toMatch(/^0x[0-9a-f]{64}$/);
  }, 120_000);

  test('the original chain is unchanged', async () => {
    expect(await chainA()).toEqual(chainABefore);
  });

  test('a later phase on its own fork: earlier phase, soak and "continue" first', async () => {
    const later = await simulatePhase({
      rpcUrl: anvil.rpcUrl,
      forkPort: 8574,
      manifest: release,
      phase: 1,
      ...common(),
    });
    expect(later.success).toBe(true);
    expect(later.perStep.map((step) => [step.phase, step.step])).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
    ]);
    expect(later.notes.join('\n')).toContain('attested "continue" for phase 1');
    expect(later.driftRejected).toMatchObject({ phase: 1, step: 0, rejected: true });
    expect(later.slots[desk.proxies.beacon.proxy]!.after.beaconImplementation).toBe(desk.implementations.poolV2);
    expect(await chainA()).toEqual(chainABefore);
  }, 120_000);

  test('rollback rehearsal on its own fork runs the release first', async () => {
    const rehearsal = await rehearseRollback({ rpcUrl: anvil.rpcUrl, forkPort: 8575, release, rollback, ...common() });
    expect(rehearsal.releasePhasesRun).toEqual([0, 1]);
    expect(rehearsal.restored).toBe(true);
  }, 120_000);

  test('a phase that hands the ProxyAdmin to an account: registered on the fork, gained authority', async () => {
    const now = (await clients.publicClient.getBlock()).timestamp;
    const { transparent } = desk.proxies;
    const eoa = desk.accounts.deployer.address;
    const rb = withEvidence(
      manifestOf({
        kind: ManifestKind.Rollback,
        ticket: 'RB-99',
        now,
        window: 60n * 86_400n,
        phases: [phase([setFee(transparent.proxy, 30n)])],
      }),
    ).manifest;
    const rel = withEvidence(
      manifestOf({
        kind: ManifestKind.Release,
        ticket: 'REL-99 hand over the ProxyAdmin',
        now,
        rollback: manifestId({ manifest: rb, chainId: desk.chainId, guard: desk.guard }),
        phases: [
          phase([
            call(
              transparent.proxyAdmin,
              encodeFunctionData({ abi: proxyAdminAbi, functionName: 'transferOwnership', args: [eoa] }),
            ),
          ]),
        ],
      }),
    ).manifest;
    const handover = await simulatePhase({
      rpcUrl: anvil.rpcUrl,
      forkPort: 8578,
      manifest: rel,
      rollbackManifest: rb,
      phase: 0,
      ...common(),
    });
    expect(handover.success).toBe(true);
    expect(handover.notes.join('\n')).toMatch(/registered 0x[0-9a-f]{64} on the fork as proposer/);
    expect(handover.gainedAuthority).toEqual([
      { contract: transparent.proxy, via: 'proxyAdmin', address: eoa },
      { contract: transparent.proxyAdmin, via: 'owner', address: eoa },
    ]);
    expect(
      handover.authorityChanges.findings.map((finding) => [finding.kind, finding.contract, finding.holder]),
    ).toEqual([
      ['authorityLeftSafe', transparent.proxy, transparent.proxyAdmin],
      ['authorityLeftSafe', transparent.proxyAdmin, eoa],
    ]);
    expect(handover.authority.lost).toEqual([{ proxy: transparent.proxy, via: 'proxyAdmin', address: desk.safe }]);
    // The authority map also says who the new holder is: an account, whose key alone can upgrade the proxy.
    expect(handover.authority.after.findings).toEqual([
      expect.objectContaining({ proxy: transparent.proxy, kind: 'authorityNotSafe' }),
      expect.objectContaining({ proxy: transparent.proxy, kind: 'holderIsEoa' }),
    ]);
    expect(await chainA()).toEqual(chainABefore);
  }, 120_000);
});

describe('errors', () => {
  test('node down', async () => {
    const error = await simulatePhase({
      rpcUrl: 'http://127.0.0.1:8579',
      forkPort: 8576,
      manifest: release,
      phase: 0,
      ...common(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcUnreachableError);
    expect((error as Error).message).toContain('Could not reach http://127.0.0.1:8579: is the node running?');
  });

  test('no such phase', async () => {
    await expect(
      simulatePhase({ rpcUrl: anvil.rpcUrl, forkPort: 8577, manifest: release, phase: 5, ...common() }),
    ).rejects.toThrow(SimulationError);
  }, 60_000);
});
