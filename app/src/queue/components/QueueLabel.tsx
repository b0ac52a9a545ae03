import type { Hex } from 'viem';

import type { LabelledEntry } from '../../../../shared/src/index.js';
import { Short } from '../../ui/Hash.js';

/** Where a step sits, as a signer reads it: `Phase 2 · step 1 of REL-42` (1-based; the id when there is no ticket). */
export function stepName(position: { manifestId: Hex; ticket: string | undefined; phase: number; step: number }) {
  const manifest = position.ticket || `manifest ${position.manifestId.slice(0, 10)}…`;
  return `Phase ${position.phase + 1} · step ${position.step + 1} of ${manifest}`;
}

/** The label's words: the step it is (green), "matches no step" (red), or dead with the guard's reason. */
export function labelWords(entry: Pick<LabelledEntry, 'label' | 'position' | 'why'>): string {
  if (entry.label === 'step' && entry.position) return stepName(entry.position);
  if (entry.label === 'step') return entry.why;
  if (entry.label === 'nothing') return 'Matches no step — do not sign';
  return `Dead — ${entry.why}`;
}

/** A queued transaction's label badge, and a "competing" badge naming the others at its nonce. */
export function QueueLabel({ entry }: { entry: LabelledEntry }) {
  const tone = entry.label === 'step' ? 'badge-approved' : 'badge-halted';
  return (
    <>
      <span className={`badge ${tone}`} data-testid="queue-label" data-label={entry.label}>
        {labelWords(entry)}
      </span>
      {entry.competing.length > 0 && (
        <span className="badge badge-halted" data-testid="queue-competing">
          competing with{' '}
          {entry.competing.map((hash, index) => (
            <span key={hash}>
              {index > 0 && ', '}
              <Short value={hash} />
            </span>
          ))}
        </span>
      )}
    </>
  );
}
