import type { SafeMultisigTransactionResponse } from '@safe-global/types-kit';
import { type Address, type Hex, getAddress, zeroAddress } from 'viem';

import { type SafeTransaction, safeTransaction, safeTxHashes } from '../safe/safeTx.js';
import { ServiceDataMismatchError } from './errors.js';

/**
 * The Safe transaction in a transaction-service response, checked: it must hash to the response's safeTxHash for
 * this Safe and chain, so nobody signs or executes a hash whose transaction they were not shown.
 *
 * @example
 * const transaction = verifiedTransaction(await apiKit.getTransaction(safeTxHash), 31337);
 */
export function verifiedTransaction(response: SafeMultisigTransactionResponse, chainId: number): SafeTransaction {
  const transaction = safeTransaction({
    to: getAddress(response.to),
    value: BigInt(response.value),
    data: (response.data ?? '0x') as Hex,
    operation: response.operation === 1 ? 1 : 0,
    safeTxGas: BigInt(response.safeTxGas),
    baseGas: BigInt(response.baseGas),
    gasPrice: BigInt(response.gasPrice),
    gasToken: getAddress(response.gasToken),
    refundReceiver: getAddress(response.refundReceiver ?? zeroAddress),
    nonce: BigInt(response.nonce),
  });
  if (response.operation !== 0 && response.operation !== 1)
    throw new ServiceDataMismatchError(response.safeTxHash as Hex, '0x');
  const { safeTxHash } = safeTxHashes({ safe: getAddress(response.safe) as Address, chainId, transaction });
  if (safeTxHash !== response.safeTxHash.toLowerCase())
    throw new ServiceDataMismatchError(response.safeTxHash as Hex, safeTxHash);
  return transaction;
}
