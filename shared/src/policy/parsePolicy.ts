import { zodIssues } from '../package/parseReleasePackage.js';
import { PolicyError } from './errors.js';
import { type Policy, policySchema } from './schema.js';

export type ParsePolicyParameters = string | unknown;
export type ParsePolicyReturnType = Policy;
export type ParsePolicyErrorType = PolicyError;

/**
 * Reads a team policy file (a JSON string or a parsed value), validated with the same schema library as the
 * release package. Unknown rules are rejected so a typo never silently drops a rule.
 *
 * @throws {PolicyError} listing every problem as `path: what is wrong`.
 *
 * @example
 * const policy = parsePolicy('{"schemaVersion":1,"privilegedMinPhases":2,"maxWindowSeconds":1209600}');
 */
export function parsePolicy(json: ParsePolicyParameters): ParsePolicyReturnType {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new PolicyError([
        { path: '(root)', message: `is not valid JSON (${(error as Error).message}). Fix the syntax and try again.` },
      ]);
    }
  }
  const result = policySchema.safeParse(value);
  if (!result.success) throw new PolicyError(zodIssues(result.error.issues));
  return result.data;
}
