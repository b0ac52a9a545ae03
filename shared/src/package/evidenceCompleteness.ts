import { isAddress, keccak256, zeroHash } from 'viem';

import type { Manifest } from '../guard/manifest.js';
import type { EvidencePart } from './evidencePacket.js';

/** One missing or inconsistent part of an evidence packet, with what to add. */
export type EvidenceGap = { part: EvidencePart; message: string };

/** The packet, typed or as read from JSON (anything: what is not there is reported). */
export type EvidenceCompletenessParameters = unknown;
export type EvidenceCompletenessOptions = {
  /** When given, the packet must also match it: ticket, window, rollback id and every step's calldata hash. */
  manifest?: Manifest;
};
export type EvidenceCompletenessReturnType = EvidenceGap[];

const hash32 = /^0x[0-9a-fA-F]{64}$/;

/**
 * The parts an evidence packet is missing (SPEC "Evidence packet"); empty when it is complete. The gate answers
 * `hold` while this list is not empty.
 *
 * @example
 * const gaps = evidenceCompleteness(packet, { manifest });
 * // [{ part: 'simulation', message: 'missing: add the simulation report (…)' }]
 */
export function evidenceCompleteness(
  packet: EvidenceCompletenessParameters,
  { manifest }: EvidenceCompletenessOptions = {},
): EvidenceCompletenessReturnType {
  const gaps: EvidenceGap[] = [];
  const gap = (part: EvidencePart, message: string) => gaps.push({ part, message });
  const p = isObject(packet) ? packet : {};

  if (!nonEmptyString(p.ticket)) gap('ticket', 'missing: add the change ticket the release implements.');
  else if (manifest && p.ticket !== manifest.ticket) {
    gap('ticket', `is "${p.ticket}" but the manifest's ticket is "${manifest.ticket}": make them equal.`);
  }

  const implementations = Array.isArray(p.implementations) ? p.implementations : [];
  if (implementations.length === 0) {
    gap('implementations', 'missing: list every approved implementation with its runtime code hash.');
  } else {
    implementations.forEach((entry, i) => {
      if (!isObject(entry) || typeof entry.address !== 'string' || !isAddress(entry.address)) {
        gap('implementations', `entry ${i} has no valid address: add the implementation's address.`);
      } else if (typeof entry.codeHash !== 'string' || !hash32.test(entry.codeHash)) {
        gap('implementations', `entry ${i} (${entry.address}) has no code hash: add keccak256 of its runtime code.`);
      }
    });
  }

  const calldataHashes = Array.isArray(p.calldataHashes) ? p.calldataHashes : [];
  if (calldataHashes.length === 0) gap('calldataHashes', "missing: add keccak256 of each step's calldata.");
  else if (manifest) {
    manifest.phases.forEach((phase, phaseIndex) =>
      phase.steps.forEach((step, stepIndex) => {
        const expected = keccak256(step.data);
        const entry = calldataHashes.find(
          (item) => isObject(item) && item.phase === phaseIndex && item.step === stepIndex,
        ) as { hash?: unknown } | undefined;
        if (!entry)
          gap('calldataHashes', `step ${stepIndex} of phase ${phaseIndex} has no calldata hash: add ${expected}.`);
        else if (typeof entry.hash !== 'string' || entry.hash.toLowerCase() !== expected) {
          gap(
            'calldataHashes',
            `step ${stepIndex} of phase ${phaseIndex} lists ${String(entry.hash)} but its calldata hashes to ` +
              `${expected}: the packet does not describe this manifest.`,
          );
        }
      }),
    );
  }

  // A storage-layout report alone (what an import writes) is not a simulation.
  if (!isObject(p.simulation) || Object.keys(p.simulation).filter((key) => key !== 'storageLayout').length === 0) {
    gap('simulation', 'missing: add the simulation report (state changes, authority resolution, expected events).');
  }
  if (!Array.isArray(p.invariants) || p.invariants.length === 0) {
    gap('invariants', 'missing: add the invariant checklist (balances, permissions, pricing, pause behaviour).');
  }

  if (!isObject(p.rollback)) {
    gap('rollback', 'missing: add the rollback artifact (manifest id, signer sequence, dependency order, thresholds).');
  } else {
    const rollback = p.rollback;
    const id = rollback.rollbackManifestId;
    // A Rollback or Emergency manifest is itself the way back: there the id is optional (it may name itself).
    const needsRollbackId = !manifest || manifest.kind === 0;
    if (needsRollbackId && (typeof id !== 'string' || !hash32.test(id) || id === zeroHash)) {
      gap('rollback.rollbackManifestId', 'missing: add the id of the Rollback manifest.');
    } else if (
      manifest &&
      manifest.kind === 0 &&
      typeof id === 'string' &&
      id.toLowerCase() !== manifest.rollback.toLowerCase()
    ) {
      gap('rollback.rollbackManifestId', `is ${id} but the manifest names ${manifest.rollback}: make them equal.`);
    }
    if (!Array.isArray(rollback.signerSequence) || rollback.signerSequence.length === 0) {
      gap('rollback.signerSequence', 'missing: list who signs the rollback, in order.');
    }
    if (!Array.isArray(rollback.dependencyOrder) || rollback.dependencyOrder.length === 0) {
      gap('rollback.dependencyOrder', 'missing: list the order in which contracts are rolled back.');
    }
    if (!isObject(rollback.fallbackThresholds) || Object.keys(rollback.fallbackThresholds).length === 0) {
      gap('rollback.fallbackThresholds', 'missing: add the thresholds that apply when usual signers are unavailable.');
    }
  }

  if (!isObject(p.window) || p.window.notBefore === undefined || p.window.expiry === undefined) {
    gap('window', 'missing: add the release window (notBefore and expiry).');
  } else if (manifest) {
    const notBefore = seconds(p.window.notBefore);
    const expiry = seconds(p.window.expiry);
    if (notBefore !== manifest.notBefore || expiry !== manifest.expiry) {
      gap(
        'window',
        `is ${String(p.window.notBefore)} to ${String(p.window.expiry)} but the manifest's window is ` +
          `${manifest.notBefore} to ${manifest.expiry} (unix seconds): make them equal.`,
      );
    }
  }

  if (!Array.isArray(p.approvals) || p.approvals.length === 0) {
    gap('approvals', 'missing: add the approvals (reviewers and sign-offs) the release collected.');
  }
  return gaps;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function seconds(value: unknown): bigint | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms) && ms % 1000 === 0) return BigInt(ms / 1000);
  }
  return undefined;
}
