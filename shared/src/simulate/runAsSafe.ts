import { type Address, type Hex, getAddress, isAddressEqual, zeroAddress } from 'viem';

import { multiSendTransactions } from '../decode/multiSendTransactions.js';
import type { ChainClients } from '../fork/chainClients.js';
import { asAccount } from '../fork/forkActions.js';

/** A Safe transaction's call: `operation` 1 is a delegatecall to a MultiSendCallOnly. */
export type SafeCall = { to: Address; value: bigint; data: Hex; operation: number };

/** What running the calls as the Safe did. */
export type RunAsSafeResult = {
  /** Transaction hashes on the fork, one per call (MultiSend entries each their own). */
  txHashes: Hex[];
  reverted: boolean;
  /** Why it stopped (a revert, a call that cannot run this way), in one line. */
  error: string | null;
};

/**
 * Runs Safe transactions on a fork as the Safe itself would make the calls (the Safe impersonated, so neither
 * signatures nor the guard are involved: this shows what the calls do, not whether they may run). A delegatecall
 * to the MultiSendCallOnly becomes its entries, each a call from the Safe, as MultiSendCallOnly makes them
 * (address(0) is the Safe). Stops at the first revert.
 *
 * @example
 * const { reverted } = await runAsSafe({ clients: fork.clients, safe, calls: [step], multiSendCallOnly });
 */
export async function runAsSafe({
  clients,
  safe,
  calls,
  multiSendCallOnly,
}: {
  clients: ChainClients;
  safe: Address;
  calls: readonly SafeCall[];
  multiSendCallOnly?: Address;
}): Promise<RunAsSafeResult> {
  const txHashes: Hex[] = [];
  const flat: { to: Address; value: bigint; data: Hex }[] = [];
  for (const call of calls) {
    if (call.operation === 0) {
      flat.push(call);
      continue;
    }
    if (multiSendCallOnly && !isAddressEqual(call.to, multiSendCallOnly)) {
      return { txHashes, reverted: true, error: `a delegatecall to ${call.to}, not the MultiSendCallOnly` };
    }
    let entries: ReturnType<typeof multiSendTransactions>;
    try {
      entries = multiSendTransactions(call.data);
    } catch (error) {
      return { txHashes, reverted: true, error: (error as Error).message.split('\n')[0]! };
    }
    for (const entry of entries) {
      if (entry.operation !== 0) {
        return { txHashes, reverted: true, error: `a delegatecall to ${entry.to} inside the MultiSend batch` };
      }
      flat.push({
        to: isAddressEqual(entry.to, zeroAddress) ? getAddress(safe) : entry.to,
        value: entry.value,
        data: entry.data,
      });
    }
  }
  return asAccount(clients, safe, async () => {
    for (const call of flat) {
      let hash: Hex;
      try {
        hash = await clients.walletClient.sendTransaction({
          account: safe,
          chain: clients.chain,
          to: call.to,
          value: call.value,
          data: call.data,
        });
      } catch (error) {
        const message = (error as { shortMessage?: string }).shortMessage ?? (error as Error).message;
        return { txHashes, reverted: true, error: `the call to ${call.to} reverts: ${message.split('\n')[0]}` };
      }
      txHashes.push(hash);
      const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== 'success') {
        return { txHashes, reverted: true, error: `the call to ${call.to} reverted (transaction ${hash})` };
      }
    }
    return { txHashes, reverted: false, error: null };
  });
}
