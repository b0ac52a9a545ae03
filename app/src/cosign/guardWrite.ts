import type { Address, Hex } from 'viem';

import { gasWithMargin, plainCall, type WriteFunctionArgs, type WriteFunctionName } from '../../../shared/src/index.js';
import { manifestGuardAbi } from '../../../shared/src/generated/manifestGuard.js';
import type { SafeConnection } from '../safe/connection.js';
import { SignerRequiredError } from '../safe/errors.js';

/**
 * Sends a call from the connected wallet (approver, guardian, proposer, executor) and waits for it. It is simulated
 * first, so a rule it breaks comes back as the contract's own error before anything is signed.
 *
 * @example
 * await walletWrite(connection, { address: guard, functionName: 'halt', args: [id] }, 'halt the manifest');
 */
export async function walletWrite<functionName extends WriteFunctionName<typeof manifestGuardAbi>>(
  connection: Pick<SafeConnection, 'wallet' | 'client'>,
  call: {
    address: Address;
    functionName: functionName;
    args: WriteFunctionArgs<typeof manifestGuardAbi, functionName>;
  },
  action: string,
): Promise<Hex> {
  const { wallet, client } = connection;
  if (!wallet) throw new SignerRequiredError(action);
  const plain = plainCall({ ...call, abi: manifestGuardAbi });
  await client.simulateContract({ ...plain, account: wallet.account });
  // Two approvers approving at once: the later one may take the costlier threshold-reaching path.
  const gas = gasWithMargin(await client.estimateContractGas({ ...plain, account: wallet.account }));
  const hash = await wallet.client.writeContract({ ...plain, account: wallet.account, chain: client.chain, gas });
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success')
    throw new Error(`Transaction ${hash} reverted on chain. Read the chain state again and retry.`);
  return hash;
}

export const walletAddress = (wallet: SafeConnection['wallet']): Address | undefined =>
  wallet ? (typeof wallet.account === 'string' ? wallet.account : wallet.account.address) : undefined;
