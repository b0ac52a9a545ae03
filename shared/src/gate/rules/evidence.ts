import type { Hex } from 'viem';

import type { Manifest } from '../../guard/manifest.js';
import { evidenceCompleteness } from '../../package/evidenceCompleteness.js';
import { evidenceHash } from '../../package/evidenceHash.js';
import type { EvidencePacket } from '../../package/evidencePacket.js';
import type { GateReason } from '../types.js';
import type { GateRule } from './rule.js';

/** The evidence packet: `evidenceMissing`, `evidenceIncomplete`, `evidenceHashMismatch` (each holds). */
export const evidence: GateRule = ({ parameters, manifest }) => evidenceReasons(parameters.evidence, manifest);

/**
 * The `hold` reasons of an evidence packet: missing, incomplete or inconsistent with the manifest
 * (`evidenceCompleteness`), or not the packet whose hash the manifest carries.
 *
 * @example
 * evidenceReasons(undefined, manifest); // [{ rule: 'evidenceMissing', decision: 'hold', … }]
 */
export function evidenceReasons(evidence: unknown, manifest: Manifest): GateReason[] {
  if (evidence === undefined) {
    return [
      {
        rule: 'evidenceMissing',
        decision: 'hold',
        message: 'No evidence packet was given. Pass the packet whose evidenceHash is the manifest\'s "evidence".',
        values: { expectedHash: manifest.evidence },
      },
    ];
  }
  const reasons: GateReason[] = [];
  const gaps = evidenceCompleteness(evidence, { manifest });
  if (gaps.length > 0) {
    reasons.push({
      rule: 'evidenceIncomplete',
      decision: 'hold',
      message: `The evidence packet is incomplete: ${gaps.map((gap) => `${gap.part} ${gap.message}`).join('; ')}`,
      values: { parts: gaps.map((gap) => gap.part) },
    });
  }
  let hash: Hex | undefined;
  try {
    hash = evidenceHash(evidence as EvidencePacket);
  } catch {
    hash = undefined;
  }
  if (hash !== manifest.evidence) {
    reasons.push({
      rule: 'evidenceHashMismatch',
      decision: 'hold',
      message:
        `The evidence packet hashes to ${hash ?? '(not canonical JSON)'}, not the manifest's evidence ` +
        `${manifest.evidence}: it is not the packet that was approved.`,
      values: { expectedHash: manifest.evidence, packetHash: hash ?? null },
    });
  }
  return reasons;
}
