import { go } from '../../routes.js';
import { ActionNotices } from '../../ui/ActionNotices.js';
import { Hash } from '../../ui/Hash.js';
import type { Action, AsyncState } from '../../ui/useAsync.js';
import type { DraftAnalysis } from '../analyzeDraft.js';
import type { RegisterDryRun } from '../hooks/useRegisterDryRun.js';

/**
 * Before registering: the manifest id and lane, what still stops registering (the package's rules, what would make
 * the manifest useless, the guard's own answer to registering it now), and the register button.
 */
export function DraftSummary({
  analysis,
  registered,
  signer,
  action,
  onRegister,
  issues,
  dryRun,
}: {
  analysis: DraftAnalysis;
  /** What would make the registered manifest useless (`registrationIssues`). */
  issues: string[];
  /** The guard's answer to registering the draft now. */
  dryRun: AsyncState<RegisterDryRun | undefined>;
  /** This exact manifest is registered already. */
  registered: boolean;
  /** The connected wallet's label, if any. */
  signer: string | undefined;
  action: Action;
  onRegister: () => void;
}) {
  const refusal = dryRun.status === 'done' ? dryRun.value?.refusal : undefined;
  const from = dryRun.status === 'done' ? dryRun.value?.from : undefined;
  return (
    <div className="card" data-testid="draft-summary">
      <h2>Before registering</h2>
      <dl className="facts">
        <dt>Manifest id</dt>
        <dd>
          <Hash value={analysis.id} testId="draft-id" />
        </dd>
        <dt>Lane</dt>
        <dd data-testid="draft-lane" data-lane={analysis.lane?.lane ?? 'unclassifiable'}>
          {analysis.lane ? analysis.lane.lane : `cannot be classified: ${analysis.laneIssue}`}
          {analysis.lane?.reasons.map((reason, index) => (
            <span key={index}>
              · phase {reason.phase + 1} step {reason.step + 1}: {reason.detail}
            </span>
          ))}
        </dd>
      </dl>
      {analysis.packageIssues.length > 0 && (
        <ul data-testid="draft-issues">
          {analysis.packageIssues.map((issue, index) => (
            <li key={index} data-testid="draft-issue">
              {issue}
            </li>
          ))}
        </ul>
      )}
      {issues.length > 0 && (
        <ul data-testid="draft-blockers">
          {issues.map((issue, index) => (
            <li key={index} data-testid="draft-blocker">
              {issue}
            </li>
          ))}
        </ul>
      )}
      {!registered && refusal && (
        <div className="notice notice-error" data-testid="draft-guard-refusal" data-rule={refusal.rule}>
          <strong>The guard would not register this now{from ? ` (asked as ${from})` : ''}:</strong>
          <p>{refusal.sentence}</p>
        </div>
      )}
      {registered && (
        <p data-testid="already-registered">
          This exact manifest is registered.{' '}
          <button type="button" className="link" onClick={() => go('cosign', { manifest: analysis.id })}>
            Open it in Co-sign
          </button>
        </p>
      )}
      <button
        type="button"
        disabled={
          action.busy ||
          analysis.packageIssues.length > 0 ||
          issues.length > 0 ||
          refusal !== undefined ||
          !analysis.lane ||
          registered
        }
        onClick={onRegister}
        data-testid="register"
      >
        Register as {signer ?? 'proposer'}
      </button>
      <ActionNotices action={action} errorTestId="register-error" doneTestId="register-done" />
    </div>
  );
}
