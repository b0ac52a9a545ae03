import { type Address, isAddressEqual } from 'viem';

import type { BroadcastTransaction, ForgeBroadcast } from './broadcast.js';
import { NoSafeCallError, SafeCreateError } from './errors.js';

/** A call of the Safe, numbered among the Safe's calls (the numbers `--phase` uses). */
export type BroadcastSafeCall = BroadcastTransaction & { kind: 'CALL'; to: Address; call: number };

/** A transaction of another sender: not a step, listed as "not the Safe's". */
export type BroadcastOtherTransaction = BroadcastTransaction;

export type SplitBroadcastReturnType = { safeCalls: BroadcastSafeCall[]; others: BroadcastOtherTransaction[] };

/**
 * Splits a broadcast into the Safe's calls (the steps to be) and the transactions of other senders (a deployer
 * deploying the new implementation, …), in the file's order.
 *
 * @throws {SafeCreateError} for a CREATE or CREATE2 from the Safe (a Safe step only calls).
 * @throws {NoSafeCallError} when no transaction is the Safe's.
 * @example
 * const { safeCalls, others } = splitBroadcast(broadcast, safe);
 * safeCalls[0].call; // 1
 */
export function splitBroadcast(broadcast: ForgeBroadcast, safe: Address): SplitBroadcastReturnType {
  const safeCalls: BroadcastSafeCall[] = [];
  const others: BroadcastOtherTransaction[] = [];
  for (const transaction of broadcast.transactions) {
    if (!isAddressEqual(transaction.from, safe)) {
      others.push(transaction);
      continue;
    }
    if (transaction.kind !== 'CALL' || !transaction.to) {
      throw new SafeCreateError({
        number: transaction.number,
        kind: transaction.kind === 'CALL' ? 'CREATE' : transaction.kind,
        contractName: transaction.contractName,
        safe,
      });
    }
    safeCalls.push({ ...transaction, kind: 'CALL', to: transaction.to, call: safeCalls.length + 1 });
  }
  if (safeCalls.length === 0) {
    const senders = [...new Set(others.map((other) => other.from))];
    throw new NoSafeCallError(broadcast.file, safe, senders);
  }
  return { safeCalls, others };
}

/**
 * One line for a transaction that is not the Safe's: `#1 not the Safe's: deployed by 0x… (Marker at 0x…)`.
 *
 * @example
 * describeOther(others[0]); // "#1 not the Safe's: deployed by 0xa0Ee… (PoolV2 at 0x5621…)"
 */
export function describeOther(other: BroadcastOtherTransaction): string {
  const name = other.contractName ? `${other.contractName} ` : '';
  if (other.kind !== 'CALL') {
    const at = other.contractAddress ? `${name}at ${other.contractAddress}` : name.trim() || 'a contract';
    return `#${other.number} not the Safe's: deployed by ${other.from} (${other.kind} ${at})`;
  }
  const what = other.function ?? (other.data.length >= 10 ? other.data.slice(0, 10) : 'a transfer');
  return `#${other.number} not the Safe's: sent by ${other.from} (${what} on ${name}${other.to})`;
}
