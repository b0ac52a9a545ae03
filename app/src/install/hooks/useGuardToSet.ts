import { useState } from 'react';
import { getAddress, isAddress } from 'viem';

import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { useAsync } from '../../ui/useAsync.js';
import { readGuardToSet } from '../guardToSet.js';

/**
 * The guard address to set (typed, pasted or just deployed) and what the chain says of it: whether it is a Manifest
 * Guard for this Safe, and the configuration it holds (`verified`, undefined while read).
 *
 * @example
 * const { guard, setGuard, guardAddress, verified } = useGuardToSet(params.get('guard') ?? '');
 */
export function useGuardToSet(initialGuard: string) {
  const connection = useConnection();
  const [guard, setGuard] = useState(initialGuard);
  const guardAddress = isAddress(guard.trim()) ? getAddress(guard.trim()) : undefined;
  const guardToSet = useAsync(
    () =>
      guardAddress
        ? readGuardToSet(connection.client, guardAddress, connection.state.safe)
        : Promise.resolve({ forSafe: false, config: undefined }),
    [guardAddress],
  );
  const verified = guardToSet.status === 'done' ? guardToSet.value : undefined;
  return { guard, setGuard, guardAddress, verified };
}
