import { type Address, type Hex, decodeFunctionResult, hexToBigInt, isAddressEqual, keccak256 } from 'viem';

import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { CheckKind, ManifestStatus, type ManifestView, statusName } from '../guard/manifest.js';
import { stopResponseNames } from '../package/schema.js';
import { addressInSlot } from '../proxy/slots.js';
import type { BatchResult } from './batchReads.js';
import { judgeInvariant } from './invariants.js';
import { addressAt, wordAt } from './resultWords.js';
import type { ChainFacts, StateContext } from './stateContext.js';
import type { Expectation } from './stateExpectations.js';
import type { StateReadPlan } from './stateReadPlan.js';
import type { VerifyFinding } from './types.js';

/** The answers of one batch: the slot words and the call results, indexed as the read plan registered them. */
export type StateAnswers = { words: readonly Hex[]; results: readonly BatchResult[] };

/**
 * Judges the answers of a phase's state reads: authority (implementations, admins, owners, roles, upgrade roles,
 * the Safe's guards), the phase's checks, the watched invariants and the guard's cursor; and decodes the facts the
 * containment plan needs.
 */
export function judgeState(
  context: StateContext,
  plan: StateReadPlan,
  answers: StateAnswers,
): { findings: VerifyFinding[]; facts: ChainFacts } {
  const facts = chainFacts(plan, answers.results);
  return {
    findings: [
      ...judgeAuthority(context, plan, answers),
      ...judgeChecks(context, plan, answers.results),
      ...judgeInvariants(context, plan, answers.results),
      ...judgeCursor(context, facts.manifest),
    ],
    facts,
  };
}

function judgeAuthority({ finding }: StateContext, plan: StateReadPlan, { words, results }: StateAnswers) {
  const findings: VerifyFinding[] = [];
  const address = (index: number | undefined) => addressAt(results, index);
  const compare = (
    rule: VerifyFinding['rule'],
    expectation: Expectation,
    actual: Address | undefined,
    what: string,
  ) => {
    if (actual && isAddressEqual(actual, expectation.expected)) return;
    findings.push(
      finding({
        rule,
        message: `${what} of ${expectation.subject} is ${actual ?? 'empty'}, not ${expectation.expected}${
          expectation.step >= 0 ? ` (step ${expectation.step})` : ''
        }.`,
        expected: expectation.expected,
        actual: actual ?? null,
        subject: expectation.subject,
        ...(expectation.step >= 0 ? { step: expectation.step } : {}),
      }),
    );
  };

  for (const { expectation, slot, beacon } of plan.implementations) {
    const inSlot = addressInSlot(words[slot]);
    const fromBeacon = address(beacon);
    if (expectation.via === 'upgradeTo' && !inSlot && fromBeacon) {
      compare('beaconImplementation', expectation, fromBeacon, 'The beacon implementation()');
    } else compare('implementationSlot', expectation, inSlot, 'The EIP-1967 implementation slot');
  }
  for (const { expectation, slot } of plan.admins) {
    compare('adminSlot', expectation, addressInSlot(words[slot]), 'The EIP-1967 admin slot');
  }
  for (const { expectation, owner, pending } of plan.owners) {
    const actual = address(owner);
    if (!actual && !expectation.required) continue;
    const pendingOwner = address(pending);
    if (pendingOwner && isAddressEqual(pendingOwner, expectation.expected)) continue;
    compare('owner', expectation, actual, 'owner()');
  }
  for (const { expectation, call } of plan.roles) {
    const held = wordAt(results, call);
    const actual = held === undefined ? undefined : hexToBigInt(held) !== 0n;
    if (actual === expectation.granted) continue;
    findings.push(
      finding({
        rule: 'role',
        message: `${expectation.account} ${actual ? 'holds' : actual === false ? 'does not hold' : 'cannot be checked for'} role ${expectation.role} on ${expectation.subject}.`,
        expected: String(expectation.granted),
        actual: actual === undefined ? null : String(actual),
        subject: expectation.subject,
        step: expectation.step,
      }),
    );
  }
  for (const judgeRoles of plan.upgradeRoles) findings.push(...judgeRoles(results, finding));

  const { safeGuard } = plan.expectations;
  compare('safeGuard', safeGuard, addressInSlot(words[plan.safeGuard]), "The Safe's guard");
  const moduleGuard = addressInSlot(words[plan.moduleGuard]);
  if (moduleGuard && !isAddressEqual(moduleGuard, safeGuard.expected)) {
    compare('safeGuard', safeGuard, moduleGuard, "The Safe's module guard");
  }
  return findings;
}

