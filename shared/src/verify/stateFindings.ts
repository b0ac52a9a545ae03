import {
  type Address,
  type Hex,
  decodeFunctionResult,
  encodeFunctionData,
  hexToBigInt,
  isAddressEqual,
  keccak256,
  parseAbi,
} from 'viem';

import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { CheckKind, type Check, ManifestStatus, statusName } from '../guard/manifest.js';
import { type StopResponseName, stopResponseNames } from '../package/schema.js';
import { addressInSlot, eip1967Slots } from '../proxy/slots.js';
import { type BatchResult, codeHashProbe, codeHashProbeAbi, timestampProbe } from './batchReads.js';
import type { Effect } from './effects.js';
import { type Invariant, judgeInvariant } from './invariants.js';
import { addressAt, wordAt } from './resultWords.js';
import { StateReads, safeGuardSlot, safeModuleGuardSlot } from './stateReads.js';
import { planUpgradeRoles } from './upgradeRoles.js';
import type { VerifyFinding } from './types.js';

const viewAbi = parseAbi([
  'function owner() view returns (address)',
  'function pendingOwner() view returns (address)',
  'function implementation() view returns (address)',
  'function hasRole(bytes32 role, address account) view returns (bool)',
  'function nonce() view returns (uint256)',
]);

/** A manifest's on-chain state as `getManifest` answers it. */
export type GuardManifestView = ReturnType<typeof decodeManifestView>;
const decodeManifestView = (data: Hex) =>
  decodeFunctionResult({ abi: manifestGuardAbi, functionName: 'getManifest', data });

/** What the containment plan needs from the chain, read in the same batch as the state. */
export type ChainFacts = {
  timestamp: bigint;
  safeNonce: bigint;
  frozenUntil: bigint;
  maxFreeze: bigint;
  manifest: GuardManifestView | undefined;
  rollback: GuardManifestView | undefined;
  emergency: GuardManifestView | undefined;
};

export type StateContext = {
  safe: Address;
  guard: Address;
  manifestId: Hex;
  rollbackId: Hex | undefined;
  emergencyId: Hex | undefined;
  phase: number;
  lastPhase: boolean;
  effects: readonly Effect[];
  checks: readonly Check[];
  invariants: readonly Invariant[];
  finding: (finding: Omit<VerifyFinding, 'response'> & { response?: StopResponseName }) => VerifyFinding;
};

type Expectation = { subject: Address; expected: Address; step: number };

/**
 * Plans the state reads of a verification and answers how to judge them: for each proxy the phase touches, its
 * EIP-1967 implementation and admin slots (or its beacon's `implementation()`) against the step's calldata; `owner()`
 * of each ProxyAdmin, beacon and UUPS proxy (the Safe, unless a step transfers it) and the roles steps grant or
 * revoke; the Safe's guard slot; the manifest's cursor; the phase's checks and the package's watched invariants.
 *
 * @example
 * const reads = new StateReads();
 * const judge = planState(context, reads);
 * const { findings, facts } = judge(words, results);
 */
