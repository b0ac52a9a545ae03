import { type Hex, keccak256, stringToBytes } from 'viem';

import { canonicalJson } from './canonicalJson.js';
/**
 * An evidence packet as written (any JSON value): the hash is over what the team wrote and will hand to signers,
 * complete or not; `evidenceCompleteness` says separately what is missing.
 */
export type EvidenceHashParameters = unknown;
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