function judgeChecks(context: StateContext, plan: StateReadPlan, results: readonly BatchResult[]): VerifyFinding[] {
  return context.checks.flatMap((check, i) => {
    const result = results[plan.checks[i]!]!;
    const codeHash = check.kind === CheckKind.CodeHash;
    const actual = result.success ? (codeHash ? result.returnData : keccak256(result.returnData)) : undefined;
    if (actual === check.expected) return [];
    return [
      context.finding({
        rule: 'check',
        message:
          `Check ${i} of phase ${context.phase} (${codeHash ? 'code hash' : 'result hash'} of ` +
          `${check.target}) reads ${actual ?? 'a revert'}, not ${check.expected}.`,
        expected: check.expected,
        actual: actual ?? null,
        subject: check.target,
        response: stopResponseNames[check.response] ?? 'contain',
      }),
    ];
  });
}

function judgeInvariants(context: StateContext, plan: StateReadPlan, results: readonly BatchResult[]) {
  return context.invariants.flatMap((invariant, i) => {
    const outcome = judgeInvariant(invariant, results[plan.invariants[i]!]!);
    if (outcome.ok) return [];
    return [
      context.finding({
        rule: 'invariant',
        message: `Watched invariant "${invariant.name}" (${invariant.read.target}) reads ${outcome.actual ?? 'a revert'}, expected ${outcome.expected}.`,
        expected: outcome.expected,
        actual: outcome.actual,
        subject: invariant.read.target,
        response: invariant.response,
      }),
    ];
  });
}

/** After the phase the guard's cursor is past it: completed, or approved (or halted) at a later phase. */
function judgeCursor(context: StateContext, manifest: ManifestView | undefined): VerifyFinding[] {
  const past =
    manifest !== undefined &&
    (manifest.status === ManifestStatus.Completed ||
      ((manifest.status === ManifestStatus.Approved || manifest.status === ManifestStatus.Halted) &&
        manifest.currentPhase > context.phase));
  if (past) return [];
  return [
    context.finding({
      rule: 'manifestCursor',
      message: manifest
        ? `The guard's cursor for ${context.manifestId} is at phase ${manifest.currentPhase} step ${manifest.nextStep} (${statusName(manifest.status)}), not past phase ${context.phase}.`
        : `The guard does not know manifest ${context.manifestId}.`,
      expected: context.lastPhase ? 'Completed' : `past phase ${context.phase}`,
      actual: manifest
        ? `${statusName(manifest.status)}, phase ${manifest.currentPhase}, step ${manifest.nextStep}`
        : null,
      subject: context.guard,
    }),
  ];
}

function chainFacts(plan: StateReadPlan, results: readonly BatchResult[]): ChainFacts {
  const manifest = (index: number | undefined) => {
    const result = index === undefined ? undefined : results[index];
    return result?.success
      ? decodeFunctionResult({ abi: manifestGuardAbi, functionName: 'getManifest', data: result.returnData })
      : undefined;
  };
  const uint = (index: number) => {
    const value = wordAt(results, index);
    return value === undefined ? 0n : hexToBigInt(value);
  };
  const config = results[plan.facts.config];
  return {
    timestamp: uint(plan.facts.timestamp),
    safeNonce: uint(plan.facts.nonce),
    frozenUntil: uint(plan.facts.frozenUntil),
    maxFreeze: config?.success
      ? BigInt(
          decodeFunctionResult({ abi: manifestGuardAbi, functionName: 'getConfig', data: config.returnData }).maxFreeze,
        )
      : 0n,
    manifest: manifest(plan.facts.manifest),
    rollback: manifest(plan.facts.rollback),
    emergency: manifest(plan.facts.emergency),
  };
}
