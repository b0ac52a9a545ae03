import { ErrorNotice } from '../../ui/ErrorNotice.js';
import { Progress } from '../../ui/Progress.js';
import { useInspectFields } from '../hooks/useInspectFields.js';
import { useUnguardedInspection } from '../hooks/useUnguardedInspection.js';
import { InspectForm } from './InspectForm.js';
import { UnguardedInspectionView } from './UnguardedInspectionView.js';

/**
 * Inspect on a Safe without Manifest Guard (before Install, or while co-signers review the setGuard batch): the form
 * and, once submitted, the decoded transaction and its hashes, without a guard verdict.
 */
export function UnguardedInspector({ params }: { params: URLSearchParams }) {
  const [fields, set] = useInspectFields(undefined, params);
  const { action, result, submit } = useUnguardedInspection(fields);
  return (
    <section aria-labelledby="inspect-title">
      <h1 id="inspect-title">Inspect a Safe transaction</h1>
      <div className="notice notice-warning" data-testid="inspect-no-guard">
        <strong>This Safe has no Manifest Guard yet.</strong>
        <p>
          Every transaction the owners sign can execute; no guard answers for it. Transactions are decoded and hashed
          here, with no guard verdict.
        </p>
      </div>
      <InspectForm fields={fields} set={set} executors={[]} busy={action.busy} onSubmit={submit} />
      {action.progress && <Progress message={action.progress} />}
      {action.error !== undefined && <ErrorNotice error={action.error} testId="inspect-error" />}
      {result?.queued && (
        <div className="card" data-testid="inspect-confirmations">
          Confirmations: {result.queued.confirmations.length} of {result.queued.confirmationsRequired}
        </div>
      )}
      {result && <UnguardedInspectionView inspection={result.inspection} />}
    </section>
  );
}
