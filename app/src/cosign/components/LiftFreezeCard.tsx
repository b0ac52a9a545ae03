import type { VoteCount } from '../../roles/readVotes.js';
import { Countdown } from '../../ui/Countdown.js';
import { type Refusal, RefusalNote, refused } from './RefusalNote.js';

/** While the Safe is frozen: an approver's vote to lift the freeze early. */
export function LiftFreezeCard({
  frozenUntil,
  now,
  threshold,
  votes,
  refusal,
  busy,
  onLift,
}: {
  frozenUntil: bigint;
  now: bigint;
  /** The routine threshold: the votes of current approvers that lift the freeze. */
  threshold: number;
  /** The guard's last count of this freeze's lift votes; `undefined` before the first. */
  votes: VoteCount | undefined;
  refusal: Refusal;
  busy: boolean;
  onLift: () => void;
}) {
  return (
    <div className="card" data-testid="lift-card">
      <h2>Lift the freeze</h2>
      <p>
        The Safe is frozen until <Countdown until={frozenUntil} now={now} at />: only Rollback and Emergency steps run.
        Each approver votes once; the freeze lifts when {threshold} current approvers have voted.
      </p>
      <p data-testid="lift-votes">
        {votes ? `Votes so far: ${votes.votes} of ${votes.required}.` : 'No approver has voted to lift it yet.'}
      </p>
      <button type="button" disabled={busy || refused(refusal)} onClick={onLift} data-testid="lift-freeze">
        Vote to lift the freeze
      </button>{' '}
      <RefusalNote refusal={refusal} testId="lift-refused" />
    </div>
  );
}
