import { ErrorNotice } from './ErrorNotice.js';
import { Progress } from './Progress.js';
import type { Action } from './useAsync.js';

/** An action's progress, its error and its success message, each under the screen's own test id. */
export function ActionNotices({
  action,
  progressTestId,
  errorTestId,
  doneTestId,
}: {
  action: Pick<Action, 'progress' | 'error' | 'done'>;
  /** Unset: the progress keeps `<Progress>`'s own default test id. */
  progressTestId?: string;
  errorTestId: string;
  doneTestId: string;
}) {
  return (
    <>
      {action.progress && <Progress message={action.progress} testId={progressTestId} />}
      {action.error !== undefined && <ErrorNotice error={action.error} testId={errorTestId} />}
      {action.done && (
        <div className="notice notice-ok" role="status" data-testid={doneTestId}>
          {action.done}
        </div>
      )}
    </>
  );
}
