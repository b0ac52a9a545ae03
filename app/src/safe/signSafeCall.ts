import type { Address, Hex, WalletClient } from 'viem';

import { type SafeTransaction, safeTxTypes } from '../../../shared/src/safe/safeTx.js';

/**
 * An owner's EIP-712 signature of a Safe transaction (what the Transaction Service stores as a confirmation).
 *
 * @example
 * const signature = await signSafeCall({ wallet, safe, chainId, transaction });
 */
export function signSafeCall(args: {
  wallet: { client: WalletClient; address: Address };
  safe: Address;
  chainId: number;
  transaction: SafeTransaction;
}): Promise<Hex> {
  return args.wallet.client.signTypedData({
    account: args.wallet.client.account ?? args.wallet.address,
    domain: { chainId: args.chainId, verifyingContract: args.safe },
    types: safeTxTypes,
    primaryType: 'SafeTx',
    message: args.transaction,
  });
}
