import fc from 'fast-check';
import { type Address, getAddress } from 'viem';
import { describe, expect, test } from 'vitest';

import { addressArbitrary } from '../../package/releasePackage.arbitrary.js';
import { NetworkFileUnreadableError } from './errors.js';
import { findOzImplementation, findOzProxy, requireNewOzImplementation } from './findInNetworkFile.js';
import { parseNetworkFile } from './networkFile.js';
import { networkFileChainId } from './networkFileChain.js';

/** Runs per property: 200 by default, `FAST_CHECK_RUNS` when set. */
const runs = Number(process.env.FAST_CHECK_RUNS ?? 200);

const proxy = getAddress('0xe7f1725e7734ce288f8367e1bb143e90bb3f0512');
const v1 = getAddress('0x5fbdb2315678afecb367f032d93f642f64180aa3');
const v2 = getAddress('0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0');
const elsewhere = getAddress('0x00000000000000000000000000000000000e0b01');
const unprepared = getAddress('0x00000000000000000000000000000000000e0b02');

/** A layout as the plugin writes it (hardhat-upgrades 3.9, solc 0.8.30). */
const layout = (contract: string, labels: string[]) => ({
  solcVersion: '0.8.30',
  storage: labels.map((label, index) => ({
    label,
    offset: 0,
    slot: String(index),
    type: 't_uint256',
    contract,
    src: `contracts/Box.sol:${index + 6}`,
  })),
  types: { t_uint256: { label: 'uint256', numberOfBytes: '32' } },
  namespaces: {},
});
const networkFile = {
  manifestVersion: '3.2',
  proxies: [{ address: proxy.toLowerCase(), txHash: `0x${'5c'.repeat(32)}`, kind: 'transparent' }],
  impls: {
    '90520f52fc7d35cab5da0fc55fcbfd08913b636eccee3e695bbcc70cad793e7c': {
      address: v1,
      txHash: `0x${'17'.repeat(32)}`,
      layout: layout('BoxV1', ['owner', 'value']),
    },
    '1bb0871d697bfce0183cb876e3e6c65a78ab1c4d72d23ac6d8da6938895c1339': {
      address: v2,
      allAddresses: [v2, elsewhere],
      layout: layout('BoxV2', ['owner', 'value', 'fee']),
    },
  },
};
const parse = (value: unknown, file = '.openzeppelin/unknown-31337.json') =>
  parseNetworkFile({ text: typeof value === 'string' ? value : JSON.stringify(value), file });
const failure = (value: unknown) => {
  try {
    parse(value, 'net.json');
  } catch (error) {
    if (error instanceof NetworkFileUnreadableError) return error.shortMessage;
    throw error;
  }
  throw new Error('parsed');
};

