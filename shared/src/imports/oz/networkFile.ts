import type { StorageLayout } from '@openzeppelin/upgrades-core';
import { type Address, type Hex, getAddress, isAddress } from 'viem';
import { z } from 'zod';

import { NetworkFileUnreadableError } from './errors.js';

/** A proxy the plugin deployed or imported: `proxies[]` of the network file. */
export type OzProxyEntry = { address: Address; txHash?: Hex; kind: string };

/** An implementation the plugin deployed, with its storage layout: `impls[versionHash]` of the network file. */
export type OzImplementationEntry = {
  /** The key of `impls`: the hash of the implementation's bytecode without metadata. */
  version: string;
  address: Address;
  /** Other addresses where the same implementation is deployed (the plugin records them on redeploys). */
  allAddresses: Address[];
  txHash?: Hex;
  /** upgrades-core's storage layout (`storage`, `types`, and ERC-7201 `namespaces`). */
  layout: StorageLayout;
};

/** What `parseNetworkFile` reads from a network file of OpenZeppelin's Upgrades plugins. */
export type OzNetworkFile = {
  /** The path or name it was read from (for messages). */
  file: string;
  manifestVersion: string;
  /** The shared ProxyAdmin of Transparent proxies deployed by plugins before OpenZeppelin Contracts 5. */
  admin?: Address;
  proxies: OzProxyEntry[];
  impls: OzImplementationEntry[];
};

export type ParseNetworkFileParameters = { text: string; file: string };
export type ParseNetworkFileReturnType = OzNetworkFile;
export type ParseNetworkFileErrorType = NetworkFileUnreadableError;

/** A zod error message: "is missing (…)" for an absent field, "is not …" for a wrong one. */
const expected =
  (what: string, missing = what) =>
  (issue: { input?: unknown }) =>
    issue.input === undefined ? `is missing (${missing})` : `is not ${what}`;

const address = z
  .string({ error: expected('an address (0x + 40 hex digits)') })
  .refine((value) => isAddress(value, { strict: false }), { error: 'is not an address (0x + 40 hex digits)' })
  .transform((value) => getAddress(value));
const hash = z.string().regex(/^0x[0-9a-fA-F]{64}$/, { error: 'is not a transaction hash (0x + 64 hex digits)' });

const storageItem = z.looseObject(
  {
    label: z.string({ error: expected('a variable name') }),
    type: z.string({ error: expected('a type id') }),
    contract: z.string({ error: expected('a contract name') }),
    src: z.string({ error: expected('a source position') }),
    offset: z.number().int().nonnegative().optional(),
    slot: z.string().optional(),
  },
  { error: expected('a variable of a storage layout') },
);
const layout = z.looseObject(
  {
    storage: z.array(storageItem, { error: expected('a list of variables') }),
    types: z.record(
      z.string(),
      z.looseObject({ label: z.string({ error: expected('a type label') }) }, { error: expected('a type') }),
      {
        error: expected(
          'a map of types',
          'the layout was written by an old plugin: run prepareUpgrade again with a current one',
        ),
      },
    ),
    namespaces: z.record(z.string(), z.array(storageItem)).optional(),
  },
  { error: expected('a storage layout (storage, types)', 'the storage layout') },
);

const networkFileSchema = z.looseObject(
  {
    manifestVersion: z.string({ error: expected('a version string', 'the plugin writes e.g. "3.2"') }),
    admin: z.looseObject({ address }).optional(),
    proxies: z.array(
      z.looseObject(
        {
          address,
          txHash: hash.optional(),
          kind: z.string({ error: expected('a proxy kind', 'transparent, uups or beacon') }),
        },
        { error: expected('a proxy (address, kind)') },
      ),
      { error: expected('a list of proxies', 'the list of proxies') },
    ),
    impls: z.record(
      z.string(),
      z.looseObject(
        {
          address,
          txHash: hash.optional(),
          allAddresses: z.array(address).optional(),
          layout,
        },
        { error: expected('an implementation (address, layout)') },
      ),
      { error: expected('a map of implementations', 'the implementations') },
    ),
  },
  { error: 'is not a JSON object' },
);

/**
 * Reads the text of a network file of OpenZeppelin's Upgrades plugins (`.openzeppelin/<network>.json`): the proxies
 * (address, kind) and the implementations with their storage layouts, addresses checksummed. Fields the plugins add
 * that Manifest Guard does not use are kept out of the result but accepted.
 *
 * @throws {NetworkFileUnreadableError} when the text is not JSON or not the plugins' shape; each problem names its
 * JSON path.
 * @example
 * const network = parseNetworkFile({ text: await readFile(path, 'utf8'), file: path });
 * network.proxies[0]; // { address: '0xe7f1…', kind: 'transparent', txHash: '0x…' }
 */
export function parseNetworkFile({ text, file }: ParseNetworkFileParameters): ParseNetworkFileReturnType {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new NetworkFileUnreadableError(file, `it is not JSON (${(error as Error).message})`);
  }
  const parsed = networkFileSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : 'its content'} ${issue.message}`,
    );
    throw new NetworkFileUnreadableError(file, lines[0]!, lines.slice(1, 10));
  }
  const data = parsed.data;
  return {
    file,
    manifestVersion: data.manifestVersion,
    ...(data.admin ? { admin: data.admin.address } : {}),
    proxies: data.proxies.map((proxy) => ({
      address: proxy.address,
      kind: proxy.kind,
      ...(proxy.txHash ? { txHash: proxy.txHash as Hex } : {}),
    })),
    impls: Object.entries(data.impls).map(([version, impl]) => ({
      version,
      address: impl.address,
      allAddresses: impl.allAddresses ?? [],
      ...(impl.txHash ? { txHash: impl.txHash as Hex } : {}),
      // The layout is kept whole (members, numberOfBytes, namespaces: what upgrades-core compares); the schema only
      // checked the fields every layout has.
      layout: impl.layout as unknown as StorageLayout,
    })),
  };
}
