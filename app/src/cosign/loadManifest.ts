import type { Address, Hex, PublicClient } from 'viem';

import { type Manifest, manifestId, parseReleasePackage, toManifest } from '../../../shared/src/index.js';
import { registeredManifest } from '../guard/readGuard.js';
import { ManifestMismatchError } from './errors.js';

/**
 * The full manifest (with every step's calldata): from its registration transaction, or from a release package
 * JSON that must hash to the same id.
 *
 * @throws {ReleasePackageError} for a package that does not parse; {ManifestMismatchError} for another manifest.
 */
export async function loadManifest(args: {
  client: PublicClient;
  guard: Address;
  chainId: number;
  id: Hex;
  registeredIn: Hex | undefined;
  packageJson?: string;
}): Promise<Manifest | undefined> {
  if (args.packageJson?.trim()) {
    const manifest = toManifest(parseReleasePackage(args.packageJson));
    const id = manifestId({ manifest, chainId: args.chainId, guard: args.guard });
    if (id !== args.id) throw new ManifestMismatchError(args.id, id);
    return manifest;
  }
  const manifest = await registeredManifest(args.client, args.registeredIn);
  if (manifest && manifestId({ manifest, chainId: args.chainId, guard: args.guard }) !== args.id) return undefined;
  return manifest;
}
