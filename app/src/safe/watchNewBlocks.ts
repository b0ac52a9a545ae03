import type { PublicClient } from 'viem';

/** How often the app asks the node for its latest block (ms). */
export const blockPollingMs = 2_000;

/**
 * Calls `onBlock` with each new block the node reports, polled with the connection's client (`eth_blockNumber`,
 * which Safe{Wallet} answers too); a poll that fails is skipped. Returns the function that stops watching.
 *
 * @example
 * const stop = watchNewBlocks(connection.client, () => void reread());
 */
export function watchNewBlocks(client: PublicClient, onBlock: (blockNumber: bigint) => void): () => void {
  return client.watchBlockNumber({
    poll: true,
    pollingInterval: blockPollingMs,
    onBlockNumber: (blockNumber) => onBlock(blockNumber),
    onError: () => {},
  });
}
