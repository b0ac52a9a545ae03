import { type Address, type Hex, isAddressEqual } from 'viem';

import { MalformedMultiSendError, multiSendTransactions } from '../decode/multiSendTransactions.js';
import { BaseError } from '../errors/base.js';

/** A guard error a manifest would be rejected with at registration. */
export type ManifestShapeErrorName =
  | 'ManifestGuardInvalidKind'
  | 'ManifestGuardInvalidWindow'
  | 'ManifestGuardMissingRollback'
  | 'ManifestGuardUnexpectedRollback'
  | 'ManifestGuardInvalidShape'
  | 'ManifestGuardInvalidSoak'
  | 'ManifestGuardInvalidOperation'
  | 'ManifestGuardDelegateCallForbidden'
  | 'ManifestGuardMalformedMultiSend'
  | 'ManifestGuardInvalidCheck'
  | 'ManifestGuardInvalidCondition'
  | 'ManifestGuardPrivilegedEmergency'
  | 'ManifestGuardNotContainment';

/**
 * One reason the registrar would reject a manifest: its custom error, the error's arguments, where, and the fix.
 * The arguments are the error's own, in ABI order, except the manifest id that `ManifestGuardPrivilegedEmergency` and
 * `ManifestGuardNotContainment` start with (the classifier does not hash the manifest): those carry the rest.
 */
export type ManifestShapeIssue = {
  error: ManifestShapeErrorName;
  args: readonly unknown[];
  /** `phases[0].steps[1]`, or the manifest field. */
  path: string;
  message: string;
};

/** The manifest breaks a registration rule of the guard; `issues[0]` is the error `register` reverts with. */
export class ManifestShapeError extends BaseError {
  override name = 'ManifestShapeError';
  readonly issues: readonly ManifestShapeIssue[];
  constructor(issues: readonly ManifestShapeIssue[]) {
    super(`The guard would reject this manifest: ${issues[0]?.error ?? 'unknown'}.`, {
      metaMessages: issues.map((issue) => `${issue.path}: ${issue.message} (${issue.error})`),
    });
    this.issues = issues;
  }
}

/**
 * The operation rules of a step (`_validateOperation`, then the MultiSend decoding the lane classifier does for a
 * delegatecall).
 *
 * @example
 * const issue = operationIssue(step, 0, 0, multiSendCallOnly); // undefined when the step is fine
 */
export function operationIssue(
  step: { to: Address; data: Hex; operation: number },
  phase: number,
  index: number,
  multiSendCallOnly: Address,
): ManifestShapeIssue | undefined {
  const path = `phases[${phase}].steps[${index}]`;
  if (step.operation > 1) {
    return {
      error: 'ManifestGuardInvalidOperation',
      args: [step.operation],
      path: `${path}.operation`,
      message: `operation ${step.operation} is neither call (0) nor delegatecall (1). Use 0 or 1.`,
    };
  }
  if (step.operation === 1 && !isAddressEqual(step.to, multiSendCallOnly)) {
    return {
      error: 'ManifestGuardDelegateCallForbidden',
      args: [step.to],
      path: `${path}.to`,
      message:
        `delegatecall to ${step.to}, which is not the configured MultiSendCallOnly (${multiSendCallOnly}). ` +
        'Make it a call, or batch the calls through MultiSendCallOnly.',
    };
  }
  if (step.operation === 1) {
    try {
      multiSendTransactions(step.data);
    } catch (error) {
      if (!(error instanceof MalformedMultiSendError)) throw error;
      return {
        error: 'ManifestGuardMalformedMultiSend',
        args: [BigInt(error.offset)],
        path: `${path}.data`,
        message: `${error.shortMessage} Rebuild the batch with encodeMultiSend.`,
      };
    }
  }
  return undefined;
}
