import type { PublicClient } from 'viem';
import { getAddress } from 'viem';
import { describe, expect, test } from 'vitest';

import { parseNetworkFile } from './networkFile.js';
import { resolveOzUpgrade } from './resolveOzUpgrade.js';

const proxy = getAddress('0xe7f1725e7734ce288f8367e1bb143e90bb3f0512');
const v2 = getAddress('0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0');
/** The checks below answer before the chain is asked: a client that is never called. */
const client = new Proxy(
  {},
  {
    get: () => {
      throw new Error('the chain was asked');
    },
  },
) as PublicClient;
const network = (file: string) =>
  parseNetworkFile({
    text: JSON.stringify({ manifestVersion: '3.2', proxies: [{ address: proxy, kind: 'transparent' }], impls: {} }),
    file,
  });

describe('resolveOzUpgrade errors (before the chain is read)', () => {
  test('a network file of another chain', async () => {
    await expect(
      resolveOzUpgrade({
        client,
        chainId: 31337,
        network: network('.openzeppelin/sepolia.json'),
        proxy,
        newImplementation: v2,
      }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [NetworkFileChainMismatchError: .openzeppelin/sepolia.json is the network file of chain 11155111, but the RPC answers for chain 31337.

      Pass the network file of chain 31337 (.openzeppelin/ has one file per network), or an RPC of chain 11155111.]
    `);
  });

  test('a new implementation the file does not record: prepareUpgrade first', async () => {
    await expect(
      resolveOzUpgrade({
        client,
        chainId: 31337,
        network: network('.openzeppelin/unknown-31337.json'),
        proxy,
        newImplementation: v2,
      }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [NewImplementationNotInNetworkFileError: 0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0 is not an implementation of .openzeppelin/unknown-31337.json.

      Run upgrades.prepareUpgrade(proxy, NewImplementation) first: it deploys the implementation (or finds it) and records it with its storage layout; pass the address it returns with --new-impl.]
    `);
  });
});
