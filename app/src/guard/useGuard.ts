import type { Address, PublicClient } from 'viem';

import type { SafeState } from '../safe/connection.js';
import { type AsyncState, useAsync } from '../ui/useAsync.js';
import { type GuardOverview, isManifestGuardFor, readGuardOverview } from './readGuard.js';

/** The Safe's guard: none, a guard that is not Manifest Guard, or Manifest Guard with everything it knows. */
export type GuardStatus =
  { kind: 'none' } | { kind: 'foreign'; guard: Address } | { kind: 'manifest-guard'; overview: GuardOverview };

/** Reads the Safe's guard (re-read when the Safe's nonce changes or on `reload`). */
export function readGuardStatus(client: PublicClient, state: SafeState): Promise<GuardStatus> {
  const guard = state.guard;
  if (!guard) return Promise.resolve({ kind: 'none' });
  return isManifestGuardFor(client, guard, state.safe).then(async (ours) =>
    ours ? { kind: 'manifest-guard', overview: await readGuardOverview(client, guard) } : { kind: 'foreign', guard },
  );
}

/**
 * The guard of the connected Safe.
 *
 * @example
 * const guard = useGuardStatus(connection);
 */
export function useGuardStatus(connection: { client: PublicClient; state: SafeState }): AsyncState<GuardStatus> {
  return useAsync(
    () => readGuardStatus(connection.client, connection.state),
    [connection.client, connection.state.safe, connection.state.nonce, connection.state.guard],
  );
}