describe('parseNetworkFile', () => {
  test('default: the proxies and the implementations with their layouts, addresses checksummed', () => {
    const network = parse(networkFile);
    expect(network.file).toBe('.openzeppelin/unknown-31337.json');
    expect(network.proxies).toEqual([{ address: proxy, kind: 'transparent', txHash: `0x${'5c'.repeat(32)}` }]);
    expect(network.impls.map((impl) => [impl.address, impl.allAddresses])).toEqual([
      [v1, []],
      [v2, [v2, elsewhere]],
    ]);
    expect(network.impls[1]!.layout.storage.map((item) => item.label)).toEqual(['owner', 'value', 'fee']);
    expect(network.impls[1]!.layout.types).toEqual({ t_uint256: { label: 'uint256', numberOfBytes: '32' } });
  });

  describe('errors', () => {
    test('not JSON', () => {
      expect(failure('{"manifestVersion": ')).toBe(
        'net.json is not an OpenZeppelin Upgrades network file: it is not JSON (Unexpected end of JSON input).',
      );
    });
    test('not an object', () => {
      expect(failure([])).toBe(
        'net.json is not an OpenZeppelin Upgrades network file: its content is not a JSON object.',
      );
    });
    test('no proxies', () => {
      expect(failure({ ...networkFile, proxies: undefined })).toBe(
        'net.json is not an OpenZeppelin Upgrades network file: proxies is missing (the list of proxies).',
      );
    });
    test('a proxy without a kind, a malformed address', () => {
      expect(failure({ ...networkFile, proxies: [{ address: proxy }] })).toBe(
        'net.json is not an OpenZeppelin Upgrades network file: proxies.0.kind is missing (transparent, uups or beacon).',
      );
      expect(failure({ ...networkFile, proxies: [{ address: '0x12', kind: 'uups' }] })).toBe(
        'net.json is not an OpenZeppelin Upgrades network file: proxies.0.address is not an address (0x + 40 hex digits).',
      );
    });
    test('a layout without types (written by an old plugin)', () => {
      const old = { address: v1, layout: { storage: [] } };
      expect(failure({ ...networkFile, impls: { old } })).toBe(
        'net.json is not an OpenZeppelin Upgrades network file: impls.old.layout.types is missing (the layout was ' +
          'written by an old plugin: run prepareUpgrade again with a current one).',
      );
    });
    test('every problem is listed, the fix last', () => {
      let error: NetworkFileUnreadableError | undefined;
      try {
        parse({ manifestVersion: 3, impls: {}, proxies: [{ address: proxy }] }, 'net.json');
      } catch (caught) {
        error = caught as NetworkFileUnreadableError;
      }
      expect(error?.shortMessage).toBe(
        'net.json is not an OpenZeppelin Upgrades network file: manifestVersion is not a version string.',
      );
      expect(error?.metaMessages).toEqual([
        'proxies.0.kind is missing (transparent, uups or beacon)',
        'Pass the file the Upgrades plugin wrote for this chain (.openzeppelin/<network>.json, or on a local node the ' +
          'one in <tmpdir>/openzeppelin-upgrades/), unchanged.',
      ]);
    });
  });

  test('property: whatever the text, a network file or NetworkFileUnreadableError, nothing else', () => {
    const json = fc.oneof(
      fc.json(),
      fc.string(),
      fc.jsonValue().map((value) => JSON.stringify({ ...networkFile, impls: value })),
    );
    fc.assert(
      fc.property(json, (text) => {
        try {
          const network = parseNetworkFile({ text, file: 'x.json' });
          expect(Array.isArray(network.proxies)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(NetworkFileUnreadableError);
        }
      }),
      { numRuns: runs },
    );
  });

  test('property: the proxies and implementations of any file come back checksummed, in order', () => {
    const entries = fc.array(fc.tuple(addressArbitrary, fc.constantFrom('transparent', 'uups', 'beacon', 'custom')), {
      maxLength: 6,
    });
    fc.assert(
      fc.property(entries, fc.array(addressArbitrary, { maxLength: 6 }), (proxies, impls) => {
        const text = JSON.stringify({
          manifestVersion: '3.2',
          proxies: proxies.map(([address, kind]) => ({ address: address.toLowerCase(), kind })),
          impls: Object.fromEntries(
            impls.map((address, index) => [`v${index}`, { address, layout: layout('C', ['a']) }]),
          ),
        });
        const network = parseNetworkFile({ text, file: 'x.json' });
        expect(network.proxies).toEqual(proxies.map(([address, kind]) => ({ address: getAddress(address), kind })));
        expect(network.impls.map((impl) => [impl.version, impl.address])).toEqual(
          impls.map((address, index) => [`v${index}`, getAddress(address)]),
        );
      }),
      { numRuns: runs },
    );
  });
});

describe('finding a proxy and implementations', () => {
  const network = parse(networkFile);

  test('default: the proxy whatever the address case; an implementation by any of its addresses', () => {
    expect(findOzProxy(network, proxy.toLowerCase() as Address)).toMatchObject({ address: proxy, kind: 'transparent' });
    expect(findOzImplementation(network, elsewhere)?.address).toBe(v2);
    expect(findOzImplementation(network, proxy)).toBeUndefined();
  });

  test('errors: a proxy not in the file, a kind without builders, a new implementation not prepared', () => {
    expect(() => findOzProxy(network, v1)).toThrowErrorMatchingInlineSnapshot(`
      [ProxyNotInNetworkFileError: 0x5FbDB2315678afecb367f032d93F642f64180aa3 is not a proxy of .openzeppelin/unknown-31337.json.

      The file records the proxies 0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512.
      Pass one of them with --proxy, or register a proxy deployed otherwise with the plugin first (upgrades.forceImport).]
    `);
    const custom = parse({ ...networkFile, proxies: [{ address: proxy, kind: 'diamond' }] });
    expect(() => findOzProxy(custom, proxy)).toThrowErrorMatchingInlineSnapshot(`
      [UnknownOzProxyKindError: .openzeppelin/unknown-31337.json records proxy 0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512 with the kind "diamond", which Manifest Guard cannot upgrade.

      The kinds it builds upgrades for are transparent, uups and beacon; build the upgrade step of another pattern by hand (\`manifest-guard init\`).]
    `);
    expect(() => requireNewOzImplementation(network, unprepared)).toThrowErrorMatchingInlineSnapshot(`
      [NewImplementationNotInNetworkFileError: 0x00000000000000000000000000000000000e0b02 is not an implementation of .openzeppelin/unknown-31337.json.

      Run upgrades.prepareUpgrade(proxy, NewImplementation) first: it deploys the implementation (or finds it) and records it with its storage layout; pass the address it returns with --new-impl.]
    `);
  });
});

describe('networkFileChainId', () => {
  test.each([
    ['.openzeppelin/unknown-31337.json', 31337],
    [
      '/tmp/openzeppelin-upgrades/anvil-31337-0x27dd65dc3017345a4e9b0266ff0c8d8a417242c66defbcef06bf297c2728daf4.json',
      31337,
    ],
    ['/tmp/openzeppelin-upgrades/hardhat-1337-0xab.json', 1337],
    ['.openzeppelin/mainnet.json', 1],
    ['C:\\work\\.openzeppelin\\sepolia.json', 11155111],
    ['.openzeppelin/base.json', 8453],
    ['deployments.json', undefined],
    ['.openzeppelin/unknown-x.json', undefined],
  ])('%s: %s', (file, chainId) => {
    expect(networkFileChainId({ file })).toBe(chainId);
  });
});
