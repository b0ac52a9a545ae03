import { type Address, type Hex, type PublicClient, getAddress } from 'viem';

import { safeAbi } from '../generated/safe.js';

/** What the queue needs to know about a Safe, read from the chain. */
export type QueueSafeState = {
  nonce: bigint;
  threshold: number;
  owners: Address[];
};

/** Reads a Safe's nonce, threshold and owners. */
export async function readQueueSafeState(publicClient: PublicClient, safe: Address): Promise<QueueSafeState> {
  const safeContract = { address: safe, abi: safeAbi } as const;
  const [nonce, threshold, owners] = await Promise.all([
    publicClient.readContract({ ...safeContract, functionName: 'nonce' }),
    publicClient.readContract({ ...safeContract, functionName: 'getThreshold' }),
    publicClient.readContract({ ...safeContract, functionName: 'getOwners' }),
  ]);
  return { nonce, threshold: Number(threshold), owners: owners.map((owner) => getAddress(owner)) };
}

/**
 * The owners that approved `safeTxHash` on chain (`approvedHashes(owner, safeTxHash) != 0`), in owner order.
 *
 * @example
 * const approvers = await onChainApprovals({ publicClient, safe, safeTxHash });
 */
export async function onChainApprovals(args: {
  publicClient: PublicClient;
  safe: Address;
  safeTxHash: Hex;
  owners?: readonly Address[];
}): Promise<Address[]> {
  const owners = args.owners ?? (await readQueueSafeState(args.publicClient, args.safe)).owners;
  const approved = await Promise.all(
    owners.map((owner) =>
      args.publicClient.readContract({
        address: args.safe,
        abi: safeAbi,
        functionName: 'approvedHashes',
        args: [owner, args.safeTxHash],
      }),
    ),
  );
  return owners.filter((_, index) => approved[index] !== 0n);
}
