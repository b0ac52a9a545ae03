import { type Address, isAddressEqual } from 'viem';

import {
  NewImplementationNotInNetworkFileError,
  ProxyNotInNetworkFileError,
  UnknownOzProxyKindError,
} from './errors.js';
import type { OzImplementationEntry, OzNetworkFile, OzProxyEntry } from './networkFile.js';

/** The proxy kinds of the plugins that Manifest Guard builds upgrades for. */
export const ozProxyKinds = ['transparent', 'uups', 'beacon'] as const;
export type OzProxyKind = (typeof ozProxyKinds)[number];

/**
 * The network file's entry of `proxy`, with its kind.
 *
 * @throws {ProxyNotInNetworkFileError} when the file records no such proxy (the message lists those it records).
 * @throws {UnknownOzProxyKindError} when its kind is not transparent, uups or beacon.
 * @example
 * const { kind } = findOzProxy(network, proxy); // 'transparent'
 */
export function findOzProxy(network: OzNetworkFile, proxy: Address): OzProxyEntry & { kind: OzProxyKind } {
  const entry = network.proxies.find((candidate) => isAddressEqual(candidate.address, proxy));
  if (!entry) {
    throw new ProxyNotInNetworkFileError(
      network.file,
      proxy,
      network.proxies.map((candidate) => candidate.address),
    );
  }
  if (!isOzProxyKind(entry.kind)) throw new UnknownOzProxyKindError(network.file, entry.address, entry.kind);
  return { ...entry, kind: entry.kind };
}

/**
 * The network file's implementation deployed at `address` (its main address or one of `allAddresses`), or undefined.
 *
 * @example
 * findOzImplementation(network, v2)?.layout.storage.map((item) => item.label); // ['_initialized', 'owner', 'value', 'fee']
 */
export function findOzImplementation(network: OzNetworkFile, address: Address): OzImplementationEntry | undefined {
  return network.impls.find(
    (impl) =>
      isAddressEqual(impl.address, address) || impl.allAddresses.some((other) => isAddressEqual(other, address)),
  );
}

/**
 * The new implementation's entry: it must be recorded, which `upgrades.prepareUpgrade` does.
 *
 * @throws {NewImplementationNotInNetworkFileError} when it is not.
 * @example
 * const next = requireNewOzImplementation(network, v2);
 */
export function requireNewOzImplementation(network: OzNetworkFile, address: Address): OzImplementationEntry {
  const entry = findOzImplementation(network, address);
  if (!entry) throw new NewImplementationNotInNetworkFileError(network.file, address);
  return entry;
}

function isOzProxyKind(kind: string): kind is OzProxyKind {
  return (ozProxyKinds as readonly string[]).includes(kind);
}
