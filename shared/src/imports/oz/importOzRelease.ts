import { type Address, type Hex, type PublicClient, getAddress } from 'viem';

import { type BuildUpgradePackageReturnType, buildUpgradePackage } from '../../package/buildUpgradePackage.js';
import type { StopResponseName } from '../../package/schema.js';
import { IncompatibleStorageLayoutError } from './errors.js';
import type { OzNetworkFile } from './networkFile.js';
import { type ResolveOzUpgradeReturnType, resolveOzUpgrade } from './resolveOzUpgrade.js';

export type ImportOzReleaseParameters = {
  client: PublicClient;
  chainId: number;
  guard: Address;
  safe: Address;
  network: OzNetworkFile;
  /** Each proxy with the implementation `upgrades.prepareUpgrade` returned for it: one canary phase each, in order. */
  upgrades: readonly { proxy: Address; newImplementation: Address }[];
  ticket: string;
  title?: string;
  description?: string;
  /** Window start (unix seconds), for the release and its rollback. */
  notBefore: bigint;
  /** The release's window length in seconds. */
  window: bigint;
  /** The rollback's window length in seconds (it must outlast the release's). */
  rollbackWindow: bigint;
  /** Minimum soak after each phase but the last, in seconds. */
  soak: bigint;
  response: StopResponseName;
  /** A view without arguments both implementations answer (Transparent v5 and UUPS checks), e.g. `version()`. */
  checkView: string;
  /**
   * The id of a Rollback manifest built before (e.g. sealed since): the release names it and no rollback is built.
   * Without it, the rollback that restores every current implementation is built too.
   */
  rollbackId?: Hex;
  onProgress?: (message: string) => void;
};
export type ImportOzReleaseReturnType = {
  upgrades: ResolveOzUpgradeReturnType[];
  /** The Rollback package restoring every current implementation, unless `rollbackId` was given. */
  rollback?: BuildUpgradePackageReturnType;
  rollbackId: Hex;
  /** The Release package; its evidence carries the storage-layout reports in `simulation.storageLayout`. */
  release: BuildUpgradePackageReturnType;
};

/**
 * Imports an upgrade prepared with OpenZeppelin's Upgrades plugins (`upgrades.prepareUpgrade`) as a Manifest Guard
 * release: resolves each proxy in the network file and on chain (`resolveOzUpgrade`), refuses an incompatible storage
 * layout, then builds the Rollback package (one phase that restores each current implementation, in reverse order,
 * with the code-hash check of each) and the Release package that names it (one canary phase per proxy, in the order
 * given, each with the code-hash check of its new implementation), with their evidence skeletons. The release's
 * evidence carries upgrades-core's verdict on each layout in `simulation.storageLayout`, where the policy reads it.
 *
 * @throws {IncompatibleStorageLayoutError} when a new layout is not upgrade-safe (each one, with upgrades-core's
 * explanation).
 * @throws the errors of `resolveOzUpgrade` and `buildUpgradePackage`.
 * @example
 * const { release, rollback } = await importOzRelease({
 *   client, chainId: 31337, guard, safe, network: await readNetworkFile(path), upgrades: [{ proxy, newImplementation: v2 }],
 *   ticket: 'REL-7', notBefore: now, window: 30n * 86400n, rollbackWindow: 60n * 86400n, soak: 3600n,
 *   response: 'rollback', checkView: 'version()',
 * });
 */
export async function importOzRelease(parameters: ImportOzReleaseParameters): Promise<ImportOzReleaseReturnType> {
  const { client, chainId, guard, safe, network, ticket, notBefore, response, checkView, onProgress } = parameters;
  const upgrades: ResolveOzUpgradeReturnType[] = [];
  for (const { proxy, newImplementation } of parameters.upgrades) {
    onProgress?.(`reading ${proxy} in ${network.file} and on chain`);
    upgrades.push(await resolveOzUpgrade({ client, chainId, network, proxy, newImplementation }));
  }
  const incompatible = upgrades.filter((upgrade) => !upgrade.layout.ok);
  if (incompatible.length > 0) {
    throw new IncompatibleStorageLayoutError(
      incompatible.map((upgrade) => ({
        proxy: upgrade.proxy.proxy,
        current: upgrade.current.address,
        next: upgrade.layout.implementation,
        errors: upgrade.layout.errors,
      })),
    );
  }

  const common = { client, chainId, guard, safe, notBefore, response, checkView, onProgress };
  let rollback: BuildUpgradePackageReturnType | undefined;
  if (parameters.rollbackId === undefined) {
    rollback = await buildUpgradePackage({
      ...common,
      kind: 'Rollback',
      ticket: `${ticket} rollback`,
      description: `Restores ${upgrades
        .map((upgrade) => `${upgrade.proxy.proxy} to ${upgrade.current.address}`)
        .join(', ')}.`,
      window: parameters.rollbackWindow,
      soak: 0n,
      phases: [
        [...upgrades]
          .reverse()
          .map((upgrade) => ({ proxy: upgrade.proxy.proxy, implementation: upgrade.current.address })),
      ],
    });
  }
  const rollbackId = parameters.rollbackId ?? rollback!.manifestId;
  const release = await buildUpgradePackage({
    ...common,
    kind: 'Release',
    ticket,
    title: parameters.title,
    description: parameters.description,
    rollback: rollbackId,
    window: parameters.window,
    soak: parameters.soak,
    phases: parameters.upgrades.map(({ proxy, newImplementation }) => [
      { proxy: getAddress(proxy), implementation: getAddress(newImplementation) },
    ]),
    simulation: {
      storageLayout: upgrades.map(({ layout }) => ({
        ...(layout.proxy ? { proxy: layout.proxy } : {}),
        implementation: layout.implementation,
        ok: layout.ok,
        errors: [...layout.errors],
      })),
    },
  });
  return { upgrades, ...(rollback ? { rollback } : {}), rollbackId, release };
}
