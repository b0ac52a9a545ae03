import type { Address } from 'viem';

import { walletAddress } from '../cosign/guardWrite.js';
import { useConnection } from '../safe/useSafeAppsSdk.js';
import { type AsyncState, useAsync } from '../ui/useAsync.js';
import { type AccountRoles, readAccountRoles } from './readRoles.js';

/**
 * The connected wallet's roles on `guard`, as the guard answers them; `undefined` when no wallet is connected
 * (inside Safe{Wallet} the app acts as the Safe, which holds no role).
 *
 * @example
 * const roles = useAccountRoles(overview.guard);
 */
export function useAccountRoles(guard: Address): AsyncState<AccountRoles | undefined> {
  const connection = useConnection();
  const account = walletAddress(connection.wallet);
  return useAsync(
    () => (account ? readAccountRoles(connection.client, guard, account) : Promise.resolve(undefined)),
    [connection.client, guard, account, connection.state.nonce],
  );
}
