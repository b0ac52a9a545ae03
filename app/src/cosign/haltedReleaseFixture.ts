import SafeApiKit from '@safe-global/api-kit';
import { type Hex, keccak256, stringToHex } from 'viem';

import { upgradeRelease, upgradeRollback } from '../../../shared/devkit/demo/releasePlan.js';
import { execSafeTransaction, type DeskClients, type LocalDesk } from '../../../shared/devkit/devnet/localDesk.js';
import { advance, guardWrite, registerOnDesk } from '../../../shared/devkit/fixtures/deskFixtures.js';
import { confirmSafeTransaction, executeQueued, proposeSafeTransaction } from '../../../shared/src/index.js';

/** What `haltedRelease` leaves behind. */
export type HaltedReleaseFixture = {
  releaseId: Hex;
  rollbackId: Hex;
  /** Phase 2's second step, queued at nonce 3 behind the executed first: dead once the release is halted. */
  deadStep: { safeTxHash: Hex; nonce: bigint };
};

/**
 * The incident for tests (Co-sign's incident path), set up with the library and the desk's accounts: REL-42 and its
 * rollback RB-42 registered and approved, phase 1 executed, "continue" attested after the soak, phase 2's two steps
 * proposed to the Transaction Service at nonces 2 and 3, nonce 2 co-signed and executed, then the guardian halts
 * REL-42: the Safe is at nonce 3, where REL-42's second step waits and can never execute.
 *
 * @example
 * const { rollbackId, deadStep } = await haltedRelease(clients, desk, txServiceUrl);
 */
export async function haltedRelease(
  clients: DeskClients,
  desk: LocalDesk,
  txServiceUrl: string,
): Promise<HaltedReleaseFixture> {
  const apiKit = new SafeApiKit({ chainId: BigInt(desk.chainId), txServiceUrl });
  const [owner0, owner1] = desk.accounts.owners;
  const now = (await clients.publicClient.getBlock()).timestamp;
  const rollbackId = await registerOnDesk(clients, desk, upgradeRollback(desk, now));
  const release = upgradeRelease(desk, now, rollbackId);
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
