import type { Abi, Address, Hex } from 'viem';

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
export async function walletWrite(
  connection: Pick<SafeConnection, 'wallet' | 'client'>,
  call: { address: Address; functionName: string; args: readonly unknown[]; abi?: Abi },
  action: string,
): Promise<Hex> {
  const { wallet, client } = connection;
  if (!wallet) throw new SignerRequiredError(action);
  const { request } = await client.simulateContract({
    account: wallet.account,
    address: call.address,
    abi: call.abi ?? manifestGuardAbi,
    functionName: call.functionName,
    args: call.args,
  } as never);
  const hash = await wallet.client.writeContract({ ...(request as object), chain: client.chain } as never);
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success')
    throw new Error(`Transaction ${hash} reverted on chain. Read the chain state again and retry.`);
  return hash;
}

export const walletAddress = (wallet: SafeConnection['wallet']): Address | undefined =>
  wallet ? (typeof wallet.account === 'string' ? wallet.account : wallet.account.address) : undefined;
