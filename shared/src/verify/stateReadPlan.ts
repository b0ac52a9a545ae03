import { type Address, type Hex, encodeFunctionData, parseAbi } from 'viem';

import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { accessControlAbi, ownable2StepAbi } from '../generated/openZeppelin.js';
import { safeAbi } from '../generated/safe.js';
import { CheckKind } from '../guard/manifest.js';
import { eip1967Slots } from '../proxy/slots.js';
import { codeHashProbe, codeHashProbeAbi, timestampProbe } from './batchReads.js';
import type { StateContext } from './stateContext.js';
import type { StateExpectations } from './stateExpectations.js';
import { type StateReads, safeGuardSlot, safeModuleGuardSlot } from './stateReads.js';
import { planUpgradeRoles } from './upgradeRoles.js';

/** An UpgradeableBeacon's `implementation()` (what a `upgradeTo` on a beacon sets). */
const beaconAbi = parseAbi(['function implementation() view returns (address)']);

/** Where, in the batch, each read a judgement needs is: slot indexes into the slot words, call indexes into results. */
export type StateReadPlan = ReturnType<typeof planStateReads>;

/**
 * Registers in `reads` every read the judgement of a phase needs, all answered in one batch at one block: the
 * EIP-1967 implementation and admin slots of each upgraded proxy (and a beacon's `implementation()`), `owner()`
 * (and `pendingOwner()` for an owner a step sets), each role a step grants or revokes, the upgrade roles of each
 * `upgradeTo` target, the Safe's guard and module guard slots, each check and watched invariant, and the facts the
 * containment plan needs (the manifest, its rollback and emergency, the freeze, the configuration, the time, the
 * Safe's nonce).
 */
export function planStateReads(context: StateContext, expectations: StateExpectations, reads: StateReads) {
  const { safe, guard } = context;
  const call = (target: Address, data: Hex) => reads.call(target, data);
  const owner = (target: Address) => call(target, encodeFunctionData({ abi: ownable2StepAbi, functionName: 'owner' }));
  const pendingOwner = (target: Address) =>
    call(target, encodeFunctionData({ abi: ownable2StepAbi, functionName: 'pendingOwner' }));
  const manifestRead = (id: Hex | undefined) =>
    id === undefined
      ? undefined
      : call(guard, encodeFunctionData({ abi: manifestGuardAbi, functionName: 'getManifest', args: [id] }));

  const implementations = [...expectations.implementations.values()];
  const grants = [...expectations.roles.values()].filter((change) => change.granted);
  return {
    expectations,
    implementations: implementations.map((expectation) => ({
      expectation,
      slot: reads.slot(expectation.subject, eip1967Slots.implementation),
      beacon:
        expectation.via === 'upgradeTo'
          ? call(expectation.subject, encodeFunctionData({ abi: beaconAbi, functionName: 'implementation' }))
          : undefined,
    })),
    admins: [...expectations.admins.values()].map((expectation) => ({
      expectation,
      slot: reads.slot(expectation.subject, eip1967Slots.admin),
    })),
    owners: [...expectations.owners.values()].map((expectation) => ({
      expectation,
      owner: owner(expectation.subject),
      pending: expectation.explicit ? pendingOwner(expectation.subject) : undefined,
    })),
    upgradeRoles: implementations
      .filter((expectation) => expectation.via === 'upgradeTo')
      .map((expectation) =>
        planUpgradeRoles({ reads, subject: expectation.subject, step: expectation.step, safe, grants }),
      ),
    roles: [...expectations.roles.values()].map((expectation) => ({
      expectation,
      call: call(
        expectation.subject,
        encodeFunctionData({
          abi: accessControlAbi,
          functionName: 'hasRole',
          args: [expectation.role, expectation.account],
        }),
      ),
    })),
    safeGuard: reads.slot(safe, safeGuardSlot),
    moduleGuard: reads.slot(safe, safeModuleGuardSlot),
    checks: context.checks.map((check) =>
      check.kind === CheckKind.CodeHash
        ? call(
            codeHashProbe,
            encodeFunctionData({ abi: codeHashProbeAbi, functionName: 'codeHashOf', args: [check.target] }),
          )
        : call(check.target, check.data),
    ),
    invariants: context.invariants.map((invariant) => call(invariant.read.target, invariant.read.data)),
    facts: {
      manifest: manifestRead(context.manifestId)!,
      rollback: manifestRead(context.rollbackId),
      emergency: manifestRead(context.emergencyId),
      frozenUntil: call(guard, encodeFunctionData({ abi: manifestGuardAbi, functionName: 'frozenUntil' })),
      config: call(guard, encodeFunctionData({ abi: manifestGuardAbi, functionName: 'getConfig' })),
      timestamp: call(timestampProbe, '0x'),
      nonce: call(safe, encodeFunctionData({ abi: safeAbi, functionName: 'nonce' })),
    },
  };
}
