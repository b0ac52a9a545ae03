import type { VoteCount } from '../../roles/readVotes.js';
import { type Refusal, RefusalNote, refused } from './RefusalNote.js';

/** An approver's vote to reinstate a privileged manifest a guardian halted (the guard says it is reinstatable). */
export function ReinstateCard({
  threshold,
  votes,
  refusal,
  busy,
  onReinstate,
}: {
  /** The privileged threshold: the votes of current approvers that reinstate it. */
  threshold: number;
  /** The guard's last count of its reinstate votes; `undefined` before the first. */
  votes: VoteCount | undefined;
  refusal: Refusal;
  busy: boolean;
  onReinstate: () => void;
}) {
  return (
    <div className="card" data-testid="reinstate-card">
      <h2>Reinstate</h2>
      <p>
        A guardian halted this privileged manifest. Once {threshold} current approvers have voted, it returns to where
        it was halted, its delay counts again from then, and it cannot be halted again.
      </p>
      <p data-testid="reinstate-votes">
        {votes ? `Votes so far: ${votes.votes} of ${votes.required}.` : 'No approver has voted to reinstate it yet.'}
      </p>
      <button type="button" disabled={busy || refused(refusal)} onClick={onReinstate} data-testid="reinstate">
        Vote to reinstate
      </button>{' '}
      <RefusalNote refusal={refusal} testId="reinstate-refused" />
    </div>
  );
}
