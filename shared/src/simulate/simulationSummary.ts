import type { Hex } from 'viem';

import type { RollbackRehearsalReport } from './rehearseRollback.js';
import { reportHash } from './reportHash.js';
import type { SimulationReport } from './simulatePhase.js';

export type SimulationSummaryParameters = {
  forkedFrom: string;
  chainId: number;
  manifestId: Hex;
  /** The phases' reports, in order (a failed phase ends the list). */
  reports: readonly SimulationReport[];
  /** How many phases were to run. */
  phases: number;
  rehearsal?: RollbackRehearsalReport;
};

/**
 * What an evidence packet's `simulation` records of a release's simulation: per phase its outcome, the hash of its
 * full report, whether an edited payload was rejected, the authority findings and the hidden-proxy findings
 * (`implementationFindings`); the rollback rehearsal's outcome.
 *
 * @example
 * packet.simulation = toJson(simulationSummary({ forkedFrom, chainId, manifestId, reports, phases: 2, rehearsal }));
 */
export function simulationSummary(parameters: SimulationSummaryParameters) {
  const { reports, rehearsal } = parameters;
  return {
    forkedFrom: parameters.forkedFrom,
    chainId: parameters.chainId,
    manifestId: parameters.manifestId,
    success: reports.every((report) => report.success) && reports.length === parameters.phases,
    phases: reports.map((report) => ({
      phase: report.phase,
      success: report.success,
      reportHash: reportHash(report),
      steps: report.perStep.length,
      driftRejected: report.driftRejected?.rejected ?? null,
      driftGuardError: report.driftRejected?.guardError ?? null,
      gainedAuthority: report.gainedAuthority.length,
      authorityFindings: report.authorityChanges.findings.map((finding) => ({
        kind: finding.kind,
        contract: finding.contract,
        via: finding.via,
        holder: finding.holder,
      })),
      implementationFindings: (report.implementationFindings ?? []).map((finding) => ({
        kind: finding.kind,
        upgraded: finding.upgraded,
        implementation: finding.implementation,
      })),
    })),
    rollbackRehearsal: rehearsal
      ? {
          rollbackManifestId: rehearsal.rollbackManifestId,
          restored: rehearsal.restored,
          reportHash: reportHash(rehearsal),
          differences: rehearsal.differences.length,
        }
      : null,
  };
}

export type SimulationSummary = ReturnType<typeof simulationSummary>;
