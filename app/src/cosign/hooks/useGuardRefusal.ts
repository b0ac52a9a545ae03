import type { Address } from 'viem';

import type { WriteFunctionArgs, WriteFunctionName } from '../../../../shared/src/index.js';
import type { manifestGuardAbi } from '../../../../shared/src/generated/manifestGuard.js';
import { guardRefusal } from '../../roles/guardRefusal.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { type AsyncState, useAsync } from '../../ui/useAsync.js';

/**
 * Whether the guard would accept `functionName(args)` from `account` now: `undefined` when it would, else its own
 * error (an `eth_call`, asked again when `version` changes, e.g. the guard read again). Not asked when not `offered`.
 *
 * @example
 * const refusal = useGuardRefusal({ guard, account, offered: roles.guardian, functionName: 'halt', args: [id], version: overview });
 */
export function useGuardRefusal<functionName extends WriteFunctionName<typeof manifestGuardAbi>>(args: {
  guard: Address;
  account: Address | undefined;
  offered: boolean;
  functionName: functionName;
  args: WriteFunctionArgs<typeof manifestGuardAbi, functionName>;
  version: unknown;
}): AsyncState<unknown> {
  const { client } = useConnection();
  const { guard, account, offered, functionName, version } = args;
  const key = (args.args as readonly unknown[]).map(String).join(',');
  return useAsync(
    () =>
      offered && account ? guardRefusal(client, guard, account, functionName, args.args) : Promise.resolve(undefined),
    [client, guard, account, offered, functionName, key, version],
  );
}
