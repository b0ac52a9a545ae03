import type { Manifest } from '../../../shared/src/guard/manifest.js';
import type { ManifestState } from '../guard/readGuard.js';
import { duration } from '../ui/Countdown.js';

/** Each phase: done, current (with the step cursor) or to come; its steps, checks and soak. */
export function PhaseTimeline({ state, manifest }: { state: ManifestState; manifest: Manifest | undefined }) {
  const completed = state.status === 3;
  return (
    <ol className="timeline" data-testid="phase-timeline">
      {Array.from({ length: state.phaseCount }, (_, index) => {
        const phase = manifest?.phases[index];
        const status =
          completed || index < state.currentPhase ? 'done' : index === state.currentPhase ? 'current' : 'pending';
        return (
          <li key={index} data-state={status} data-testid="timeline-phase">
            <strong>Phase {index + 1}</strong> · {status}
            {status === 'current' &&
              ` · next step ${state.nextStep + 1}${state.gateOpen || index === 0 ? '' : ' · gate closed'}`}
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
