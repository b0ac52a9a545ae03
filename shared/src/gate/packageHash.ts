import { type Hex, keccak256, stringToBytes } from 'viem';

import { canonicalJson } from '../package/canonicalJson.js';
import type { ReleasePackage } from '../package/schema.js';
import { releasePackageToJson } from '../package/serializeReleasePackage.js';

/**
 * keccak256 of the package's canonical JSON (`releasePackageToJson` with unix times, then `canonicalJson`), so the
 * same package hashes the same however its file was formatted.
 *
 * @example
 * packageHash(parseReleasePackage(json)); // '0x…'
 */
export function packageHash(pkg: ReleasePackage): Hex {
  return keccak256(stringToBytes(canonicalJson(releasePackageToJson(pkg, { times: 'unix' }))));
}
