let holds = 0;

/**
 * Runs `run` while the app stops following new blocks: a dry run on the local chain borrows the chain itself
 * (evm_snapshot, transactions, evm_revert), and what it mines in between is not the Safe's state to show.
 *
 * @example
 * const report = await holdingChainFollow(() => installDryRun({ rpcUrl, safe, config, chainId }));
 */
export async function holdingChainFollow<T>(run: () => Promise<T>): Promise<T> {
  holds += 1;
  try {
    return await run();
  } finally {
    holds -= 1;
  }
}

/** Whether the app follows new blocks now (no dry run holds the chain). */
export const followingChain = (): boolean => holds === 0;
