import type { Hex } from 'viem';

import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { decodeGuardError } from '../guard/guardErrors.js';
import { guardHint } from '../guard/guardHints.js';
import type { GateReason, GateValue } from './types.js';

/** The guard's errors that mean "never with this transaction" (the rest mean "not yet"). */
const rejectErrors = new Set([
  'ManifestGuardNoMatchingStep',
  'ManifestGuardStepOutOfOrder',
  'ManifestGuardWrongChain',
  'ManifestGuardNotExecutor',
  'ManifestGuardRefundForbidden',
  'ManifestGuardDelegateCallForbidden',
  'ManifestGuardInvalidOperation',
  'ManifestGuardMalformedMultiSend',
  'ManifestGuardExpired',
  'ManifestGuardManifestHalted',
  'ManifestGuardManifestCancelled',
  'ManifestGuardInvalidStatus',
  'ManifestGuardUnknownManifest',
  'ManifestGuardCallerNotSafe',
]);

/**
 * The gate reason for the guard's verdict (`explainTransaction(...).reason`, the guard's ABI-encoded custom error):
 * rule `guard:<ErrorName>`, `reject` or `hold` by what the error means, the decoded arguments as values.
 *
 * @example
 * guardReason(verdict.reason); // { rule: 'guard:ManifestGuardNoMatchingStep', decision: 'reject', … }
 */
export function guardReason(reason: Hex): GateReason {
  const decoded = decodeGuardError(reason);
  if (!decoded) {
    return {
      rule: 'guard:unknown',
      decision: 'reject',
      message: `The guard rejects the transaction with data it does not name (${reason.slice(0, 10)}…).`,
      values: { reason },
    };
  }
  const abi = manifestGuardAbi as readonly { type: string; name?: string; inputs?: readonly { name?: string }[] }[];
  const inputs = abi.find((item) => item.type === 'error' && item.name === decoded.errorName)?.inputs ?? [];
  const values: { [name: string]: GateValue } = {};
  decoded.args.forEach((arg, index) => {
    values[inputs[index]?.name || String(index)] = typeof arg === 'bigint' ? arg.toString() : (arg as GateValue);
  });
  values.guardError = decoded.errorName;
  return {
    rule: `guard:${decoded.errorName}`,
    decision: rejectErrors.has(decoded.errorName) ? 'reject' : 'hold',
    message: `The guard on chain says ${decoded.summary}: ${guardHint(decoded).sentence}`,
    values,
  };
}

/** The gate's short rule name for the guard's "not yet" errors a pipeline branches on. */
const ruleNames: Record<string, string> = {
  ManifestGuardTooEarly: 'tooEarly',
  ManifestGuardSoakNotElapsed: 'soakNotElapsed',
  ManifestGuardPhaseGateClosed: 'phaseGateClosed',
  ManifestGuardFrozen: 'frozen',
  ManifestGuardNotApproved: 'notApproved',
  ManifestGuardExpired: 'expired',
  ManifestGuardLaneStale: 'laneStale',
  ManifestGuardApprovalsLapsed: 'approvalsLapsed',
  ManifestGuardEntryConditionFailed: 'entryCondition',
  ManifestGuardRollbackNotArmed: 'rollbackNotArmed',
  ManifestGuardRollbackNotReady: 'rollbackNotReady',
  ManifestGuardRollbackNotExecutable: 'rollbackNotReady',
  ManifestGuardRollbackBound: 'rollbackNotReady',
  ManifestGuardRollbackExpiresFirst: 'rollbackNotReady',
};

/**
 * `guardReason`, named for what it means to a release (`tooEarly`, `soakNotElapsed`, `phaseGateClosed`, …): the
 * gate's reading of the guard's derived state (`manifestState(id).reason`), never a rule restated in TypeScript.
 *
 * @example
 * namedGuardReason(state.reason); // { rule: 'tooEarly', decision: 'hold', message: 'The guard on chain says …' }
 */
export function namedGuardReason(reason: Hex): GateReason {
  const named = guardReason(reason);
  const rule = ruleNames[String(named.values.guardError)];
  return rule ? { ...named, rule } : named;
}
