import type { Manifest } from '../../../../shared/src/index.js';
import type { GuardWords } from '../../guard/explain.js';
import { kindLabel, laneLabel, statusLabel } from '../../guard/labels.js';
import type { ManifestEntry } from '../../guard/readGuard.js';
import { Countdown } from '../../ui/Countdown.js';
import { Hash } from '../../ui/Hash.js';
import { PhaseTimeline } from './PhaseTimeline.js';

/** The release at a glance: ticket, status, kind, lane, approvals, countdowns, the guard's word on the next step. */
export function ReleaseSummary({
  entry,
  now,
  manifest,
  nextWords,
  busy,
  onRefresh,
}: {
  entry: ManifestEntry;
  now: bigint;
  manifest: Manifest | undefined;
  nextWords: GuardWords | undefined;
  busy: boolean;
  onRefresh: () => void;
}) {
  const { state: manifestState, facts } = entry;
  return (
    <div className="card">
      <div className="manifest-head">
        <strong>{entry.ticket || '(no ticket)'}</strong>
        <span className="badge" data-testid="cosign-status">
          {statusLabel(manifestState.status)}
        </span>
        <span className="badge">{kindLabel(manifestState.kind)}</span>
        <span className={`badge badge-${laneLabel(manifestState.lane)}`}>{laneLabel(manifestState.lane)}</span>
      </div>
      <Hash value={entry.id} label="id" />
      <p>
        Approvals {manifestState.approvals} / {manifestState.requiredApprovals}
        {manifestState.executableFrom > 0n && (
          <>
            {' '}
            · executable from <Countdown until={manifestState.executableFrom} now={now} at />
          </>
        )}{' '}
        · expires <Countdown until={facts.expiry} now={now} at />
      </p>
      <p
        data-testid="cosign-next"
        data-open={String(manifestState.open)}
        data-rule={nextWords?.rule}
        className={manifestState.open ? undefined : 'hash-label'}
      >
        {manifestState.open
          ? 'The guard lets the next step run now.'
          : `Next step: ${nextWords?.sentence ?? ''}${nextWords?.advice ? ` ${nextWords.advice}` : ''}`}
      </p>
      <PhaseTimeline state={manifestState} facts={facts} manifest={manifest} />
      <button type="button" className="secondary" disabled={busy} onClick={onRefresh} data-testid="refresh">
        Refresh
      </button>
    </div>
  );
}
