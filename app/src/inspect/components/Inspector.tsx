import type { GuardOverview } from '../../guard/readGuard.js';
import { ErrorNotice } from '../../ui/ErrorNotice.js';
import { Progress } from '../../ui/Progress.js';
import { useInspectFields } from '../hooks/useInspectFields.js';
import { useInspection } from '../hooks/useInspection.js';
import { InspectForm } from './InspectForm.js';
import { InspectionView } from './InspectionView.js';

/** The inspect form and, once submitted, what the transaction does and what the guard says of it. */
export function Inspector({ overview, params }: { overview: GuardOverview; params: URLSearchParams }) {
  const [fields, set] = useInspectFields(overview, params);
  const { action, result, submit } = useInspection(overview, fields);
  return (
    <section aria-labelledby="inspect-title">
      <h1 id="inspect-title">Inspect a Safe transaction</h1>
      <InspectForm
        fields={fields}
        set={set}
        executors={overview.config.executors}
        busy={action.busy}
        onSubmit={submit}
      />
      {action.progress && <Progress message={action.progress} />}
      {action.error !== undefined && <ErrorNotice error={action.error} testId="inspect-error" />}
      {result?.queued && (
        <div className="card" data-testid="inspect-confirmations">
          Confirmations: {result.queued.confirmations.length} of {result.queued.confirmationsRequired}
        </div>
      )}
      {result && <InspectionView inspection={result.inspection} />}
    </section>
  );
}
