import { type Manifest, ManifestStatus } from '../../../../shared/src/index.js';
import type { ManifestFacts, ManifestState } from '../../guard/readGuard.js';
import { duration } from '../../ui/Countdown.js';

/** Each phase: done, current (with the guard's step cursor) or to come; its steps, checks and soak. */
export function PhaseTimeline({
  state,
  facts,
  manifest,
}: {
  state: ManifestState;
  facts: ManifestFacts;
  manifest: Manifest | undefined;
}) {
  const completed = state.status === ManifestStatus.Completed;
  return (
    <ol className="timeline" data-testid="phase-timeline">
      {Array.from({ length: facts.phaseCount }, (_, index) => {
        const phase = manifest?.phases[index];
        const status =
          completed || index < state.nextPhase ? 'done' : index === state.nextPhase ? 'current' : 'pending';
        return (
          <li key={index} data-state={status} data-testid="timeline-phase">
            <strong>Phase {index + 1}</strong> · {status}
            {status === 'current' && ` · next step ${state.nextStep + 1}`}
            {phase && (
              <span className="hash-label">
                {' '}
                · {phase.steps.length} step{phase.steps.length === 1 ? '' : 's'}, {phase.checks.length} check
                {phase.checks.length === 1 ? '' : 's'}
                {phase.minSoak > 0n && `, soak ${duration(Number(phase.minSoak))}`}
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
