import { useState } from 'react';

/**
 * A danger action in two steps: the button opens a confirmation that asks for the signer's reason (required) and
 * shows it back in the question; only then can it be confirmed.
 */
export function ConfirmWithReason({
  label,
  testId,
  question,
  disabled,
  onConfirm,
}: {
  label: string;
  /** `halt` gives `halt`, `halt-reason`, `halt-question`, `halt-confirm` and `halt-back`. */
  testId: string;
  /** The question with the reason shown back, e.g. "Halt REL-43? … Reason: “…”". */
  question: (reason: string) => string;
  disabled: boolean;
  onConfirm: (reason: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!open) {
    return (
      <button type="button" className="danger" disabled={disabled} onClick={() => setOpen(true)} data-testid={testId}>
        {label}…
      </button>
    );
  }
  const typed = reason.trim();
  return (
    <div className="confirm" data-testid={`${testId}-confirmation`}>
      <label>
        Reason (required: the guard keeps none, so the team reads it in the result and in this page’s action log)
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} data-testid={`${testId}-reason`} />
      </label>
      <p data-testid={`${testId}-question`}>
        <strong>{question(typed)}</strong>
      </p>
      <button
        type="button"
        className="danger"
        disabled={disabled || typed === ''}
        onClick={() => {
          setOpen(false);
          setReason('');
          onConfirm(typed);
        }}
        data-testid={`${testId}-confirm`}
      >
        {label}
      </button>{' '}
      <button type="button" className="secondary" onClick={() => setOpen(false)} data-testid={`${testId}-back`}>
        Back
      </button>
    </div>
  );
}
