import type { Address, Hex } from 'viem';

import { type VoteCount, readLiftVotes, readReinstateVotes } from '../../roles/readVotes.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { useAsync } from '../../ui/useAsync.js';

/**
 * The guard's last counts of the votes this account is offered: lifting the freeze and reinstating manifest `id`
 * (read again when `version` changes). `undefined` when not offered or before the first vote.
 *
 * @example
 * const votes = useVoteCounts({ guard, id, lift: offers.lift, reinstate: offers.reinstate, version: overview });
 */
export function useVoteCounts(args: { guard: Address; id: Hex; lift: boolean; reinstate: boolean; version: unknown }): {
  lift: VoteCount | undefined;
  reinstate: VoteCount | undefined;
} {
  const { client } = useConnection();
  const { guard, id, lift, reinstate, version } = args;
  const counts = useAsync(
    async () => ({
      lift: lift ? await readLiftVotes(client, guard) : undefined,
      reinstate: reinstate ? await readReinstateVotes(client, guard, id) : undefined,
    }),
    [client, guard, id, lift, reinstate, version],
  );
  return counts.status === 'done' ? counts.value : { lift: undefined, reinstate: undefined };
}
