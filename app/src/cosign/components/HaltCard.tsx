import { ConfirmWithReason } from './ConfirmWithReason.js';
import { type Refusal, RefusalNote, refused } from './RefusalNote.js';

/** A guardian's halt of a registered or approved manifest, confirmed with a reason. */
export function HaltCard({
  question,
  refusal,
  busy,
  onHalt,
}: {
  question: (reason: string) => string;
  refusal: Refusal;
  busy: boolean;
  onHalt: (reason: string) => void;
}) {
  return (
    <div className="card" data-testid="halt-card">
      <h2>Halt</h2>
      <p>A guardian halts the manifest: its remaining steps are blocked and its rollback may run at once.</p>
      <ConfirmWithReason
        label="Halt"
        testId="halt"
        question={question}
        disabled={busy || refused(refusal)}
        onConfirm={onHalt}
      />{' '}
      <RefusalNote refusal={refusal} testId="halt-refused" />
    </div>
  );
}
