import type { Address } from 'viem';

import { BaseError } from '../../errors/base.js';

/** The network file cannot be used: it is not JSON, or not the shape OpenZeppelin's Upgrades plugins write. */
export class NetworkFileUnreadableError extends BaseError {
  override name = 'NetworkFileUnreadableError';
  readonly file: string;
  constructor(file: string, problem: string, details: readonly string[] = []) {
    super(`${file} is not an OpenZeppelin Upgrades network file: ${problem}.`, {
      metaMessages: [
        ...details,
        'Pass the file the Upgrades plugin wrote for this chain (.openzeppelin/<network>.json, or on a local node the ' +
          'one in <tmpdir>/openzeppelin-upgrades/), unchanged.',
      ],
    });
    this.file = file;
  }
}

/** The network file was written for another chain than the one the RPC answers for. */
export class NetworkFileChainMismatchError extends BaseError {
  override name = 'NetworkFileChainMismatchError';
  constructor(file: string, fileChainId: number, chainId: number) {
    super(`${file} is the network file of chain ${fileChainId}, but the RPC answers for chain ${chainId}.`, {
      metaMessages: [
        `Pass the network file of chain ${chainId} (.openzeppelin/ has one file per network), or an RPC of chain ` +
          `${fileChainId}.`,
      ],
    });
  }
}

/** The proxy is not among the network file's proxies. */
export class ProxyNotInNetworkFileError extends BaseError {
  override name = 'ProxyNotInNetworkFileError';
  constructor(file: string, proxy: Address, known: readonly Address[]) {
    super(`${proxy} is not a proxy of ${file}.`, {
      metaMessages: [
        known.length === 0 ? 'The file records no proxy.' : `The file records the proxies ${known.join(', ')}.`,
        'Pass one of them with --proxy, or register a proxy deployed otherwise with the plugin first ' +
          '(upgrades.forceImport).',
      ],
    });
  }
}

/** The proxy's kind in the network file is none the builders know. */
export class UnknownOzProxyKindError extends BaseError {
  override name = 'UnknownOzProxyKindError';
  constructor(file: string, proxy: Address, kind: string) {
    super(`${file} records proxy ${proxy} with the kind "${kind}", which Manifest Guard cannot upgrade.`, {
      metaMessages: [
        'The kinds it builds upgrades for are transparent, uups and beacon; build the upgrade step of another ' +
          'pattern by hand (`manifest-guard init`).',
      ],
    });
  }
}

/** The proxy on chain is of another kind than the network file records. */
export class OzProxyKindMismatchError extends BaseError {
  override name = 'OzProxyKindMismatchError';
  constructor(proxy: Address, fileKind: string, chainKind: string) {
    super(`${proxy} is a ${chainKind} proxy on chain, but the network file records it as ${fileKind}.`, {
      metaMessages: [
        'The file describes another deployment at this address: check the network file and the RPC, then ' +
          're-import the proxy with upgrades.forceImport if it was changed outside the plugin.',
      ],
    });
  }
}

/** The implementation the proxy runs on chain is not one the network file records. */
export class CurrentImplementationNotInNetworkFileError extends BaseError {
  override name = 'CurrentImplementationNotInNetworkFileError';
  constructor(file: string, proxy: Address, implementation: Address) {
    super(
      `Proxy ${proxy} runs ${implementation} on chain, an implementation ${file} does not record, so its storage ` +
        'layout is unknown.',
      {
        metaMessages: [
          'The proxy was upgraded outside the plugin, or the file is of another deployment. Register the running ' +
            'implementation with the plugin (upgrades.forceImport(proxy, CurrentImpl)) and import again.',
        ],
      },
    );
  }
}

/** The new implementation is not among the network file's implementations. */
export class NewImplementationNotInNetworkFileError extends BaseError {
  override name = 'NewImplementationNotInNetworkFileError';
  constructor(file: string, implementation: Address) {
    super(`${implementation} is not an implementation of ${file}.`, {
      metaMessages: [
        'Run upgrades.prepareUpgrade(proxy, NewImplementation) first: it deploys the implementation (or finds it) ' +
          'and records it with its storage layout; pass the address it returns with --new-impl.',
      ],
    });
  }
}

/** The proxy already runs the implementation to upgrade to. */
export class AlreadyUpgradedError extends BaseError {
  override name = 'AlreadyUpgradedError';
  constructor(proxy: Address, implementation: Address) {
    super(`Proxy ${proxy} already runs ${implementation}.`, {
      metaMessages: ['Pass the address upgrades.prepareUpgrade returned for the new version with --new-impl.'],
    });
  }
}

/** One new implementation whose storage layout upgrades-core refuses, with its explanation (one line per problem). */
export type IncompatibleLayout = { proxy: Address; current: Address; next: Address; errors: readonly string[] };

/** A new implementation's storage layout is not upgrade-safe after the current one (upgrades-core's verdict). */
export class IncompatibleStorageLayoutError extends BaseError {
  override name = 'IncompatibleStorageLayoutError';
  readonly layouts: readonly IncompatibleLayout[];
  constructor(layouts: readonly IncompatibleLayout[]) {
    const [first] = layouts;
    super(
      layouts.length === 1 && first
        ? `The storage layout of ${first.next} is incompatible with ${first.current}, which proxy ${first.proxy} runs now.`
        : `The storage layouts of ${layouts.length} new implementations are incompatible with what their proxies run now.`,
      {
        metaMessages: [
          ...(layouts.length === 1 && first
            ? first.errors
            : layouts.flatMap((layout) => [
                `Proxy ${layout.proxy}, ${layout.current} → ${layout.next}:`,
                ...layout.errors.map((line) => `  ${line}`),
              ])),
          'Fix the new implementation (append variables, keep the order and types of the existing ones), then run ' +
            'upgrades.prepareUpgrade again and import its address. No package was written.',
        ],
      },
    );
    this.layouts = layouts;
  }
}
