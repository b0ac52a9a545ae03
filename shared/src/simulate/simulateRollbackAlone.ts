import type { Address, Hex } from 'viem';

import { type AuthorityChanges, authorityChanges } from '../authority/authorityChanges.js';
import { touchedContracts } from '../authority/touchedContracts.js';
import type { Manifest } from '../guard/manifest.js';
import { manifestId } from '../hashing/manifestId.js';
import { type Fork, ownBlock } from './fork.js';
import { reportHash } from './reportHash.js';
import { runAsSafe } from './runAsSafe.js';
import { type StateDifference, type StateSnapshot, compareState, readState } from './stateSnapshot.js';

export type SimulateRollbackAloneParameters = {
  fork: Fork;
  /** The Rollback manifest. */
  manifest: Manifest;
  safe: Address;
  guard: Address;
  /** The Safe's MultiSendCallOnly (a delegatecall step to anything else fails the simulation). */
  multiSendCallOnly: Address;
  /** The proxies whose slots and authority are read before and after. */
  proxies: readonly Address[];
  /** Authorities the team expects besides the Safe. */
  declared?: readonly Address[];
};

/** What a Rollback's calls do to the current state, run as the Safe. */
export type RollbackAloneReport = {
  forkedFrom: string;
  chainId: number;
  manifestId: Hex;
  /** Every call ran without a revert. */
  success: boolean;
  /** Why it stopped, when it did. */
  error: string | null;
  calls: number;
  txHashes: Hex[];
  /** What differs between the state before and after (slots, owners, authorities). */
  differences: StateDifference[];
  authorityChanges: AuthorityChanges;
  /** The guard's rule that keeps this run from going through the guard, in a sentence. */
  note: string;
};

/**
 * A Rollback on its own, before its release exists on chain: the guard runs a Rollback only once its Release
 * started, so here its calls run on the fork as the Safe makes them (the guard not consulted) to show what they do
 * to the current state: that none reverts, which slots and authorities change, and whether authority leaves the
 * Safe. The rehearsal through the guard (release first, then the rollback restores the state) runs with the
 * release (`rehearseRollback`) and is recorded in the release's evidence.
 *
 * @example
 * const report = await simulateRollbackAlone({ fork, manifest: rollback, safe, guard, multiSendCallOnly, proxies });
 */
export async function simulateRollbackAlone(parameters: SimulateRollbackAloneParameters): Promise<RollbackAloneReport> {
  const { fork, manifest, safe, guard, proxies } = parameters;
  const { clients } = fork;
  await ownBlock(clients);
  const before: StateSnapshot = await readState({ publicClient: clients.publicClient, proxies, safe });
  const steps = manifest.phases.flatMap((phase) => phase.steps);
  const run = await runAsSafe({ clients, safe, calls: steps, multiSendCallOnly: parameters.multiSendCallOnly });
  const after = await readState({ publicClient: clients.publicClient, proxies, safe });
  const changes = await authorityChanges({
    publicClient: clients.publicClient,
    safe,
    contracts: [...proxies, ...touchedContracts(steps, safe)],
    fromBlock: BigInt(before.blockNumber),
    toBlock: BigInt(after.blockNumber),
    declared: parameters.declared,
  });
  return {
    forkedFrom: fork.forkedFrom,
    chainId: fork.chainId,
    manifestId: manifestId({ manifest, chainId: fork.chainId, guard }),
    success: !run.reverted,
    error: run.error,
    calls: run.txHashes.length,
    txHashes: run.txHashes,
    differences: compareState(before, after),
    authorityChanges: changes,
    note:
      'Run as the Safe, the guard not consulted: the guard runs a Rollback only once its Release started. The ' +
      "rehearsal through the guard runs with the release (simulate the release with --rollback-package) and is in the release's evidence.",
  };
}

/**
 * What an evidence packet's `simulation` records of a Rollback run on its own: its outcome, the hash of the full
 * report, how many state differences it makes and its authority findings.
 *
 * @example
 * packet.simulation = toJson(rollbackAloneSummary(report));
 */
export function rollbackAloneSummary(report: RollbackAloneReport) {
  return {
    forkedFrom: report.forkedFrom,
    chainId: report.chainId,
    manifestId: report.manifestId,
    success: report.success,
    runAs: 'safe' as const,
    calls: report.calls,
    error: report.error,
    reportHash: reportHash(report),
    differences: report.differences.length,
    authorityFindings: report.authorityChanges.findings.map((finding) => ({
      kind: finding.kind,
      contract: finding.contract,
      via: finding.via,
      holder: finding.holder,
    })),
    note: report.note,
  };
}
