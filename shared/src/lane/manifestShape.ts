import { type Address, type Hex, isAddressEqual, maxUint256, zeroAddress, zeroHash } from 'viem';

import { MalformedMultiSendError, multiSendTransactions } from '../decode/multiSendTransactions.js';
import type { Manifest } from '../guard/manifest.js';
import { BaseError } from '../package/baseError.js';
import { manifestBounds } from './manifestBounds.js';

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
  | 'ManifestGuardPrivilegedEmergency';

/** One reason the registrar would reject a manifest: its custom error, the error's arguments, where, and the fix. */
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
 * The operation rules of a step (`_validateOperation`, and with `decodeBatch` the MultiSend decoding the lane
 * classifier does for a delegatecall).
 *
 * @example
 * const issue = operationIssue(step, 0, 0, multiSendCallOnly); // undefined when the step is fine
 */
export function operationIssue(
  step: { to: Address; data: Hex; operation: number },
  phase: number,
  index: number,
  multiSendCallOnly: Address,
  decodeBatch = true,
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
  if (step.operation === 1 && decodeBatch) {
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

export type ValidateManifestShapeParameters = {
  manifest: Manifest;
  /** The configured MultiSendCallOnly (the only allowed delegatecall target). */
  multiSendCallOnly: Address;
  /** Unix seconds of the registration block; without it, `expiry <= now` is not checked. */
  now?: bigint;
  /** The lane, when known (`classifyLane`): the guard rejects a privileged Emergency before it stores the phases. */
  lane?: { lane: 'routine' | 'privileged' };
};
export type ValidateManifestShapeReturnType = ManifestShapeIssue[];

/**
 * Every registration rule of the guard (`ManifestRegistrar`) a manifest breaks, in the order the registrar checks
 * them, so `issues[0]` is the error `register` would revert with: kind, window, rollback by kind, phase count,
 * operations (delegatecall only to the MultiSendCallOnly, with a well-formed batch), then per phase the step count,
 * the soak (at most `MAX_SOAK`), checks (count, kind, response, non-zero target, no data on a code-hash check) and entry conditions (count,
 * non-zero target, `min <= max`), then the total step count. Empty when the shape is valid.
 *
 * Not covered here: step keys already claimed by live manifests and a manifest id already registered (chain
 * state), and the caller's role.
 *
 * @example
 * const issues = validateManifestShape({ manifest, multiSendCallOnly, now: BigInt(Math.floor(Date.now() / 1000)) });
 * if (issues.length > 0) throw new ManifestShapeError(issues);
 */
export function validateManifestShape(parameters: ValidateManifestShapeParameters): ValidateManifestShapeReturnType {
  const { manifest, multiSendCallOnly, now, lane } = parameters;
  const issues: ManifestShapeIssue[] = [];
  const add = (error: ManifestShapeErrorName, args: readonly unknown[], path: string, message: string) =>
    issues.push({ error, args, path, message });

  if (manifest.kind > 2) {
    add('ManifestGuardInvalidKind', [manifest.kind], 'kind', `${manifest.kind} is not a kind. Use 0, 1 or 2.`);
  }
  if (
    manifest.notBefore >= manifest.expiry ||
    (now !== undefined && manifest.expiry <= now) ||
    manifest.expiry > manifestBounds.maxExpiry
  ) {
    add(
      'ManifestGuardInvalidWindow',
      [manifest.notBefore, manifest.expiry, now ?? 0n],
      'expiry',
      `the window ${manifest.notBefore} to ${manifest.expiry} must end after it starts, in the future, and by ` +
        `${manifestBounds.maxExpiry}. Move the expiry.`,
    );
  }
  if (manifest.kind === 0 && manifest.rollback === zeroHash) {
    add('ManifestGuardMissingRollback', [], 'rollback', 'a Release must name its Rollback manifest id.');
  } else if (manifest.kind !== 0 && manifest.rollback !== zeroHash) {
    add(
      'ManifestGuardUnexpectedRollback',
      [manifest.kind, manifest.rollback],
      'rollback',
      'only a Release names a rollback. Set it to bytes32(0).',
    );
  }
  const phaseCount = manifest.phases.length;
  if (phaseCount === 0 || phaseCount > manifestBounds.maxPhases) {
    add(
      'ManifestGuardInvalidShape',
      [maxUint256, BigInt(phaseCount), BigInt(manifestBounds.maxPhases)],
      'phases',
      `${phaseCount} phases; the guard takes 1 to ${manifestBounds.maxPhases}.`,
    );
  }

  // `_computeLane`: every step's operation (and MultiSend batch) in step order. The deployed guard checks every
  // step here, also after a privileged one (pinned by classifyLane.anvil.test.ts).
  const reported = new Set<string>();
  for (const [p, phase] of manifest.phases.entries()) {
    for (const [s, step] of phase.steps.entries()) {
      const issue = operationIssue(step, p, s, multiSendCallOnly);
      if (issue) {
        issues.push(issue);
        reported.add(`${p}/${s}`);
      }
    }
  }
  if (lane?.lane === 'privileged' && manifest.kind === 2) {
    add('ManifestGuardPrivilegedEmergency', [], '(manifest)', 'an Emergency manifest can never be privileged.');
  }

  // `_storePhases`: per phase, step count, checks, conditions, then each step's operation.
  let total = 0;
  manifest.phases.forEach((phase, p) => {
    const count = phase.steps.length;
    const at = `phases[${p}]`;
    if (count === 0 || count > manifestBounds.maxStepsPerPhase) {
      add(
        'ManifestGuardInvalidShape',
        [BigInt(p), BigInt(count), BigInt(manifestBounds.maxStepsPerPhase)],
        `${at}.steps`,
        `${count} steps; a phase takes 1 to ${manifestBounds.maxStepsPerPhase}.`,
      );
    }
    if (phase.minSoak > manifestBounds.maxSoak) {
      add(
        'ManifestGuardInvalidSoak',
        [BigInt(p), phase.minSoak, manifestBounds.maxSoak],
        `${at}.minSoak`,
        `a soak of ${phase.minSoak} s; a phase takes at most ${manifestBounds.maxSoak} s (90 days).`,
      );
    }
    if (phase.checks.length > manifestBounds.maxChecks) {
      add(
        'ManifestGuardInvalidShape',
        [BigInt(p), BigInt(phase.checks.length), BigInt(manifestBounds.maxChecks)],
        `${at}.checks`,
        `${phase.checks.length} checks; a phase takes at most ${manifestBounds.maxChecks}.`,
      );
    }
    phase.checks.forEach((check, i) => {
      if (
        check.kind > 1 ||
        check.response > 2 ||
        check.target === zeroAddress ||
        (check.kind === 1 && check.data !== '0x')
      ) {
        add(
          'ManifestGuardInvalidCheck',
          [BigInt(p), BigInt(i)],
          `${at}.checks[${i}]`,
          'a check needs kind 0 or 1, response 0 to 2, a non-zero target, and no data when it is a code-hash check.',
        );
      }
    });
    if (phase.conditions.length > manifestBounds.maxConditions) {
      add(
        'ManifestGuardInvalidShape',
        [BigInt(p), BigInt(phase.conditions.length), BigInt(manifestBounds.maxConditions)],
        `${at}.conditions`,
        `${phase.conditions.length} conditions; a phase takes at most ${manifestBounds.maxConditions}.`,
      );
    }
    phase.conditions.forEach((condition, i) => {
      if (condition.target === zeroAddress || condition.min > condition.max) {
        add(
          'ManifestGuardInvalidCondition',
          [BigInt(p), BigInt(i)],
          `${at}.conditions[${i}]`,
          'an entry condition needs a non-zero target and min <= max.',
        );
      }
    });
    phase.steps.forEach((step, s) => {
      if (reported.has(`${p}/${s}`)) return;
      const issue = operationIssue(step, p, s, multiSendCallOnly, false); // `_validateOperation`: no batch decoding
      if (issue) issues.push(issue);
    });
    total += count;
  });
  if (total > manifestBounds.maxSteps) {
    add(
      'ManifestGuardInvalidShape',
      [maxUint256, BigInt(total), BigInt(manifestBounds.maxSteps)],
      'phases',
      `${total} steps in all; a manifest takes at most ${manifestBounds.maxSteps}.`,
    );
  }
  return issues;
}
