import type { Address } from 'viem';

import type { Manifest } from '../guard/manifest.js';
import type { Fork } from './fork.js';
import { type RollbackRehearsalReport, rehearseRollback } from './rehearseRollback.js';
import { type SimulationReport, simulatePhase, stateBefore } from './simulatePhase.js';

export type SimulateReleaseParameters = {
  fork: Fork;
  manifest: Manifest;
  /** The Release's Rollback manifest: registered on the fork if needed, and rehearsed after the phases. */
  rollbackManifest?: Manifest;
  /** The phases to run, in order (a failed phase ends the run). */
  phases: readonly number[];
  safe: Address;
  guard: Address;
  executor: Address;
  proxies: readonly Address[];
  declared?: readonly Address[];
  /** Called before each phase and before the rehearsal (progress lines). */
  onProgress?: (message: string) => void;
};

export type SimulateReleaseReturnType = { reports: SimulationReport[]; rehearsal?: RollbackRehearsalReport };

/**
 * Runs `phases` of a manifest on an open fork through the Safe and the guard (`simulatePhase`), stopping at the
 * first that fails, then, when every phase succeeded and a rollback is given, rehearses the rollback on the same
 * fork against the state before the first phase (`rehearseRollback`).
 *
 * @example
 * const { reports, rehearsal } = await simulateRelease({ fork, manifest, rollbackManifest, phases: [0, 1], safe, guard, executor, proxies });
 */
export async function simulateRelease(parameters: SimulateReleaseParameters): Promise<SimulateReleaseReturnType> {
  const { manifest, rollbackManifest, onProgress, ...common } = parameters;
  const reports: SimulationReport[] = [];
  for (const phase of parameters.phases) {
    onProgress?.(`simulating phase ${phase}`);
    const report = await simulatePhase({ ...common, manifest, rollbackManifest, phase });
    reports.push(report);
    if (!report.success) return { reports };
  }
  if (!rollbackManifest || reports.length === 0) return { reports };
  onProgress?.('rehearsing the rollback');
  const rehearsal = await rehearseRollback({
    ...common,
    release: manifest,
    rollback: rollbackManifest,
    baseline: stateBefore(reports[0]!),
  });
  return { reports, rehearsal };
}
