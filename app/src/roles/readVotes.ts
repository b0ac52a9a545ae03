import { type Address, type Hex, type PublicClient, getAbiItem } from 'viem';

import { manifestGuardAbi } from '../../../shared/src/generated/manifestGuard.js';

/** The guard's last count of a vote (lift a freeze, reinstate a manifest): votes of current approvers, required. */
export type VoteCount = { votes: bigint; required: bigint };

const frozenEvent = getAbiItem({ abi: manifestGuardAbi, name: 'Frozen' });
const liftVotedEvent = getAbiItem({ abi: manifestGuardAbi, name: 'FreezeLiftVoted' });
const reinstateVotedEvent = getAbiItem({ abi: manifestGuardAbi, name: 'ReinstateVoted' });

/**
 * The lift votes of the latest freeze as the guard last counted them (its `FreezeLiftVoted` events since the latest
 * `Frozen`); `undefined` before the first vote.
 *
 * @example
 * const count = await readLiftVotes(client, guard); // { votes: 1n, required: 2n }
 */
export async function readLiftVotes(client: PublicClient, guard: Address): Promise<VoteCount | undefined> {
  const freezes = await client.getLogs({ address: guard, event: frozenEvent, fromBlock: 0n, toBlock: 'latest' });
  const latest = freezes.at(-1);
  if (!latest?.blockNumber) return undefined;
  const votes = await client.getLogs({
    address: guard,
    event: liftVotedEvent,
    fromBlock: latest.blockNumber,
    toBlock: 'latest',
  });
  const vote = votes.at(-1);
  return vote ? { votes: vote.args.votes!, required: vote.args.required! } : undefined;
}

/**
 * The reinstate votes of manifest `id` as the guard last counted them (its `ReinstateVoted` events); `undefined`
 * before the first vote.
 *
 * @example
 * const count = await readReinstateVotes(client, guard, id); // { votes: 1n, required: 2n }
 */
export async function readReinstateVotes(
  client: PublicClient,
  guard: Address,
  id: Hex,
): Promise<VoteCount | undefined> {
  const votes = await client.getLogs({
    address: guard,
    event: reinstateVotedEvent,
    args: { manifestId: id },
    fromBlock: 0n,
    toBlock: 'latest',
  });
  const vote = votes.at(-1);
  return vote ? { votes: vote.args.votes!, required: vote.args.required! } : undefined;
}
