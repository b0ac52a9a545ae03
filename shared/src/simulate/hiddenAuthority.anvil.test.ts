import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Address, type Hex, encodeFunctionData, getAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { cli } from '../../../test/cli/cli.js';
import { call, implementationCodeHashChecks, manifest as manifestOf, phase } from '../../devkit/demo/releasePlan.js';
import { type AnvilInstance, startAnvil } from '../fork/anvil.js';
import { type DeskClients, type LocalDesk, deployLocalDesk, deskClients } from '../../devkit/devnet/localDesk.js';
import { advance, registerOnDesk } from '../../devkit/fixtures/deskFixtures.js';
import { gate } from '../gate/gate.js';
import { withEvidence } from '../gate/testFixtures.js';
import { proxyAdminAbi, upgradeableBeaconAbi } from '../generated/index.js';
import { type Manifest, ManifestKind } from '../guard/manifest.js';
import type { EvidencePacket } from '../package/evidencePacket.js';
import { fromManifest } from '../package/fromManifest.js';
import { serializeReleasePackage } from '../package/serializeReleasePackage.js';
import { encodeMultiSend } from '../safe/multiSend.js';
import { multiSendAbi } from '../generated/safe.js';
import { type Fork, openFork } from './fork.js';
import { rehearseRollback } from './rehearseRollback.js';
import { type SimulationReport, simulatePhase, stateBefore } from './simulatePhase.js';

/**
 * "Proxy admin ambiguity": a Beacon upgrade in a MultiSend batch that also hands the Transparent proxy's ProxyAdmin
 * to an outside address. The lane is privileged (transferOwnership), so once the privileged delay has passed only
 * the authority checks stand between the batch and the chain.
 */
vi.setConfig({ testTimeout: 180_000 });

const outsider = getAddress('0x000000000000000000000000000000000000bEEF');

let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
let fork: Fork | undefined;
let dir: string;
let release: { manifest: Manifest; evidence: EvidencePacket };
let rollback: { manifest: Manifest; evidence: EvidencePacket };
let batchStep: { to: Address; value: bigint; data: Hex; operation: number };
let report: SimulationReport;

