import SafeApiKit from '@safe-global/api-kit';
import { type Hex, keccak256, stringToHex } from 'viem';

import {
  feeCheck,
  manifest,
  phase,
  setFee,
  upgradeRelease,
  upgradeRollback,
} from '../../../shared/devkit/demo/releasePlan.js';
import { execSafeTransaction, type DeskClients, type LocalDesk } from '../../../shared/devkit/devnet/localDesk.js';
import { advance, guardWrite, registerOnDesk } from '../../../shared/devkit/fixtures/deskFixtures.js';
import {
  type Manifest,
  ManifestKind,
  confirmSafeTransaction,
  executeQueued,
  proposeSafeTransaction,
} from '../../../shared/src/index.js';

/** A release of two phases (the second of two steps or more) and its rollback, as of the chain's time `now`. */
export type IncidentPlan = (
  desk: LocalDesk,
  now: bigint,
) => { rollback: Manifest; release: (rollback: Hex) => Manifest };

/** REL-42 and RB-42, the sample upgrade (proxies to v2 and back): once per chain (v2's initializer runs once). */
export const upgradeIncident: IncidentPlan = (desk, now) => ({
  rollback: upgradeRollback(desk, now),
  release: (rollback) => upgradeRelease(desk, now, rollback),
});

/** REL-45 and RB-45: fees raised on both pools and back, repeatable on the same chain. */
export const feeIncident: IncidentPlan = (desk, now) => {
  const { transparent, beacon } = desk.proxies;
  return {
    rollback: manifest({
      kind: ManifestKind.Rollback,
      ticket: 'RB-45 fees back to 30 bps',
      window: 60n * 86_400n,
      now,
      phases: [phase([setFee(transparent.proxy, 30n), setFee(beacon.proxy, 30n)], [feeCheck(transparent.proxy, 30n)])],
    }),
    release: (rollback) =>
      manifest({
        kind: ManifestKind.Release,
        ticket: 'REL-45 fees 60 bps',
        now,
        rollback,
        phases: [
          phase([setFee(transparent.proxy, 60n)], [feeCheck(transparent.proxy, 60n)], 3600n),
          phase([setFee(beacon.proxy, 60n), setFee(transparent.proxy, 61n)]),
        ],
      }),
  };
};

/** What `haltedRelease` leaves behind. */
export type HaltedReleaseFixture = {
  releaseId: Hex;
  rollbackId: Hex;
  /** Phase 2's second step, queued behind the executed first (nonce 3 on a new desk): dead once halted. */
  deadStep: { safeTxHash: Hex; nonce: bigint };
};

/**
 * The incident for tests (Co-sign's incident path), set up with the library and the desk's accounts: a release (by
 * default REL-42, the sample upgrade) and its rollback registered and approved, phase 1 executed, "continue" attested after the soak, phase 2's two steps
 * proposed to the Transaction Service at nonces 2 and 3, nonce 2 co-signed and executed, then the guardian halts
 * REL-42: the Safe is at nonce 3, where the release's second step of phase 2 waits and can never execute.
 *
 * @example
 * const { rollbackId, deadStep } = await haltedRelease(clients, desk, txServiceUrl);
 */
export async function haltedRelease(
  clients: DeskClients,
  desk: LocalDesk,
  txServiceUrl: string,
  plan: IncidentPlan = upgradeIncident,
): Promise<HaltedReleaseFixture> {
  const apiKit = new SafeApiKit({ chainId: BigInt(desk.chainId), txServiceUrl });
  const [owner0, owner1] = desk.accounts.owners;
  const now = (await clients.publicClient.getBlock()).timestamp;
  const manifests = plan(desk, now);
  const rollbackId = await registerOnDesk(clients, desk, manifests.rollback);
  const release = manifests.release(rollbackId);
  const releaseId = await registerOnDesk(clients, desk, release);
  await advance(clients, 3601); // the routine lane's delay after approval
  const canary = release.phases[0]!.steps[0]!;
  await execSafeTransaction(clients, {
    safe: desk.safe,
    ...canary,
    operation: canary.operation === 1 ? 1 : 0,
    owners: [owner0, owner1],
    sender: desk.accounts.executor,
  });
  await advance(clients, 3601); // phase 1's soak
  const metrics = keccak256(stringToHex('error rate 0, reserves unchanged'));
  await guardWrite(clients, desk, desk.accounts.approvers[0], 'attestContinue', [releaseId, 1n, metrics]);
  const proposed: { safeTxHash: Hex; nonce: bigint }[] = [];
  for (const step of release.phases[1]!.steps) {
    const { safeTxHash, transaction } = await proposeSafeTransaction({
      apiKit,
      chainId: desk.chainId,
      safe: desk.safe,
      call: step,
      signer: owner0,
    });
    proposed.push({ safeTxHash, nonce: transaction.nonce });
  }
  await confirmSafeTransaction({ apiKit, chainId: desk.chainId, safeTxHash: proposed[0]!.safeTxHash, signer: owner1 });
  await executeQueued({ apiKit, clients, safeTxHash: proposed[0]!.safeTxHash, executor: desk.accounts.executor });
  await guardWrite(clients, desk, desk.accounts.guardian, 'halt', [releaseId]);
  return { releaseId, rollbackId, deadStep: proposed[1]! };
}
