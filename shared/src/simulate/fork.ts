import { createPublicClient, http } from 'viem';

import { RpcUnreachableError } from '../authority/errors.js';
import { type AnvilInstance, startAnvil } from '../devnet/anvil.js';
import { type DeskClients, deskClients } from '../devnet/localDesk.js';

/** A throwaway Anvil fork of a chain, with clients on it. */
export type Fork = { anvil: AnvilInstance; clients: DeskClients; chainId: number; forkedFrom: string };

export type OpenForkParameters = { rpcUrl: string; port: number };

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
  return { anvil, clients: deskClients(anvil.rpcUrl, chainId), chainId, forkedFrom: rpcUrl };
}
