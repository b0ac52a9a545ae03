import { type Address, zeroHash } from 'viem';

import type { Manifest } from '../guard/manifest.js';
import { ReleasePackageError } from './errors.js';
import { parseReleasePackage } from './parseReleasePackage.js';
import {
  type PackageLink,
  type ReleasePackage,
  type StopCondition,
  checkKindNames,
  manifestKindNames,
  operationNames,
  stopResponseNames,
} from './schema.js';
import { releasePackageToJson } from './serializeReleasePackage.js';

export type FromManifestParameters = {
  manifest: Manifest;
  chainId: number;
  safe: Address;
  guard: Address;
  title: string;
  description?: string;
  links?: readonly PackageLink[];
  stopConditions?: readonly StopCondition[];
  extra?: ReleasePackage['extra'];
};
export type FromManifestReturnType = ReleasePackage;
export type FromManifestErrorType = ReleasePackageError;

/**
 * The release package of an ABI manifest (e.g. read back from a registration's calldata), with the context the
 * manifest does not carry: chain, Safe, guard and the human fields. The result is validated like a parsed package,
 * so `toManifest(fromManifest({ manifest, … }))` equals `manifest` for every manifest the guard would register.
 *
 * @throws {ReleasePackageError} when the manifest breaks a rule of the format (an unknown enum number, a rollback
 * on a non-Release, …), with the path of each problem.
 *
 * @example
 * const pkg = fromManifest({ manifest, chainId: 1, safe, guard, title: 'Pool v2' });
 */
export function fromManifest(parameters: FromManifestParameters): FromManifestReturnType {
  const { manifest } = parameters;
  const name = <T extends string>(names: readonly T[], index: number): T | number => names[index] ?? index;
  const draft = {
    schemaVersion: 1,
    chainId: parameters.chainId,
    safe: parameters.safe,
    guard: parameters.guard,
    title: parameters.title,
    description: parameters.description ?? '',
    links: [...(parameters.links ?? [])],
    kind: name(manifestKindNames, manifest.kind),
    ticket: manifest.ticket,
    notBefore: manifest.notBefore,
    expiry: manifest.expiry,
    rollback: manifest.rollback === zeroHash && manifest.kind !== 0 ? undefined : manifest.rollback,
    evidence: manifest.evidence,
    phases: manifest.phases.map((phase) => ({
      steps: phase.steps.map((step) => ({ ...step, operation: name(operationNames, step.operation) })),
      checks: phase.checks.map((check) => ({
        ...check,
        kind: name(checkKindNames, check.kind),
        response: name(stopResponseNames, check.response),
      })),
      conditions: phase.conditions.map((condition) => ({ ...condition })),
      minSoak: phase.minSoak,
    })),
    stopConditions: [...(parameters.stopConditions ?? [])],
    extra: parameters.extra ?? {},
  };
  return parseReleasePackage(releasePackageToJson(draft as ReleasePackage, { times: 'unix' }));
}
