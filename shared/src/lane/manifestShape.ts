import { type Address, maxUint256, zeroAddress, zeroHash } from 'viem';

import type { Manifest } from '../guard/manifest.js';
import { type LaneContext, laneClassification } from './classifyLane.js';
import { manifestBounds } from './manifestBounds.js';
import { type ManifestShapeIssue, operationIssue } from './shapeIssue.js';

export {
  type ManifestShapeErrorName,
  type ManifestShapeIssue,
  ManifestShapeError,
  operationIssue,
} from './shapeIssue.js';

export type ValidateManifestShapeParameters = {
  manifest: Manifest;
  /** The configured MultiSendCallOnly (the only allowed delegatecall target). */
  multiSendCallOnly: Address;
  /** Unix seconds of the registration block; without it, `expiry <= now` is not checked. */
  now?: bigint;
  /**
   * The lane context (Safe, guard, fallback handler, authorities, selectors, containment set), when known: then the
   * lane rules of registration are checked too, where the registrar checks them (a privileged Emergency, an
   * Emergency call outside the containment set).
   */
  laneContext?: Omit<LaneContext, 'multiSendCallOnly'>;
};
export type ValidateManifestShapeReturnType = ManifestShapeIssue[];

/**
 * Every registration rule of the guard (`ManifestRegistrar`) a manifest breaks, in the order the registrar checks
 * them, so `issues[0]` is the error `register` would revert with. The header first (`_validateHeader`, before the
 * manifest is even hashed): kind, window, rollback by kind, phase count, each phase's step, check and condition
 * counts, the total step count; then the lane (`_classify`): every step's operation (delegatecall only to the
 * MultiSendCallOnly, with a well-formed batch) and, with `laneContext`, the Emergency rules; then per phase
 * (`_storePhases`) the soak (at most `MAX_SOAK`), each check (kind, response, non-zero target, no data on a
 * code-hash check) and each entry condition (non-zero target, `min <= max`). Empty when the shape is valid.
 *
 * Not covered here: step keys already claimed by live manifests and a manifest id already registered (chain
 * state), and the caller's role.
 *
 * @example
 * const issues = validateManifestShape({ manifest, multiSendCallOnly, now: BigInt(Math.floor(Date.now() / 1000)) });
 * if (issues.length > 0) throw new ManifestShapeError(issues);
 */
export function validateManifestShape(parameters: ValidateManifestShapeParameters): ValidateManifestShapeReturnType {
  const { manifest, multiSendCallOnly, now, laneContext } = parameters;
  const issues: ManifestShapeIssue[] = [];
  const add = (error: ManifestShapeIssue['error'], args: readonly unknown[], path: string, message: string) =>
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

  let total = 0;
  manifest.phases.forEach((phase, p) => {
    const count = phase.steps.length;
    if (count === 0 || count > manifestBounds.maxStepsPerPhase) {
      add(
        'ManifestGuardInvalidShape',
        [BigInt(p), BigInt(count), BigInt(manifestBounds.maxStepsPerPhase)],
        `phases[${p}].steps`,
        `${count} steps; a phase takes 1 to ${manifestBounds.maxStepsPerPhase}.`,
      );
    }
    const at = `phases[${p}]`;
    if (phase.checks.length > manifestBounds.maxChecks) {
      add(
        'ManifestGuardInvalidShape',
        [BigInt(p), BigInt(phase.checks.length), BigInt(manifestBounds.maxChecks)],
        `${at}.checks`,
        `${phase.checks.length} checks; a phase takes at most ${manifestBounds.maxChecks}.`,
      );
    }
    if (phase.conditions.length > manifestBounds.maxConditions) {
      add(
        'ManifestGuardInvalidShape',
        [BigInt(p), BigInt(phase.conditions.length), BigInt(manifestBounds.maxConditions)],
        `${at}.conditions`,
        `${phase.conditions.length} conditions; a phase takes at most ${manifestBounds.maxConditions}.`,
      );
    }
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

  // `_classify`: every step's operation (and MultiSend batch) in step order, also after a privileged step (pinned by
  // classifyLane.anvil.test.ts); then, for an Emergency, its lane and containment rules.
  if (laneContext) {
    issues.push(...laneClassification({ ...laneContext, multiSendCallOnly, manifest }).issues);
  } else {
    manifest.phases.forEach((phase, p) =>
      phase.steps.forEach((step, s) => {
        const issue = operationIssue(step, p, s, multiSendCallOnly);
        if (issue) issues.push(issue);
      }),
    );
  }

  // `_storePhases`: per phase, the soak, then each check and entry condition.
  manifest.phases.forEach((phase, p) => {
    const at = `phases[${p}]`;
    if (phase.minSoak > manifestBounds.maxSoak) {
      add(
        'ManifestGuardInvalidSoak',
        [BigInt(p), phase.minSoak, manifestBounds.maxSoak],
        `${at}.minSoak`,
        `a soak of ${phase.minSoak} s; a phase takes at most ${manifestBounds.maxSoak} s (90 days).`,
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
  });
  return issues;
}
