import { type Hex, keccak256, stringToBytes } from 'viem';

import { canonicalJson } from './canonicalJson.js';
import type { EvidencePacket } from './evidencePacket.js';

export type EvidenceHashParameters = EvidencePacket;
export type EvidenceHashReturnType = Hex;

/**
 * The manifest's `evidence` field: keccak256 of the UTF-8 bytes of the packet's canonical JSON (`canonicalJson`:
 * sorted keys, no whitespace), so the same packet hashes the same whatever its key order or formatting.
 *
 * @example
 * const evidence = evidenceHash(packet); // '0x…' (32 bytes)
 */
export function evidenceHash(packet: EvidenceHashParameters): EvidenceHashReturnType {
  return keccak256(stringToBytes(canonicalJson(packet)));
}
