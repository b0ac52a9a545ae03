import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Address, Hex } from 'viem';

import { upgradeRelease, upgradeRollback } from '../demo/releasePlan.js';
import { type LocalDesk, deskClients } from '../devnet/localDesk.js';
import {
  type AnvilInstance,
  type EvidencePacket,
  type Fork,
  anvilAccount,
  chainClients,
  type JsonValue,
  type Manifest,
  draftEvidence,
  evidenceHash,
  freePort,
  fromManifest,
  manifestId,
  openFork,
  rollbackAloneSummary,
  serializeReleasePackage,
  simulateRelease,
  simulateRollbackAlone,
  simulationSummary,
  toJson,
} from '../../src/node.js';

type SampleFiles = { path: string; evidencePath: string; manifestId: Hex };

export type WriteSamplePackagesReturnType = {
  /** REL-42: the two-phase release (Transparent canary, then UUPS and Beacon). */
  release: SampleFiles;
  /** RB-42: its rollback, registered (and approved) before the release can run. */
  rollback: SampleFiles;
};

/** What people add to a packet (the checklist and the sign-offs): the desk's sample says it for them. */
const reviewed = {
  invariants: [
    { name: 'the Safe owns every ProxyAdmin and beacon, before and after', category: 'permissions' },
    { name: 'pool and vault balances are unchanged by the upgrade', category: 'balances' },
  ],
  approvals: [{ approver: 'Arun (approver)', role: 'code review', reference: 'REL-42' }],
} satisfies Pick<EvidencePacket, 'invariants' | 'approvals'>;

/**
 * Writes the desk's sample release packages (REL-42 and its rollback RB-42, from `demo/releasePlan`) with their
 * complete evidence packets to `dir`, ready for `manifest-guard register` / `gate` / `execute` or the app's Assemble
 * import. Each packet is the one its package's `evidence` hash seals: the skeleton (`draftEvidence`), a sample
 * checklist and sign-off, and a real simulation on a fork of the desk (RB-42's calls run as the Safe; REL-42's
 * phases through the Safe and the guard, then the rollback rehearsal). Files from an earlier start are replaced.
 *
 * @example
 * const { release } = await writeSamplePackages(desk, '/tmp/manifest-guard-desk', now);
 */
export async function writeSamplePackages(
  desk: LocalDesk,
  dir: string,
  now: bigint,
  anvil?: AnvilInstance,
): Promise<WriteSamplePackagesReturnType> {
  await mkdir(dir, { recursive: true });
  // Before anything else uses the desk's own chain, it is its own fork: a snapshot, the simulations, then the revert
  // (no second Anvil that would fetch every account and slot from the first over RPC).
  const inPlace = anvil && (await inPlaceFork(desk, anvil));
  const fork = inPlace?.fork ?? (await openFork({ rpcUrl: desk.rpcUrl, port: await freePort() }));
  try {
    const rollback = await sealedRollback(desk, fork, now);
    const rollbackId = manifestId({ manifest: rollback.manifest, chainId: desk.chainId, guard: desk.guard });
    const release = await sealedRelease(desk, fork, now, rollback.manifest, rollbackId);
    const files = {
      rollback: { path: join(dir, 'rb-42.rollback.json'), evidencePath: join(dir, 'rb-42.evidence.json') },
      release: { path: join(dir, 'rel-42.release.json'), evidencePath: join(dir, 'rel-42.evidence.json') },
    };
    const context = { chainId: desk.chainId, safe: desk.safe, guard: desk.guard };
    await writeFile(
      files.rollback.path,
      serializeReleasePackage(
        fromManifest({ manifest: rollback.manifest, ...context, title: 'RB-42 every proxy back to v1' }),
      ),
    );
    await writeFile(files.rollback.evidencePath, `${JSON.stringify(rollback.evidence, null, 2)}\n`);
    await writeFile(
      files.release.path,
      serializeReleasePackage(
        fromManifest({
          manifest: release.manifest,
          ...context,
          title: 'REL-42 pool and vault v2',
          description: 'Canary: the Transparent pool to v2 (1 h soak). Then the UUPS vault and the Beacon pools.',
        }),
      ),
    );
    await writeFile(files.release.evidencePath, `${JSON.stringify(release.evidence, null, 2)}\n`);
    return {
      release: {
        ...files.release,
        manifestId: manifestId({ manifest: release.manifest, chainId: desk.chainId, guard: desk.guard }),
      },
      rollback: { ...files.rollback, manifestId: rollbackId },
    };
  } finally {
    if (inPlace) await inPlace.revert();
    else await fork.anvil.stop();
  }
}

