/** A long operation under way: what it is doing now. */
export function Progress({ message, testId = 'progress' }: { message: string; testId?: string }) {
  return (
    <div className="progress" role="status" aria-live="polite" data-testid={testId}>
      <span className="spinner" aria-hidden="true" />
      {message}
    </div>
  );
}
