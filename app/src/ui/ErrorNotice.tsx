import { describeError } from './describeError.js';

/** An error as a red notice: what was wrong and what to do. */
export function ErrorNotice({ error, testId = 'error' }: { error: unknown; testId?: string }) {
  const { title, details } = describeError(error);
  return (
    <div className="notice notice-error" role="alert" data-testid={testId}>
      <strong>{title}</strong>
      {details.map((line, index) => (
        <p key={index}>{line}</p>
      ))}
    </div>
  );
}
