import { useEffect, useRef } from 'react';
import type { PublicClient } from 'viem';

import { watchNewBlocks } from './watchNewBlocks.js';

/**
 * Calls `onBlock` on each new block while the component is mounted (e.g. to read the guard's manifests again).
 *
 * @example
 * useNewBlocks(connection.client, guard.reload);
 */
export function useNewBlocks(client: PublicClient, onBlock: (blockNumber: bigint) => void): void {
  const latest = useRef(onBlock);
  useEffect(() => {
    latest.current = onBlock;
  });
  useEffect(() => watchNewBlocks(client, (blockNumber) => latest.current(blockNumber)), [client]);
}
