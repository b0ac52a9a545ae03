import { type Address, type Hex, zeroHash } from 'viem';

import { readManifestState } from '../../guard/readGuard.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { useAsync } from '../../ui/useAsync.js';
import { isHash } from '../draft.js';

/**
 * The guard's state of the rollback manifest the draft names (read again when the id changes): undefined for no id,
 * or for an id the guard does not know.
 *
 * @example
 * const rollback = useRollbackState(overview.guard, manifest.rollback);
 */
export function useRollbackState(guard: Address, rollbackId: Hex) {
  const connection = useConnection();
  return useAsync(
    () =>
      isHash(rollbackId) && rollbackId !== zeroHash
        ? readManifestState(connection.client, guard, rollbackId).then(
            (s) => s,
            () => undefined,
          )
        : Promise.resolve(undefined),
    [rollbackId],
  );
}