beforeAll(async () => {
  anvil = await startAnvil({ port: 8580 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  dir = await mkdtemp(join(tmpdir(), 'manifest-guard-hidden-authority-'));
  const { beacon, transparent } = desk.proxies;
  const now = (await clients.publicClient.getBlock()).timestamp;
  rollback = withEvidence(
    manifestOf({
      kind: ManifestKind.Rollback,
      ticket: 'RB-51 beacon back to v1',
      now,
      window: 60n * 86_400n,
      phases: [
        phase(
          [
            call(
              beacon.beacon,
              encodeFunctionData({
                abi: upgradeableBeaconAbi,
                functionName: 'upgradeTo',
                args: [desk.implementations.poolV1],
              }),
            ),
          ],
          implementationCodeHashChecks(desk, ['poolV1']),
        ),
      ],
    }),
  );
  const rollbackId = await registerOnDesk(clients, desk, rollback.manifest);
  batchStep = {
    to: desk.safeContracts['1.5.0'].MultiSendCallOnly,
    value: 0n,
    operation: 1,
    data: encodeFunctionData({
      abi: multiSendAbi,
      functionName: 'multiSend',
      args: [
        encodeMultiSend([
          call(
            beacon.beacon,
            encodeFunctionData({
              abi: upgradeableBeaconAbi,
              functionName: 'upgradeTo',
              args: [desk.implementations.poolV2],
            }),
          ),
          call(
            transparent.proxyAdmin,
            encodeFunctionData({ abi: proxyAdminAbi, functionName: 'transferOwnership', args: [outsider] }),
          ),
        ]),
      ],
    }),
  };
  release = withEvidence(
    manifestOf({
      kind: ManifestKind.Release,
      ticket: 'REL-51 beacon pools v2',
      now,
      rollback: rollbackId,
      // Every upgrade step's phase carries a code-hash check of its implementation (else the gate holds).
      phases: [phase([batchStep], implementationCodeHashChecks(desk, ['poolV2']))],
    }),
  );
  await registerOnDesk(clients, desk, release.manifest);
  await advance(clients, 86_401);
  const pkg = fromManifest({
    manifest: release.manifest,
    chainId: desk.chainId,
    safe: desk.safe,
    guard: desk.guard,
    title: 'Beacon pools v2',
  });
  const rollbackPkg = fromManifest({
    manifest: rollback.manifest,
    chainId: desk.chainId,
    safe: desk.safe,
    guard: desk.guard,
    title: 'Beacon pools back to v1',
  });
  await writeFile(join(dir, 'release.json'), serializeReleasePackage(pkg));
  await writeFile(join(dir, 'rollback.json'), serializeReleasePackage(rollbackPkg));
  await writeFile(join(dir, 'evidence.json'), JSON.stringify(release.evidence, null, 2));
}, 180_000);

afterAll(async () => {
  await fork?.anvil.stop();
  await anvil?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const file = (name: string) => join(dir, name);

describe('a Beacon upgrade batched with transferOwnership of the ProxyAdmin to an outsider', () => {
  test('gate: privileged lane, delay passed, and still hold: the ProxyAdmin leaves the Safe', async () => {
    const result = await gate({
      manifest: release.manifest,
      evidence: release.evidence,
      proposed: batchStep,
      chainId: desk.chainId,
      safe: desk.safe,
      executor: desk.accounts.executor.address,
      chain: { publicClient: clients.publicClient, guard: desk.guard },
    });
    expect(result.lane).toBe('privileged');
    expect(result.decision).toBe('hold');
    expect(result.reasons).toEqual([
      {
        rule: 'authority:authorityLeftSafe',
        decision: 'hold',
        message: expect.stringContaining(`The owner() of ${desk.proxies.transparent.proxyAdmin} leaves the Safe`),
        values: {
          contract: desk.proxies.transparent.proxyAdmin,
          via: 'owner',
          role: null,
          holder: outsider,
          authority: outsider,
          authorityBefore: [desk.safe],
        },
      },
    ]);
    expect(result.authorityEffects!.contracts).toEqual(
      expect.arrayContaining([desk.proxies.beacon.beacon, desk.proxies.transparent.proxyAdmin]),
    );
    expect(result.authorityEffects!.gained).toEqual([
      { contract: desk.proxies.transparent.proxyAdmin, via: 'owner', address: outsider },
    ]);
    // The chain itself is untouched: the batch ran on a fork.
    const owner = await clients.publicClient.readContract({
      address: desk.proxies.transparent.proxyAdmin,
      abi: proxyAdminAbi,
      functionName: 'owner',
    });
    expect(owner).toBe(desk.safe);
  });

  test('simulate: the OwnershipTransferred event, the gained authority and the finding agree', async () => {
    fork = await openFork({ rpcUrl: anvil.rpcUrl, port: 8581 });
    report = await simulatePhase({
      fork,
      manifest: release.manifest,
      rollbackManifest: rollback.manifest,
      phase: 0,
      safe: desk.safe,
      guard: desk.guard,
      executor: desk.accounts.executor.address,
      proxies: [desk.proxies.beacon.proxy],
    });
    expect(report.success).toBe(true);
    const transfer = report.perStep[0]!.events.find((event) => event.name === 'OwnershipTransferred');
    expect(transfer).toMatchObject({
      address: desk.proxies.transparent.proxyAdmin.toLowerCase(),
      args: { previousOwner: desk.safe, newOwner: outsider },
    });
    expect(report.gainedAuthority).toEqual([
      { contract: desk.proxies.transparent.proxyAdmin, via: 'owner', address: outsider },
    ]);
    expect(report.authorityChanges.emitters).toEqual(expect.arrayContaining([desk.proxies.transparent.proxyAdmin]));
    expect(report.authorityChanges.findings.map((finding) => [finding.kind, finding.contract, finding.holder])).toEqual(
      [['authorityLeftSafe', desk.proxies.transparent.proxyAdmin, outsider]],
    );
    expect(report.slots[desk.proxies.beacon.proxy]!.after.beaconImplementation).toBe(desk.implementations.poolV2);
  });

  test('rollback rehearsal: the beacon comes back, the ProxyAdmin does not: not restored', async () => {
    const rehearsal = await rehearseRollback({
      fork: fork!,
      release: release.manifest,
      rollback: rollback.manifest,
      safe: desk.safe,
      guard: desk.guard,
      executor: desk.accounts.executor.address,
      proxies: [desk.proxies.beacon.proxy],
      baseline: stateBefore(report),
    });
    expect(rehearsal.perStep.map((step) => step.reverted)).toEqual([false]);
    expect(rehearsal.after.slots[desk.proxies.beacon.proxy]!.beaconImplementation).toBe(desk.implementations.poolV1);
    expect(rehearsal.restored).toBe(false);
    expect(rehearsal.differences).toEqual([
      { what: `${desk.proxies.transparent.proxyAdmin} owner()`, before: desk.safe, after: outsider },
    ]);
    expect(rehearsal.authorityChanges.findings).toEqual([
      expect.objectContaining({
        kind: 'authorityLeftSafe',
        contract: desk.proxies.transparent.proxyAdmin,
        holder: outsider,
      }),
    ]);
  });

  test('the CLI: gate holds offline and online, authority shows the after-state, simulate exits 1', async () => {
    const rpc = ['--rpc', anvil.rpcUrl];
    const [offline, online, authority, simulate] = await Promise.all([
      cli(['gate', '--package', file('release.json'), '--evidence', file('evidence.json'), '--json']),
      cli(['gate', ...rpc, '--package', file('release.json'), '--evidence', file('evidence.json'), '--json']),
      cli(['authority', ...rpc, '--package', file('release.json'), '--json']),
      cli([
        'simulate',
        ...rpc,
        '--package',
        file('release.json'),
        '--rollback-package',
        file('rollback.json'),
        '--json',
      ]),
    ]);

    expect(offline.stderr).toBe('');
    expect(offline.code).toBe(1);
    expect(offline.json).toMatchObject({ decision: 'hold', offline: true, chain: null, authorityEffects: null });
    expect(offline.json.reasons[0]).toMatchObject({ rule: 'offline', decision: 'hold' });

    expect(online.code).toBe(1);
    expect(online.json).toMatchObject({
      decision: 'hold',
      lane: 'privileged',
      offline: false,
      chain: { chainId: desk.chainId, guard: desk.guard, safe: desk.safe },
    });
    expect(online.json.chain.blockNumber).toBeGreaterThan(0);
    expect(online.json.chain.blockHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(online.json.reasons.map((reason: { rule: string }) => reason.rule)).toEqual(['authority:authorityLeftSafe']);

    expect(authority.code).toBe(1);
    expect(authority.json.findings).toEqual([]);
    expect(authority.json.after.steps).toEqual(['0.0']);
    expect(authority.json.after.holdings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ contract: desk.proxies.transparent.proxyAdmin, via: 'owner', holders: [outsider] }),
      ]),
    );
    expect(authority.json.changes.findings).toEqual([
      expect.objectContaining({
        kind: 'authorityLeftSafe',
        contract: desk.proxies.transparent.proxyAdmin,
        holder: outsider,
      }),
    ]);

    expect(simulate.code).toBe(1);
    expect(simulate.json.phases[0]).toMatchObject({
      success: true,
      gainedAuthority: 1,
      authorityFindings: [
        { kind: 'authorityLeftSafe', contract: desk.proxies.transparent.proxyAdmin, holder: outsider },
      ],
    });
    expect(simulate.json.rollbackRehearsal).toMatchObject({ restored: false, differences: 1 });
  });
});
