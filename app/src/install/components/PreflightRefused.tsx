import type { PreflightIssue } from '../preflight.js';

/** The preflight refused the configuration: each issue that could lock the Safe. */
export function PreflightRefused({ issues }: { issues: PreflightIssue[] }) {
  return (
    <div className="notice notice-error" data-testid="preflight-refused">
      <strong>Refused: this configuration could lock the Safe.</strong>
      <ul>
        {issues.map((issue, index) => (
          <li key={index} data-testid="preflight-issue" data-rule={issue.rule}>
            {issue.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