export function planState(
  context: StateContext,
  reads: StateReads,
): (words: readonly Hex[], results: readonly BatchResult[]) => { findings: VerifyFinding[]; facts: ChainFacts } {
  const { safe, guard, finding } = context;
  const implementations = new Map<Address, Expectation & { via: 'proxyAdmin' | 'upgradeTo' }>();
  const admins = new Map<Address, Expectation>();
  const owners = new Map<Address, Expectation & { explicit: boolean; required: boolean }>();
  const roles = new Map<string, { subject: Address; role: Hex; account: Address; granted: boolean; step: number }>();
  let safeGuard: Expectation = { subject: safe, expected: guard, step: -1 };
  for (const effect of context.effects) {
    switch (effect.kind) {
      case 'transparentUpgrade':
        implementations.set(effect.proxy, {
          subject: effect.proxy,
          expected: effect.implementation,
          step: effect.step,
          via: 'proxyAdmin',
        });
        admins.set(effect.proxy, { subject: effect.proxy, expected: effect.proxyAdmin, step: effect.step });
        if (!owners.get(effect.proxyAdmin)?.explicit) {
          const authority = { subject: effect.proxyAdmin, expected: safe, step: effect.step };
          owners.set(effect.proxyAdmin, { ...authority, explicit: false, required: true });
        }
        break;
      case 'upgradeTo':
        implementations.set(effect.target, {
          subject: effect.target,
          expected: effect.implementation,
          step: effect.step,
          via: 'upgradeTo',
        });
        if (!owners.get(effect.target)?.explicit) {
          const authority = { subject: effect.target, expected: safe, step: effect.step };
          owners.set(effect.target, { ...authority, explicit: false, required: false });
        }
        break;
      case 'adminChange':
        admins.set(effect.proxy, { subject: effect.proxy, expected: effect.admin, step: effect.step });
        break;
      case 'ownerChange':
        owners.set(effect.target, {
          subject: effect.target,
          expected: effect.owner,
          step: effect.step,
          explicit: true,
          required: true,
        });
        break;
      case 'roleChange':
        roles.set(`${effect.target}:${effect.role}:${effect.account}`, { subject: effect.target, ...effect });
        break;
      case 'guardChange':
        safeGuard = { subject: safe, expected: effect.guard, step: effect.step };
        break;
    }
  }

  const view = (target: Address, functionName: 'owner' | 'pendingOwner' | 'implementation' | 'nonce') =>
    reads.call(target, encodeFunctionData({ abi: viewAbi, functionName }));
  const guardCall = (data: Hex) => reads.call(guard, data);
  const manifestRead = (id: Hex | undefined) =>
    id === undefined
      ? undefined
      : guardCall(encodeFunctionData({ abi: manifestGuardAbi, functionName: 'getManifest', args: [id] }));

  const implementationReads = [...implementations.values()].map((expectation) => ({
    expectation,
    slot: reads.slot(expectation.subject, eip1967Slots.implementation),
    beacon: expectation.via === 'upgradeTo' ? view(expectation.subject, 'implementation') : undefined,
  }));
  const adminReads = [...admins.values()].map((expectation) => ({
    expectation,
    slot: reads.slot(expectation.subject, eip1967Slots.admin),
  }));
  const ownerReads = [...owners.values()].map((expectation) => ({
    expectation,
    owner: view(expectation.subject, 'owner'),
    pending: expectation.explicit ? view(expectation.subject, 'pendingOwner') : undefined,
  }));
  const grants = [...roles.values()].filter((change) => change.granted);
  const upgradeRoleJudges = [...implementations.values()]
    .filter((expectation) => expectation.via === 'upgradeTo')
    .map((expectation) =>
      planUpgradeRoles({ reads, subject: expectation.subject, step: expectation.step, safe, grants }),
    );
  const roleReads = [...roles.values()].map((expectation) => ({
    expectation,
    call: reads.call(
      expectation.subject,
      encodeFunctionData({ abi: viewAbi, functionName: 'hasRole', args: [expectation.role, expectation.account] }),
    ),
  }));
  const guardSlot = reads.slot(safe, safeGuardSlot);
  const moduleGuardSlot = reads.slot(safe, safeModuleGuardSlot);
  const checkReads = context.checks.map((check) =>
    check.kind === CheckKind.CodeHash
      ? reads.call(
          codeHashProbe,
          encodeFunctionData({ abi: codeHashProbeAbi, functionName: 'codeHashOf', args: [check.target] }),
        )
      : reads.call(check.target, check.data),
  );
  const invariantReads = context.invariants.map((invariant) => reads.call(invariant.read.target, invariant.read.data));
  const facts = {
    manifest: manifestRead(context.manifestId)!,
    rollback: manifestRead(context.rollbackId),
    emergency: manifestRead(context.emergencyId),
    frozenUntil: guardCall(encodeFunctionData({ abi: manifestGuardAbi, functionName: 'frozenUntil' })),
    config: guardCall(encodeFunctionData({ abi: manifestGuardAbi, functionName: 'getConfig' })),
    timestamp: reads.call(timestampProbe, '0x'),
    nonce: view(safe, 'nonce'),
  };

  return (words, results) => {
    const findings: VerifyFinding[] = [];
    const address = (index: number | undefined) => addressAt(results, index);
    const word = (index: number) => wordAt(results, index);
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

    for (const { expectation, slot, beacon } of implementationReads) {
      const inSlot = addressInSlot(words[slot]);
      const fromBeacon = address(beacon);
      if (expectation.via === 'upgradeTo' && !inSlot && fromBeacon) {
        compare('beaconImplementation', expectation, fromBeacon, 'The beacon implementation()');
      } else compare('implementationSlot', expectation, inSlot, 'The EIP-1967 implementation slot');
    }
    for (const { expectation, slot } of adminReads) {
      compare('adminSlot', expectation, addressInSlot(words[slot]), 'The EIP-1967 admin slot');
    }
    for (const { expectation, owner, pending } of ownerReads) {
      const actual = address(owner);
      if (!actual && !expectation.required) continue;
      const pendingOwner = address(pending);
      if (pendingOwner && isAddressEqual(pendingOwner, expectation.expected)) continue;
      compare('owner', expectation, actual, 'owner()');
    }
    for (const { expectation, call } of roleReads) {
      const held = word(call);
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
    for (const judgeRoles of upgradeRoleJudges) findings.push(...judgeRoles(results, finding));
    compare('safeGuard', safeGuard, addressInSlot(words[guardSlot]), "The Safe's guard");
    const moduleGuard = addressInSlot(words[moduleGuardSlot]);
    if (moduleGuard && !isAddressEqual(moduleGuard, safeGuard.expected)) {
      compare('safeGuard', safeGuard, moduleGuard, "The Safe's module guard");
    }

    context.checks.forEach((check, i) => {
      const result = results[checkReads[i]!]!;
      const actual =
        check.kind === CheckKind.CodeHash
          ? result.success
            ? result.returnData
            : undefined
          : result.success
            ? keccak256(result.returnData)
            : undefined;
      if (actual === check.expected) return;
      findings.push(
        finding({
          rule: 'check',
          message:
            `Check ${i} of phase ${context.phase} (${check.kind === CheckKind.CodeHash ? 'code hash' : 'result hash'} of ` +
            `${check.target}) reads ${actual ?? 'a revert'}, not ${check.expected}.`,
          expected: check.expected,
          actual: actual ?? null,
          subject: check.target,
          response: stopResponseNames[check.response] ?? 'contain',
        }),
      );
    });
    context.invariants.forEach((invariant, i) => {
      const result = results[invariantReads[i]!]!;
      const outcome = judgeInvariant(invariant, result);
      if (outcome.ok) return;
      findings.push(
        finding({
          rule: 'invariant',
          message: `Watched invariant "${invariant.name}" (${invariant.read.target}) reads ${outcome.actual ?? 'a revert'}, expected ${outcome.expected}.`,
          expected: outcome.expected,
          actual: outcome.actual,
          subject: invariant.read.target,
          response: invariant.response,
        }),
      );
    });

    const decode = (index: number | undefined) => {
      const result = index === undefined ? undefined : results[index];
      return result?.success ? decodeManifestView(result.returnData) : undefined;
    };
    const manifest = decode(facts.manifest);
    const cursorOk =
      manifest !== undefined &&
      (manifest.status === ManifestStatus.Completed ||
        ((manifest.status === ManifestStatus.Approved || manifest.status === ManifestStatus.Halted) &&
          manifest.currentPhase > context.phase));
    if (!cursorOk) {
      findings.push(
        finding({
          rule: 'manifestCursor',
          message: manifest
            ? `The guard's cursor for ${context.manifestId} is at phase ${manifest.currentPhase} step ${manifest.nextStep} (${statusName(manifest.status)}), not past phase ${context.phase}.`
            : `The guard does not know manifest ${context.manifestId}.`,
          expected: context.lastPhase ? 'Completed' : `past phase ${context.phase}`,
          actual: manifest
            ? `${statusName(manifest.status)}, phase ${manifest.currentPhase}, step ${manifest.nextStep}`
            : null,
          subject: guard,
        }),
      );
    }
    const config = results[facts.config];
    const uint = (index: number) => {
      const value = word(index);
      return value === undefined ? 0n : hexToBigInt(value);
    };
    return {
      findings,
      facts: {
        timestamp: uint(facts.timestamp),
        safeNonce: uint(facts.nonce),
        frozenUntil: uint(facts.frozenUntil),
        maxFreeze: config?.success
          ? BigInt(
              decodeFunctionResult({ abi: manifestGuardAbi, functionName: 'getConfig', data: config.returnData })
                .maxFreeze,
            )
          : 0n,
        manifest,
        rollback: decode(facts.rollback),
        emergency: decode(facts.emergency),
      },
    };
  };
}
