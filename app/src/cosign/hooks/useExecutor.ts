import { useState } from 'react';
import { isAddressEqual } from 'viem';

import type { GuardOverview } from '../../guard/readGuard.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { walletAddress } from '../guardWrite.js';

/**
 * The executor the steps are checked for: the connected wallet when it is an executor, else the first one configured.
 *
 * @example
 * const [executor, setExecutor] = useExecutor(overview);
 */
export function useExecutor(overview: GuardOverview) {
  const connection = useConnection();
  const me = walletAddress(connection.wallet);
  return useState<string>(
    me && overview.config.executors.some((e) => isAddressEqual(e, me)) ? me : (overview.config.executors[0] ?? ''),
  );
}
