import { isoTime } from './fields.js';
import type { JsonValue, PackagePhase, ReleasePackage, StopCondition } from './schema.js';

export type SerializeReleasePackageParameters = {
  /** How `notBefore` and `expiry` are written: ISO-8601 UTC (default, for people) or unix seconds. */
  times?: 'iso' | 'unix';
  /** Indentation, as for `JSON.stringify` (default 2; 0 for one line). */
  space?: number;
};
export type SerializeReleasePackageReturnType = string;

/**
 * Writes a release package as JSON in the format `parseReleasePackage` reads: amounts as decimal strings, times
 * as ISO-8601 (or unix seconds), every field explicit, `x-` extensions last. `parseReleasePackage` of the result
 * equals the package.
 *
 * @example
 * await writeFile('release.json', serializeReleasePackage(pkg));
 */
export function serializeReleasePackage(
  pkg: ReleasePackage,
  { times = 'iso', space = 2 }: SerializeReleasePackageParameters = {},
): SerializeReleasePackageReturnType {
  return JSON.stringify(releasePackageToJson(pkg, { times }), null, space);
}

/**
 * The JSON value of a release package (what `serializeReleasePackage` stringifies).
 *
 * @example
 * const json = releasePackageToJson(pkg); // { schemaVersion: 1, chainId: 1, … }
 */
export function releasePackageToJson(
  pkg: ReleasePackage,
  { times = 'iso' }: Pick<SerializeReleasePackageParameters, 'times'> = {},
): { [key: string]: JsonValue } {
  const time = (seconds: bigint): JsonValue =>
    seconds > BigInt(Number.MAX_SAFE_INTEGER)
      ? seconds.toString()
      : times === 'iso'
        ? isoTime(seconds)
        : Number(seconds);
  const json: { [key: string]: JsonValue } = {
    schemaVersion: pkg.schemaVersion,
    chainId: pkg.chainId,
    safe: pkg.safe,
    guard: pkg.guard,
    title: pkg.title,
    description: pkg.description,
    links: pkg.links.map((link) => ({ label: link.label, url: link.url })),
    kind: pkg.kind,
    ticket: pkg.ticket,
    notBefore: time(pkg.notBefore),
    expiry: time(pkg.expiry),
  };
  if (pkg.rollback !== undefined) json.rollback = pkg.rollback;
  json.evidence = pkg.evidence;
  json.phases = pkg.phases.map(phaseToJson);
  json.stopConditions = pkg.stopConditions.map(stopConditionToJson);
  for (const [key, value] of Object.entries(pkg.extra)) json[key] = value;
  return json;
}

/**
 * A phase as JSON (amounts as decimal strings, `minSoak` as a number while it is a safe integer).
 *
 * @example
 * const json = phaseToJson(pkg.phases[0]);
 */
export function phaseToJson(phase: PackagePhase): { [key: string]: JsonValue } {
  return {
    steps: phase.steps.map((step) => ({
      to: step.to,
      value: step.value.toString(),
      operation: step.operation,
      data: step.data,
    })),
    checks: phase.checks.map((check) => ({
      kind: check.kind,
      target: check.target,
      data: check.data,
      expected: check.expected,
      response: check.response,
    })),
    conditions: phase.conditions.map((condition) => ({
      target: condition.target,
      data: condition.data,
      min: condition.min.toString(),
      max: condition.max.toString(),
    })),
    minSoak: phase.minSoak <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(phase.minSoak) : phase.minSoak.toString(),
  };
}

function stopConditionToJson(stop: StopCondition): { [key: string]: JsonValue } {
  if (stop.source === 'check') {
    return { source: 'check', phase: stop.phase, check: stop.check, response: stop.response };
  }
  const expect = stop.expect;
  return {
    source: 'invariant',
    name: stop.name,
    read: { target: stop.read.target, data: stop.read.data },
    expect:
      expect.kind === 'equals'
        ? { kind: 'equals', value: expect.value }
        : expect.kind === 'resultHash'
          ? { kind: 'resultHash', hash: expect.hash }
          : { kind: 'range', min: expect.min.toString(), max: expect.max.toString() },
    response: stop.response,
  };
}
