import type SafeApiKit from '@safe-global/api-kit';
import { type Address, type Hex, getAddress } from 'viem';

import { type SafeTransaction, safeTransaction, safeTxHashes } from '../safe/safeTx.js';
import { type SafeSigner, signSafeTx } from './signer.js';

/** A call the Safe makes: a manifest step, or a MultiSend batch. */
export type SafeCall = {
  to: Address;
  value: bigint;
  data: Hex;
  operation: number;
};

export type ProposeSafeTransactionParameters = {
  apiKit: SafeApiKit;
  chainId: number;
  safe: Address;
  /** What the Safe should call (e.g. a manifest step). Gas and refund fields are zero, as Manifest Guard requires. */
  call: SafeCall;
  /** An owner (or delegate) of the Safe; its EIP-712 signature is the first confirmation. */
  signer: SafeSigner;
  /** The Safe nonce; default: the next free nonce after the service's queue (`apiKit.getNextNonce`). */
  nonce?: bigint;
  /** Shown by Safe{Wallet} as the source of the proposal. */
  origin?: string;
};

export type ProposeSafeTransactionReturnType = {
  safeTxHash: Hex;
  transaction: SafeTransaction;
  signature: Hex;
};

/**
 * Puts a Safe transaction into the Safe's queue on the Safe Transaction Service, signed by `signer`.
 *
 * @example
 * const { safeTxHash } = await proposeSafeTransaction({ apiKit, chainId: 31337, safe, call: step, signer: owner });
 */
export async function proposeSafeTransaction(
  parameters: ProposeSafeTransactionParameters,
): Promise<ProposeSafeTransactionReturnType> {
  const { apiKit, chainId, call, signer, origin } = parameters;
  const safe = getAddress(parameters.safe);
  const nonce = parameters.nonce ?? BigInt(await apiKit.getNextNonce(safe));
  const transaction = safeTransaction({
    to: getAddress(call.to),
    value: call.value,
    data: call.data,
    operation: call.operation === 1 ? 1 : 0,
    nonce,
  });
  const { safeTxHash } = safeTxHashes({ safe, chainId, transaction });
  const signature = await signSafeTx({ signer, safe, chainId, transaction });
  await apiKit.proposeTransaction({
    safeAddress: safe,
    safeTransactionData: {
      to: transaction.to,
      value: transaction.value.toString(),
      data: transaction.data,
      operation: transaction.operation,
      safeTxGas: '0',
      baseGas: '0',
      gasPrice: '0',
      gasToken: transaction.gasToken,
      refundReceiver: transaction.refundReceiver,
      nonce: Number(nonce),
    },
    safeTxHash,
    senderAddress: signer.address,
    senderSignature: signature,
    origin,
  });
  return { safeTxHash, transaction, signature };
}
