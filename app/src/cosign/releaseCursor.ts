import { type Manifest, ManifestStatus } from '../../../shared/src/index.js';
import { type GuardWords, guardArgument, guardWords } from '../guard/explain.js';
import type { ManifestState } from '../guard/readGuard.js';
import type { SafeCall } from '../safe/connection.js';
import type { StepProposal } from './proposals.js';

/** A step of the current phase still to run, as the Safe transaction that runs it. */
export type RemainingStep = { step: number; call: SafeCall };

/** Where a release stands, as the guard's `manifestState` says, and what is left to propose in the current phase. */
export type ReleaseCursor = {
  phase: number;
  live: boolean;
  /** What the guard says about the next step: open, or its error (the phase gate and the soak among them). */
  nextWords: GuardWords | undefined;
  awaitsAttestation: boolean;
  soakReadyAt: bigint | undefined;
  needsApprovals: boolean;
  remaining: RemainingStep[];
  unproposed: RemainingStep[];
  nextCall: SafeCall | undefined;
};

/** The release's cursor from the guard's state, the manifest's steps (once loaded) and the proposals made. */
export function releaseCursor(
  manifestState: ManifestState,
  manifest: Manifest | undefined,
  proposals: StepProposal[],
): ReleaseCursor {
  const phase = manifestState.nextPhase;
  const live = manifestState.status === ManifestStatus.Approved;
  const nextWords = guardWords(manifestState.reason);
  const awaitsAttestation =
    nextWords?.rule === 'ManifestGuardPhaseGateClosed' || nextWords?.rule === 'ManifestGuardSoakNotElapsed';
  const soakReadyAt =
    nextWords?.rule === 'ManifestGuardSoakNotElapsed'
      ? (guardArgument(manifestState.reason, 'readyAt') as bigint)
      : undefined;
  const needsApprovals =
    manifestState.status === ManifestStatus.Registered || nextWords?.rule === 'ManifestGuardApprovalsLapsed';
  const remaining: RemainingStep[] =
    manifest && live && phase < manifest.phases.length
      ? manifest.phases[phase]!.steps.slice(manifestState.nextStep).map((step, offset) => ({
          step: manifestState.nextStep + offset,
          call: { to: step.to, value: step.value, data: step.data, operation: step.operation === 1 ? 1 : 0 },
        }))
      : [];
  const unproposed = remaining.filter((r) => !proposals.some((p) => p.phase === phase && p.step === r.step));
  const nextCall = remaining[0]?.call;
  return { phase, live, nextWords, awaitsAttestation, soakReadyAt, needsApprovals, remaining, unproposed, nextCall };
}
