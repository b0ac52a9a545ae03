import { BaseError } from '../errors/base.js';

/** One problem of a policy file: its JSON path and what to do. */
export type PolicyIssue = { path: string; message: string };

/** The policy file is not valid: every problem with its path and fix. */
export class PolicyError extends BaseError {
  override name = 'PolicyError';
  readonly issues: readonly PolicyIssue[];
  constructor(issues: readonly PolicyIssue[]) {
    super(`Invalid policy: ${issues.length} problem${issues.length === 1 ? '' : 's'}.`, {
      metaMessages: issues.map((issue) => `${issue.path}: ${issue.message}`),
    });
    this.issues = issues;
  }
}
