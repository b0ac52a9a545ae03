import type { z } from 'zod';

import { type ReleasePackageIssue, ReleasePackageError, formatPath } from './errors.js';
import { type JsonValue, type ReleasePackage, releasePackageFieldsSchema, releasePackageKeys } from './schema.js';

export type ParseReleasePackageParameters = string | unknown;
export type ParseReleasePackageReturnType = ReleasePackage;
export type ParseReleasePackageErrorType = ReleasePackageError;

/**
 * Reads a release package (a JSON string or an already parsed value) and returns it typed: addresses EIP-55
 * checksummed, hex in lower case, amounts and times as `bigint` (times in unix seconds, whether written as
 * ISO-8601 or as seconds), defaults filled in (`value` "0", `operation` "call", no checks, conditions, links or
 * stop conditions, `minSoak` 0).
 *
 * Unknown fields are rejected (a typo must not silently drop a rule), except top-level fields whose name starts
 * with `x-`: those are extensions, kept as they are in `extra` and written back by `serializeReleasePackage`.
 *
 * Rules between fields (window order, rollback by kind, the total step count, check and condition rules, stop
 * conditions that point at checks) are checked once every field is well formed.
 *
 * @throws {ReleasePackageError} listing every problem as `path: what is wrong. How to fix it.`
 *
 * @example
 * const pkg = parseReleasePackage(await readFile('release.json', 'utf8'));
 * pkg.phases[0].steps[0].to; // '0x…' (checksummed)
 */
export function parseReleasePackage(json: ParseReleasePackageParameters): ParseReleasePackageReturnType {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new ReleasePackageError([
        { path: '(root)', message: `is not valid JSON (${(error as Error).message}). Fix the syntax and try again.` },
      ]);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ReleasePackageError([
      { path: '(root)', message: 'is not a JSON object. A release package is an object with "schemaVersion": 1.' },
    ]);
  }

  const known: Record<string, unknown> = {};
  const extra: Record<string, JsonValue> = {};
  const issues: ReleasePackageIssue[] = [];
  for (const [key, entry] of Object.entries(value)) {
    if ((releasePackageKeys as readonly string[]).includes(key)) known[key] = entry;
    else if (key.startsWith('x-')) extra[key] = entry as JsonValue;
    else {
      issues.push({
        path: formatPath([key]),
        message:
          'is not a field of a release package. Remove it, or name it "x-…" to keep it as an extension ' +
          `(the fields are ${releasePackageKeys.join(', ')}).`,
      });
    }
  }

  const result = releasePackageFieldsSchema.safeParse(known);
  if (!result.success) issues.push(...zodIssues(result.error.issues));
  if (issues.length > 0 || !result.success) throw new ReleasePackageError(issues);
  return { ...result.data, extra: extra as ReleasePackage['extra'] };
}

/** Zod's issues as path + message, one per unknown key. */
export function zodIssues(issues: readonly z.core.$ZodIssue[]): ReleasePackageIssue[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: issue.message }))
      : [{ path: formatPath(issue.path), message: issue.message }],
  );
}
