import { type Address, type Hex, type Log, isAddressEqual, parseAbi, parseEventLogs } from 'viem';

import { manifestGuardAbi } from '../generated/manifestGuard.js';

/** The Safe's execution events (transaction and module) and its guard changes. */
export const safeExecutionAbi = parseAbi([
  'event ExecutionSuccess(bytes32 indexed txHash, uint256 payment)',
  'event ExecutionFailure(bytes32 indexed txHash, uint256 payment)',
  'event ExecutionFromModuleSuccess(address indexed module)',
  'event ExecutionFromModuleFailure(address indexed module)',
  'event ChangedGuard(address indexed guard)',
]);
const guardEvents = manifestGuardAbi.filter((item) => item.type === 'event');

/** The logs of one transaction that matter to the monitor: the guard's events and the Safe's executions. */
export type TransactionLogs = {
  transactionHash: Hex;
  blockNumber: bigint;
  guard: ReturnType<typeof parseEventLogs<typeof guardEvents>>;
  safe: ReturnType<typeof parseEventLogs<typeof safeExecutionAbi>>;
};

/**
 * Decodes the logs of a block range (fetched for the Safe and the guard) and groups them by transaction, in chain
 * order: the guard's events from its ABI, the Safe's from its execution events.
 *
 * @example
 * const logs = await client.getLogs({ address: [safe, guard], fromBlock, toBlock });
 * for (const tx of groupByTransaction(logs, { safe, guard })) …
 */
export function groupByTransaction(logs: readonly Log[], target: { safe: Address; guard: Address }): TransactionLogs[] {
  const groups = new Map<Hex, TransactionLogs>();
  const ordered = [...logs].sort((a, b) =>
    a.blockNumber === b.blockNumber
      ? (a.logIndex ?? 0) - (b.logIndex ?? 0)
      : (a.blockNumber ?? 0n) < (b.blockNumber ?? 0n)
        ? -1
        : 1,
  );
  for (const log of ordered) {
    if (!log.transactionHash || log.blockNumber === null) continue;
    let group = groups.get(log.transactionHash);
    if (!group) {
      group = { transactionHash: log.transactionHash, blockNumber: log.blockNumber, guard: [], safe: [] };
      groups.set(log.transactionHash, group);
    }
    if (isAddressEqual(log.address, target.guard))
      group.guard.push(...parseEventLogs({ abi: guardEvents, logs: [log] }));
    else if (isAddressEqual(log.address, target.safe))
      group.safe.push(...parseEventLogs({ abi: safeExecutionAbi, logs: [log] }));
  }
  return [...groups.values()];
}

/** The `StepExecuted` event of the guard, for a backfill query (its `position` names the manifest index). */
export const stepExecutedEvent = guardEvents.find((item) => item.name === 'StepExecuted')!;
