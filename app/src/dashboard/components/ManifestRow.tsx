import { ManifestStatus } from '../../../../shared/src/index.js';
import { guardWords } from '../../guard/explain.js';
import { isPending, kindLabel, laneLabel, statusLabel } from '../../guard/labels.js';
import type { ManifestEntry } from '../../guard/readGuard.js';
import { go } from '../../routes.js';
import { Countdown } from '../../ui/Countdown.js';
import { Hash } from '../../ui/Hash.js';

/** One manifest: status, kind, lane, phase progress, approvals, countdowns, the guard's word on its next step. */
export function ManifestRow({ entry, now }: { entry: ManifestEntry; now: bigint }) {
  const { state, facts } = entry;
  const pending = isPending(state.status);
  const next = guardWords(state.reason);
  return (
    <li
      className="manifest"
      data-testid="manifest-row"
      data-manifest-id={entry.id}
      data-status={statusLabel(state.status)}
    >
      <div className="manifest-head">
        <strong>{entry.ticket || '(no ticket)'}</strong>
        <span className={`badge badge-${statusLabel(state.status).toLowerCase()}`} data-testid="manifest-status">
          {statusLabel(state.status)}
        </span>
        <span className="badge">{kindLabel(state.kind)}</span>
        <span className={`badge badge-${laneLabel(state.lane)}`} data-testid="manifest-lane">
          {laneLabel(state.lane)}
        </span>
      </div>
      <Hash value={entry.id} label="id" />
      <div data-testid="manifest-progress">
        phase {Math.min(state.nextPhase + 1, facts.phaseCount)} of {facts.phaseCount}, next step {state.nextStep + 1}
        <progress
          max={facts.phaseCount}
          value={state.status === ManifestStatus.Completed ? facts.phaseCount : state.nextPhase}
        />
      </div>
      <div>
        approvals {state.approvals} / {state.requiredApprovals}
        {pending && state.executableFrom > 0n && (
          <>
            {' '}
            · executable from <Countdown until={state.executableFrom} now={now} testId="executable-countdown" at />
          </>
        )}
        {pending && (
          <>
            {' '}
            · expires <Countdown until={facts.expiry} now={now} testId="expiry-countdown" at />
          </>
        )}
      </div>
      {pending && (
        <div data-testid="manifest-next" data-open={String(state.open)} data-rule={next?.rule}>
          {state.open ? 'The guard lets its next step run now.' : `Next step: ${next?.sentence ?? ''}`}
        </div>
      )}
      <div className="actions">
        <button type="button" onClick={() => go('cosign', { manifest: entry.id })} data-testid="open-cosign">
          Co-sign
        </button>
      </div>
    </li>
  );
}