/** The desk's chain as a fork of itself: everything the simulations do is undone by `revert`. */
async function inPlaceFork(
  desk: LocalDesk,
  anvil: AnvilInstance,
): Promise<{ fork: Fork; revert: () => Promise<void> }> {
  const clients = chainClients(desk.rpcUrl, desk.chainId, {
    name: 'Local desk (simulation)',
    account: anvilAccount(9),
  });
  const snapshot = await clients.testClient.snapshot();
  return {
    fork: { anvil, clients, chainId: desk.chainId, forkedFrom: desk.rpcUrl },
    revert: async () => {
      await clients.testClient.revert({ id: snapshot });
    },
  };
}

type Sealed = { manifest: Manifest; evidence: EvidencePacket };

/** The desk's proxies, in the order they are upgraded and rolled back. */
const proxiesOf = (desk: LocalDesk): Address[] => [
  desk.proxies.transparent.proxy,
  desk.proxies.uups.proxy,
  desk.proxies.beacon.proxy,
];

async function skeleton(desk: LocalDesk, manifest: Manifest, implementations: Address[]): Promise<EvidencePacket> {
  return draftEvidence({
    client: deskClients(desk.rpcUrl, desk.chainId).publicClient,
    ticket: manifest.ticket,
    implementations,
    phases: manifest.phases,
    ...(manifest.kind === 0 ? { rollbackManifestId: manifest.rollback } : {}),
    owners: desk.accounts.owners.map((owner) => owner.address),
    proxies: proxiesOf(desk),
    thresholds: { routine: desk.guardConfig.routineThreshold, privileged: desk.guardConfig.privilegedThreshold },
    window: { notBefore: manifest.notBefore, expiry: manifest.expiry },
  });
}

/** RB-42 with its evidence: its calls run as the Safe on the fork (then the fork is put back). */
async function sealedRollback(desk: LocalDesk, fork: Fork, now: bigint): Promise<Sealed> {
  const draft = upgradeRollback(desk, now);
  const evidence = await skeleton(desk, draft, [desk.implementations.poolV1, desk.implementations.vaultV1]);
  const snapshot = await fork.clients.testClient.snapshot();
  const alone = await simulateRollbackAlone({
    fork,
    manifest: draft,
    safe: desk.safe,
    guard: desk.guard,
    multiSendCallOnly: desk.guardConfig.multiSendCallOnly,
    proxies: proxiesOf(desk),
  });
  await fork.clients.testClient.revert({ id: snapshot });
  const packet = { ...evidence, ...reviewed, simulation: toJson(rollbackAloneSummary(alone)) as JsonValue };
  const sealed = packet as EvidencePacket;
  return { manifest: { ...draft, evidence: evidenceHash(sealed) }, evidence: sealed };
}

/** REL-42 with its evidence: both phases through the Safe and the guard on the fork, then the rollback rehearsal. */
async function sealedRelease(
  desk: LocalDesk,
  fork: Fork,
  now: bigint,
  rollback: Manifest,
  rollbackId: Hex,
): Promise<Sealed> {
  const draft = upgradeRelease(desk, now, rollbackId);
  const evidence = await skeleton(desk, draft, [desk.implementations.poolV2, desk.implementations.vaultV2]);
  const common = {
    fork,
    safe: desk.safe,
    guard: desk.guard,
    executor: desk.accounts.executor.address,
    proxies: proxiesOf(desk),
  };
  const { reports, rehearsal } = await simulateRelease({
    ...common,
    manifest: draft,
    rollbackManifest: rollback,
    phases: [...draft.phases.keys()],
  });
  const summary = simulationSummary({
    forkedFrom: desk.rpcUrl,
    chainId: desk.chainId,
    manifestId: manifestId({ manifest: draft, chainId: desk.chainId, guard: desk.guard }),
    reports,
    phases: draft.phases.length,
    ...(rehearsal ? { rehearsal } : {}),
  });
  const sealed = { ...evidence, ...reviewed, simulation: toJson(summary) as JsonValue } as EvidencePacket;
  return { manifest: { ...draft, evidence: evidenceHash(sealed) }, evidence: sealed };
}
