import type { Address } from 'viem';

import type { WriteFunctionArgs, WriteFunctionName } from '../../../../shared/src/index.js';
import type { manifestGuardAbi } from '../../../../shared/src/generated/manifestGuard.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import type { Action } from '../../ui/useAsync.js';
import { walletWrite } from '../guardWrite.js';

/**
 * The guard's functions sent from the connected wallet (approve, attest, halt) as `action` runs, each followed by
 * `refresh`: the Safe and the guard read again.
 *
 * @example
 * const { refresh, guardCall } = useGuardCall(overview.guard, action, reload);
 * guardCall('halt', [id], 'halt the manifest', 'Halting the manifest…');
 */
export function useGuardCall(guard: Address, action: Action, reload: () => void) {
  const connection = useConnection();
  const refresh = async () => {
    await connection.refresh();
    reload();
  };
  const guardCall = <functionName extends WriteFunctionName<typeof manifestGuardAbi>>(
    functionName: functionName,
    args: WriteFunctionArgs<typeof manifestGuardAbi, functionName>,
    what: string,
    message: string,
  ) =>
    action.run(
      message,
      async () => {
        await walletWrite(connection, { address: guard, functionName, args }, what);
        await refresh();
      },
      `${message.replace(/…$/, '')}: done.`,
    );
  return { refresh, guardCall };
}
