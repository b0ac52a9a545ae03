import { BaseError } from '../errors/base.js';

/** One problem of a release package: where it is (`phases[1].steps[0].to`) and what to do. */
export type ReleasePackageIssue = { path: string; message: string };

/**
 * The JSON is not a valid release package. `issues` lists every problem with its JSON path and the fix; the message
 * shows them one a line.
 */
export class ReleasePackageError extends BaseError {
  override name = 'ReleasePackageError';
  readonly issues: readonly ReleasePackageIssue[];

  constructor(issues: readonly ReleasePackageIssue[]) {
    super(`Invalid release package: ${issues.length} problem${issues.length === 1 ? '' : 's'}.`, {
      metaMessages: issues.map((issue) => `${issue.path}: ${issue.message}`),
    });
    this.issues = issues;
  }
}

/**
 * A JSON path for people: `phases[1].steps[0].to`; the whole document is `(root)`.
 *
 * @example
 * formatPath(['phases', 1, 'steps', 0, 'to']); // 'phases[1].steps[0].to'
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) text += text ? `.${key}` : key;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text || '(root)';
}
