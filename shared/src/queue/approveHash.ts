import { type Account, type Address, type Hex, type PublicClient, type WalletClient, getAddress } from 'viem';

import { safeAbi } from '../generated/safe.js';
import { NotAnOwnerError } from './errors.js';
import { readQueueSafeState } from './safeState.js';

export type QueueClients = {
  publicClient: PublicClient;
  walletClient: WalletClient;
};

export type ApproveHashParameters = {
  clients: QueueClients;
  safe: Address;
  safeTxHash: Hex;
  /** The owner approving: it sends `approveHash` itself (a key, or an account the wallet client can sign for). */
  owner: Account | Address;
};

/**
 * The service-free confirmation: an owner calls `approveHash(safeTxHash)` on the Safe, so the transaction can later
 * execute with that owner's pre-validated signature (`v = 1`). Returns the transaction hash once mined.
 *
 * @example
 * await approveHash({ clients, safe, safeTxHash, owner: desk.accounts.owners[0] });
 */
export async function approveHash({ clients, safe, safeTxHash, owner }: ApproveHashParameters): Promise<Hex> {
  const { publicClient, walletClient } = clients;
  const ownerAddress = getAddress(typeof owner === 'string' ? owner : owner.address);
  const { owners } = await readQueueSafeState(publicClient, safe);
  if (!owners.includes(ownerAddress)) throw new NotAnOwnerError(ownerAddress, getAddress(safe), owners);
  const call = {
    account: owner,
    chain: walletClient.chain,
    address: getAddress(safe),
    abi: safeAbi,
    functionName: 'approveHash',
    args: [safeTxHash],
  } as const;
  await publicClient.simulateContract(call);
  const hash = await walletClient.writeContract(call);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error(`approveHash(${safeTxHash}) reverted in ${hash}`);
  return hash;
}
