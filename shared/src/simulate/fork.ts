import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  http,
  publicActions,
  walletActions,
} from 'viem';

import { RpcUnreachableError } from '../authority/errors.js';
import { deskAccounts } from '../devnet/accounts.js';
import { type AnvilInstance, startAnvil } from '../devnet/anvil.js';
import type { DeskClients } from '../devnet/localDesk.js';

/** A throwaway Anvil fork of a chain, with clients on it. */
export type Fork = { anvil: AnvilInstance; clients: DeskClients; chainId: number; forkedFrom: string };

export type OpenForkParameters = { rpcUrl: string; port: number };

/** A fork answers from the chain it forks on first use: give each request time on a busy machine. */
const forkRequestTimeout = 30_000;

/**
 * Starts an Anvil forking `rpcUrl` on `port`, with the same chain id (manifests are bound to it).
 * Stop it with `fork.anvil.stop()`.
 *
 * @throws {RpcUnreachableError} when `rpcUrl` does not answer.
 *
 * @example
 * const fork = await openFork({ rpcUrl: 'http://127.0.0.1:8545', port: 8575 });
 */
export async function openFork({ rpcUrl, port }: OpenForkParameters): Promise<Fork> {
  let chainId: number;
  try {
    chainId = await createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) }).getChainId();
  } catch (error) {
    throw new RpcUnreachableError(rpcUrl, error);
  }
  const anvil = await startAnvil({ port, forkUrl: rpcUrl, chainId });
  return { anvil, clients: forkClients(anvil.rpcUrl, chainId), chainId, forkedFrom: rpcUrl };
}

/**
 * Mines one empty block on the fork, so that a "before" state compared later is a block of the fork's own (kept in
 * its memory, the same state) rather than the block it forked at (fetched from the forked node again).
 *
 * @example
 * await ownBlock(fork.clients); const before = await readState({ publicClient, proxies, safe });
 */
export async function ownBlock(clients: DeskClients): Promise<void> {
  await clients.testClient.mine({ blocks: 1 });
}

function forkClients(rpcUrl: string, chainId: number): DeskClients {
  const chain = defineChain({
    id: chainId,
    name: `fork of chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const transport = http(rpcUrl, { timeout: forkRequestTimeout });
  return {
    chain,
    publicClient: createPublicClient({ chain, transport }),
    walletClient: createWalletClient({ chain, transport, account: deskAccounts().deployer }),
    testClient: createTestClient({ chain, transport, mode: 'anvil' }).extend(publicActions).extend(walletActions),
  };
}
