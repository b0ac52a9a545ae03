import type { Address, Hex, TransactionReceipt } from 'viem';

import type { WriteFunctionArgs, WriteFunctionName } from '../../../../shared/src/index.js';
import type { manifestGuardAbi } from '../../../../shared/src/generated/manifestGuard.js';
import type { ActionLogEntry } from '../../roles/actionLog.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import type { Action } from '../../ui/useAsync.js';
import { walletAddress, walletWrite } from '../guardWrite.js';

/** How one role action reads: its progress, its result, what the log keeps, and the signer's reason. */
export type RoleCallWords = {
  /** For a missing signer: "halt the manifest". */
  what: string;
  /** While it runs: "Halting REL-43…". */
  progress: string;
  /** Once done, and in the log: "Halted REL-43". */
  done: string;
  /** The reason the signer typed (halt, freeze); shown in the result and kept in the log. */
  reason?: string;
  /** More words from the transaction's events (e.g. a vote counted), after `done`. */
  outcome?: (receipt: TransactionReceipt) => string;
};

/**
 * A guard function sent from the connected wallet as a role action (cancel, halt, reinstate, freeze, lift), then the
 * Safe and the guard read again. Its result names the reason the signer typed, and the page's action log keeps it:
 * the guard's functions take no reason.
 *
 * @example
 * roleCall('halt', [id], { what: 'halt the manifest', progress: 'Halting…', done: 'Halted REL-43', reason });
 */
export function useRoleCall(
  guard: Address,
  action: Action,
  refresh: () => Promise<void>,
  log: (entry: ActionLogEntry) => void,
) {
  const connection = useConnection();
  return <functionName extends WriteFunctionName<typeof manifestGuardAbi>>(
    functionName: functionName,
    args: WriteFunctionArgs<typeof manifestGuardAbi, functionName>,
    words: RoleCallWords,
  ) =>
    action.run(
      words.progress,
      async () => {
        const transaction: Hex = await walletWrite(connection, { address: guard, functionName, args }, words.what);
        const receipt = await connection.client.getTransactionReceipt({ hash: transaction });
        const outcome = words.outcome?.(receipt);
        log({
          at: Date.now(),
          what: outcome ? `${words.done}. ${outcome}` : words.done,
          reason: words.reason ?? '',
          account: walletAddress(connection.wallet)!,
          transaction,
        });
        await refresh();
        return outcome;
      },
      (outcome) =>
        [`${words.done}.`, outcome, words.reason ? `Reason: “${words.reason}”.` : undefined].filter(Boolean).join(' '),
    );
}
