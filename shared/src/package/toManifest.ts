import { zeroHash } from 'viem';

import { type Manifest, CheckKind, ManifestKind, StopResponse } from '../guard/manifest.js';
import type { CheckKindName, ManifestKindName, OperationName, ReleasePackage, StopResponseName } from './schema.js';

export type ToManifestParameters = ReleasePackage;
export type ToManifestReturnType = Manifest;

export const manifestKindOf: Record<ManifestKindName, number> = ManifestKind;
export const operationOf: Record<OperationName, number> = { call: 0, delegatecall: 1 };
export const checkKindOf: Record<CheckKindName, number> = {
  resultHash: CheckKind.ResultHash,
  codeHash: CheckKind.CodeHash,
};
export const stopResponseOf: Record<StopResponseName, number> = {
  rollback: StopResponse.Rollback,
  contain: StopResponse.Contain,
  observe: StopResponse.Observe,
};

/**
 * The manifest of a release package, exactly as the guard's ABI takes it (`register`, `manifestId`,
 * `computeLane`): names become the contract's enum numbers, a missing rollback becomes `bytes32(0)`.
 *
 * @example
 * const id = manifestId({ manifest: toManifest(pkg), chainId: pkg.chainId, guard: pkg.guard });
 */
export function toManifest(pkg: ToManifestParameters): ToManifestReturnType {
  return {
    kind: manifestKindOf[pkg.kind],
    ticket: pkg.ticket,
    notBefore: pkg.notBefore,
    expiry: pkg.expiry,
    rollback: pkg.rollback ?? zeroHash,
    evidence: pkg.evidence,
    phases: pkg.phases.map((phase) => ({
      steps: phase.steps.map((step) => ({
        to: step.to,
        value: step.value,
        operation: operationOf[step.operation],
        data: step.data,
      })),
      checks: phase.checks.map((check) => ({
        kind: checkKindOf[check.kind],
        target: check.target,
        data: check.data,
        expected: check.expected,
        response: stopResponseOf[check.response],
      })),
      conditions: phase.conditions.map((condition) => ({
        target: condition.target,
        data: condition.data,
        min: condition.min,
        max: condition.max,
      })),
      minSoak: phase.minSoak,
    })),
  };
}
