import type { Account, Hex, PublicClient, WalletClient } from 'viem';

import { decodeGuardError } from '../guard/guardErrors.js';
import type { Containment } from '../verify/types.js';
import { ContainmentSendError } from './errors.js';

/**
 * Sends, from the guardian account, the containment actions the response says to take now (the freeze for
 * `contain`, the freeze and the halt for `rollback`), in order, each mined before the next. Returns what was sent;
 * a rejected action (e.g. a freeze still cooling down) comes back as a `ContainmentSendError` and stops the rest.
 *
 * @example
 * const sent = await sendContainment({ client, walletClient, account: guardian, containment });
 */
export async function sendContainment(args: {
  client: PublicClient;
  walletClient: WalletClient;
  account: Account;
  containment: Containment;
}): Promise<{ sent: { action: 'freeze' | 'halt'; transactionHash: Hex }[]; error?: ContainmentSendError }> {
  const sent: { action: 'freeze' | 'halt'; transactionHash: Hex }[] = [];
  for (const action of args.containment.actions) {
    if (action.by !== 'guardian' || !action.immediate) continue;
    try {
      await args.client.call({ account: args.account, to: action.transaction.to, data: action.transaction.data });
      const transactionHash = await args.walletClient.sendTransaction({
        account: args.account,
        chain: args.walletClient.chain ?? args.client.chain,
        to: action.transaction.to,
        data: action.transaction.data,
        value: 0n,
      });
      const receipt = await args.client.waitForTransactionReceipt({ hash: transactionHash });
      if (receipt.status !== 'success') throw new Error(`transaction ${transactionHash} reverted`);
      sent.push({ action: action.action, transactionHash });
    } catch (error) {
      const reason = decodeGuardError(error)?.summary ?? (error as Error).message?.split('\n')[0] ?? String(error);
      return { sent, error: new ContainmentSendError(action.action, reason, error) };
    }
  }
  return { sent };
}
