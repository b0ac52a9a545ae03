import { decodeSafeTransaction, type Manifest } from '../../../../shared/src/index.js';
import type { GuardOverview } from '../../guard/readGuard.js';
import { duration } from '../../ui/Countdown.js';
import { type DraftUpdate, emptyPhase } from '../draft.js';
import { removeStep } from '../stepChecks.js';
import { PhaseChecks } from './PhaseChecks.js';

/** The canary phases: their steps (decoded), checks and soak; add, remove, reorder steps out of a phase. */
export function PhasesEditor({
  manifest,
  overview,
  safe,
  update,
}: {
  manifest: Manifest;
  overview: GuardOverview;
  safe: `0x${string}`;
  update: DraftUpdate;
}) {
  const setPhases = (phases: Manifest['phases']) =>
    update((draft) => ({ ...draft, manifest: { ...draft.manifest, phases } }));
  return (
    <div className="card" data-testid="phases">
      <h2>Canary phases</h2>
      <ol className="timeline">
        {manifest.phases.map((phase, p) => (
          <li key={p} data-testid="draft-phase">
            <strong>Phase {p + 1}</strong>
            <span className="hash-label">
              {' '}
              · {phase.steps.length} step(s), {phase.checks.length} check(s)
            </span>
            <ul className="calls">
              {phase.steps.map((step, s) => (
                <li key={s} data-testid="draft-step">
                  {
                    decodeSafeTransaction({
                      ...step,
                      safe,
                      guard: overview.guard,
                      multiSendCallOnly: overview.config.multiSendCallOnly,
                    }).summary
                  }{' '}
                  <button
                    type="button"
                    className="link"
                    aria-label={`Remove step ${s + 1} of phase ${p + 1}`}
                    onClick={() => setPhases(manifest.phases.map((x, i) => (i === p ? removeStep(x, s) : x)))}
                  >
                    remove
                  </button>
                </li>
              ))}
            </ul>
            <PhaseChecks
              checks={phase.checks}
              phase={p}
              overview={overview}
              safe={safe}
              onRemove={(c) =>
                setPhases(
                  manifest.phases.map((x, i) => (i === p ? { ...x, checks: x.checks.filter((_, j) => j !== c) } : x)),
                )
              }
            />
            <label>
              Soak after this phase (hours)
              <input
                type="number"
                min="0"
                step="0.25"
                value={Number(phase.minSoak) / 3600}
                onChange={(e) =>
                  setPhases(
                    manifest.phases.map((x, i) =>
                      i === p ? { ...x, minSoak: BigInt(Math.round(Number(e.target.value || 0) * 3600)) } : x,
                    ),
                  )
                }
                data-testid="phase-soak"
              />
            </label>
            <span className="hash-label">soak {duration(Number(phase.minSoak))}</span>{' '}
            {phase.checks.length > 0 && (
              <button
                type="button"
                className="link"
                onClick={() => setPhases(manifest.phases.map((x, i) => (i === p ? { ...x, checks: [] } : x)))}
              >
                clear checks
              </button>
            )}{' '}
            {manifest.phases.length > 1 && (
              <button
                type="button"
                className="link"
                onClick={() => setPhases(manifest.phases.filter((_, i) => i !== p))}
                data-testid="remove-phase"
              >
                remove phase
              </button>
            )}
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="secondary"
        onClick={() => setPhases([...manifest.phases, emptyPhase()])}
        data-testid="add-phase"
      >
        Add a phase
      </button>
    </div>
  );
}
