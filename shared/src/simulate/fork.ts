import { createPublicClient, http } from 'viem';

import { RpcUnreachableError } from '../authority/errors.js';
import { type AnvilInstance, startAnvil } from '../fork/anvil.js';
import { anvilAccount } from '../fork/anvilAccounts.js';
import { type ChainClients, chainClients } from '../fork/chainClients.js';

/** A throwaway Anvil fork of a chain, with clients on it. */
export type Fork = { anvil: AnvilInstance; clients: ChainClients; chainId: number; forkedFrom: string };

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
export async function ownBlock(clients: ChainClients): Promise<void> {
  await clients.testClient.mine({ blocks: 1 });
}

/** The fork's clients; the wallet's default account is Anvil's funded development account 9. */
function forkClients(rpcUrl: string, chainId: number): ChainClients {
  return chainClients(rpcUrl, chainId, {
    name: `fork of chain ${chainId}`,
    account: anvilAccount(9),
    timeout: forkRequestTimeout,
  });
}
