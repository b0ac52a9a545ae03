import type { PublicClient } from 'viem';

import { followingChain } from './chainFollowHold.js';

/** How often the app asks the node for its latest block (ms). */
export const blockPollingMs = 2_000;

/**
 * Calls `onBlock` whenever the node's latest block number changes (a new block, or a revert on a local chain), polled
 * with the connection's client (`eth_blockNumber`, which Safe{Wallet} answers too). A poll that fails is skipped, and
 * none is made while a dry run holds the chain (`holdingChainFollow`). Returns the function that stops watching.
 *
 * @example
 * const stop = watchNewBlocks(connection.client, () => void reread());
 */
export function watchNewBlocks(client: PublicClient, onBlock: (blockNumber: bigint) => void): () => void {
  let previous: bigint | undefined;
  let stopped = false;
  const poll = async () => {
    if (!followingChain()) return;
    const blockNumber = await client.getBlockNumber({ cacheTime: 0 }).catch(() => undefined);
    if (stopped || blockNumber === undefined || !followingChain()) return;
    if (previous !== undefined && blockNumber !== previous) onBlock(blockNumber);
    previous = blockNumber;
  };
  void poll();
  const timer = setInterval(() => void poll(), blockPollingMs);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
