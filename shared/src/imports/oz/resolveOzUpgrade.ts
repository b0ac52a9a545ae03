import { type Address, type PublicClient, getAddress, isAddressEqual, zeroAddress } from 'viem';

import type { StorageLayoutReport } from '../../policy/storageLayoutReport.js';
import { type DetectProxyKindReturnType, detectProxyKind } from '../../proxy/detectProxyKind.js';
import { compareOzLayouts } from './compareOzLayouts.js';
import {
  AlreadyUpgradedError,
  CurrentImplementationNotInNetworkFileError,
  NetworkFileChainMismatchError,
  OzProxyKindMismatchError,
} from './errors.js';
import {
  type OzProxyKind,
  findOzImplementation,
  findOzProxy,
  requireNewOzImplementation,
} from './findInNetworkFile.js';
import type { OzImplementationEntry, OzNetworkFile } from './networkFile.js';
import { networkFileChainId } from './networkFileChain.js';

export type ResolveOzUpgradeParameters = {
  client: PublicClient;
  /** The chain the client is connected to. */
  chainId: number;
  network: OzNetworkFile;
  proxy: Address;
  /** The implementation `upgrades.prepareUpgrade` returned. */
  newImplementation: Address;
};
export type ResolveOzUpgradeReturnType = {
  /** What `detectProxyKind` found on chain. */
  proxy: DetectProxyKindReturnType;
  /** The kind the network file records. */
  fileKind: OzProxyKind;
  /** The implementation the proxy runs now (read on chain), with its entry in the file. */
  current: OzImplementationEntry & { address: Address };
  next: OzImplementationEntry;
  /** upgrades-core's verdict on the two layouts (not ok: `errors` says why). */
  layout: StorageLayoutReport;
};
export type ResolveOzUpgradeErrorType =
  | NetworkFileChainMismatchError
  | OzProxyKindMismatchError
  | CurrentImplementationNotInNetworkFileError
  | AlreadyUpgradedError;

/**
 * Finds an upgrade prepared with OpenZeppelin's Upgrades plugins: the proxy in the network file, its kind and the
 * implementation it runs now read on chain (EIP-1967 slots, `detectProxyKind`), both implementations' storage
 * layouts in the file, and upgrades-core's verdict on them. An incompatible layout is returned (`layout.ok` false),
 * not thrown: the caller says it.
 *
 * @throws {NetworkFileChainMismatchError} when the file's name says another chain.
 * @throws {ProxyNotInNetworkFileError} / {UnknownOzProxyKindError} when the file has no such proxy, or one of a kind
 * without builders.
 * @throws {NewImplementationNotInNetworkFileError} when the new implementation is not recorded (prepareUpgrade first).
 * @throws {OzProxyKindMismatchError} when the proxy on chain is of another kind than the file says.
 * @throws {CurrentImplementationNotInNetworkFileError} when the implementation running on chain is not in the file.
 * @throws {AlreadyUpgradedError} when the proxy already runs the new implementation.
 * @example
 * const upgrade = await resolveOzUpgrade({ client, chainId: 31337, network, proxy, newImplementation: v2 });
 * upgrade.proxy.kind; // 'transparent-v5'
 * upgrade.layout.ok; // true
 */
export async function resolveOzUpgrade(parameters: ResolveOzUpgradeParameters): Promise<ResolveOzUpgradeReturnType> {
  const { client, chainId, network, newImplementation } = parameters;
  const fileChainId = networkFileChainId({ file: network.file });
  if (fileChainId !== undefined && fileChainId !== chainId) {
    throw new NetworkFileChainMismatchError(network.file, fileChainId, chainId);
  }
  const entry = findOzProxy(network, parameters.proxy);
  const next = requireNewOzImplementation(network, newImplementation);
  const proxy = await detectProxyKind({ client, address: entry.address });
  const chainKind = proxy.kind === 'transparent-v4' || proxy.kind === 'transparent-v5' ? 'transparent' : proxy.kind;
  if (chainKind !== entry.kind) throw new OzProxyKindMismatchError(entry.address, entry.kind, proxy.kind);
  const running = proxy.implementation;
  if (running === undefined) {
    throw new CurrentImplementationNotInNetworkFileError(network.file, entry.address, zeroAddress);
  }
  if (isAddressEqual(running, newImplementation)) throw new AlreadyUpgradedError(entry.address, running);
  const current = findOzImplementation(network, running);
  if (!current) throw new CurrentImplementationNotInNetworkFileError(network.file, entry.address, running);
  return {
    proxy,
    fileKind: entry.kind,
    current: { ...current, address: running },
    next,
    layout: compareOzLayouts({
      current: current.layout,
      next: next.layout,
      proxy: entry.address,
      implementation: getAddress(newImplementation),
    }),
  };
}
