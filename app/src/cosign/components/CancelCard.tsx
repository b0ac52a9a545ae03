import { type Refusal, RefusalNote, refused } from './RefusalNote.js';

/** The manifest's own proposer cancels it while it is only registered: its steps are free to register again. */
export function CancelCard({ refusal, busy, onCancel }: { refusal: Refusal; busy: boolean; onCancel: () => void }) {
  return (
    <div className="card" data-testid="cancel-card">
      <h2>Cancel</h2>
      <p>
        You proposed this manifest. Cancelling ends it before approval: it never runs, and its steps may be registered
        again in a corrected manifest.
      </p>
      <button type="button" disabled={busy || refused(refusal)} onClick={onCancel} data-testid="cancel">
        Cancel the manifest
      </button>{' '}
      <RefusalNote refusal={refusal} testId="cancel-refused" />
    </div>
  );
}
