import { type Address, type Hex, getAddress } from 'viem';

import { type AuthorityChanges, authorityChanges } from '../authority/authorityChanges.js';
import { touchedContracts } from '../authority/touchedContracts.js';
import { type Manifest, ManifestStatus } from '../guard/manifest.js';
import { type ManifestView, readManifestView } from '../gate/readChainState.js';
import { manifestId } from '../hashing/manifestId.js';
import { SimulationError } from './errors.js';
import { executeAsExecutor } from './executeAsExecutor.js';
import { type Fork, openFork, ownBlock } from './fork.js';
import { ensureApproved, openPhaseGate } from './prepareOnFork.js';
import { type SimulatedStep, simulatePhase } from './simulatePhase.js';
import {
  type StateDifference,
  type StateSnapshot,
  compareState,
  holdingDifferences,
  readState,
} from './stateSnapshot.js';

export type RehearseRollbackParameters = {
  /** The fork the release ran on (left running), or `rpcUrl` + `forkPort` to fork and run the release first. */
  fork?: Fork;
  rpcUrl?: string;
  forkPort?: number;
  /** The Release manifest and its Rollback manifest. */
  release: Manifest;
  rollback: Manifest;
  safe: Address;
  guard: Address;
  executor: Address;
  /** The proxies whose state must come back (and, in any case, who holds authority over every touched contract). */
  proxies: readonly Address[];
  /** Authorities the team expects besides the Safe. */
  declared?: readonly Address[];
  /**
   * The state before the release (`stateBefore(report)` of the phase simulation that ran on `fork`). Without it,
   * the state is read now and every remaining phase of the release runs first.
   */
  baseline?: StateSnapshot;
};

/** The rollback rehearsal's report: JSON-serialisable and hashable like the simulation report. */
export type RollbackRehearsalReport = {
  releaseManifestId: Hex;
  rollbackManifestId: Hex;
  /** The release phases this rehearsal ran before the rollback (empty when they ran before, on the same fork). */
  releasePhasesRun: number[];
  notes: string[];
  perStep: SimulatedStep[];
  /** Whether every rollback step executed and the state is back to the baseline. */
  restored: boolean;
  /** What did not come back: slots, Safe owners and threshold, authority holders of every touched contract. */
  differences: StateDifference[];
  /**
   * Who holds authority over the proxies and every contract the release and the rollback touch (or that emitted an
   * ownership or role event), before the release and after the rollback; its findings are what did not come back.
   */
  authorityChanges: AuthorityChanges;
  before: StateSnapshot;
  after: StateSnapshot;
};

/**
 * Rollback rehearsal (SPEC): on the fork the release ran on, executes the Rollback manifest as the executor would
 * and checks that implementation, admin and beacon slots, the Safe's owners, the upgrade authorities and who holds
 * authority over every contract the release and the rollback touch (owners, admins, beacon owners, roles) are back
 * to what they were before the release; every difference is listed, and any one means `restored: false`.
 *
 * @throws {SimulationError} for missing inputs.
 *
 * @example
 * const report = await simulatePhase({ fork, manifest, rollbackManifest, phase: 0, safe, guard, executor, proxies });
 * const rehearsal = await rehearseRollback({ fork, release: manifest, rollback: rollbackManifest, safe, guard, executor, proxies, baseline: stateBefore(report) });
 * rehearsal.restored; // true
 */
export async function rehearseRollback(parameters: RehearseRollbackParameters): Promise<RollbackRehearsalReport> {
  const ownFork = !parameters.fork;
  if (ownFork && (!parameters.rpcUrl || parameters.forkPort === undefined)) {
    throw new SimulationError('no chain to fork', 'Pass the fork the release ran on, or rpcUrl and forkPort.');
  }
  const fork = parameters.fork ?? (await openFork({ rpcUrl: parameters.rpcUrl!, port: parameters.forkPort! }));
  try {
    return await run(fork, parameters);
  } finally {
    if (ownFork) await fork.anvil.stop();
  }
}

async function run(fork: Fork, parameters: RehearseRollbackParameters): Promise<RollbackRehearsalReport> {
  const { clients } = fork;
  const { publicClient } = clients;
  const safe = getAddress(parameters.safe);
  const guard = getAddress(parameters.guard);
  const executor = getAddress(parameters.executor);
  const { release, rollback, proxies } = parameters;
  const releaseId = manifestId({ manifest: release, chainId: fork.chainId, guard });
  const rollbackId = manifestId({ manifest: rollback, chainId: fork.chainId, guard });
  if (release.rollback !== rollbackId) {
    throw new SimulationError(
      `the release names rollback ${release.rollback}, not this rollback manifest (${rollbackId})`,
      'Pass the Rollback manifest the release was registered with.',
    );
  }
  const notes: string[] = [];
  const releasePhasesRun: number[] = [];
  let baseline = parameters.baseline;
  if (!baseline) {
    await ownBlock(clients);
    baseline = await readState({ publicClient, proxies, safe });
    for (let phase = 0; phase < release.phases.length; phase += 1) {
      const view = await readView(fork, guard, releaseId);
      if (view.status === ManifestStatus.Approved && view.currentPhase > phase) continue;
      const report = await simulatePhase({
        fork,
        manifest: release,
        rollbackManifest: rollback,
        phase,
        safe,
        guard,
        executor,
        proxies,
      });
      notes.push(...report.notes);
      releasePhasesRun.push(phase);
      if (!report.success) notes.push(`release phase ${phase} did not complete on the fork`);
    }
  }

  const context = { clients, guard, notes };
  let view = await ensureApproved(context, rollbackId, rollback);
  const perStep: SimulatedStep[] = [];
  while (view.status === ManifestStatus.Approved) {
    const position = { phase: view.currentPhase, step: view.nextStep };
    if (position.step === 0) await openPhaseGate(context, rollbackId, rollback, position.phase);
    const step = rollback.phases[position.phase]!.steps[position.step]!;
    const result = await executeAsExecutor({ clients, safe, executor, transaction: step });
    perStep.push({ ...position, to: step.to, operation: step.operation, ...result });
    if (result.reverted) break;
    view = await readView(fork, guard, rollbackId);
  }
  const after = await readState({ publicClient, proxies, safe });
  const steps = [...release.phases, ...rollback.phases].flatMap((phase) => phase.steps);
  const changes = await authorityChanges({
    publicClient,
    safe,
    contracts: [...proxies, ...(baseline.holdings?.contracts ?? []), ...touchedContracts(steps, safe)] as Address[],
    fromBlock: BigInt(baseline.blockNumber),
    toBlock: BigInt(after.blockNumber),
    declared: parameters.declared,
  });
  const differences = [
    ...compareState({ ...baseline, holdings: undefined }, after),
    ...holdingDifferences(changes.before, changes.after),
  ];
  const completed = (await readView(fork, guard, rollbackId)).status === ManifestStatus.Completed;
  return {
    releaseManifestId: releaseId,
    rollbackManifestId: rollbackId,
    releasePhasesRun,
    notes,
    perStep,
    restored: completed && perStep.every((step) => !step.reverted) && differences.length === 0,
    differences,
    authorityChanges: changes,
    before: baseline,
    after: { ...after, holdings: changes.after },
  };
}

async function readView(fork: Fork, guard: Address, id: Hex): Promise<ManifestView> {
  return readManifestView(fork.clients.publicClient, guard, id);
}
