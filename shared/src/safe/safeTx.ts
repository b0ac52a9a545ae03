import {
  type Address,
  type Hex,
  type LocalAccount,
  concat,
  hashDomain,
  hashStruct,
  hashTypedData,
  zeroAddress,
} from 'viem';

/** A Safe transaction as the Safe hashes it (EIP-712 `SafeTx`). */
export type SafeTransaction = {
  to: Address;
  value: bigint;
  data: Hex;
  operation: 0 | 1;
  safeTxGas: bigint;
  baseGas: bigint;
  gasPrice: bigint;
  gasToken: Address;
  refundReceiver: Address;
  nonce: bigint;
};

/**
 * The arguments of the Safe's `execTransaction` for `transaction` and its packed owner `signatures`, in the Safe's order.
 *
 * @example
 * await publicClient.simulateContract({ address: safe, abi: safeAbi, functionName: 'execTransaction', args: execTransactionArgs(transaction, signatures) });
 */
export function execTransactionArgs(transaction: SafeTransaction, signatures: Hex) {
  return [
    transaction.to,
    transaction.value,
    transaction.data,
    transaction.operation,
    transaction.safeTxGas,
    transaction.baseGas,
    transaction.gasPrice,
    transaction.gasToken,
    transaction.refundReceiver,
    signatures,
  ] as const;
}

/** The EIP-712 types of a Safe transaction (Safe >= 1.3.0). */
export const safeTxTypes = {
  SafeTx: [
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'data', type: 'bytes' },
    { name: 'operation', type: 'uint8' },
    { name: 'safeTxGas', type: 'uint256' },
    { name: 'baseGas', type: 'uint256' },
    { name: 'gasPrice', type: 'uint256' },
    { name: 'gasToken', type: 'address' },
    { name: 'refundReceiver', type: 'address' },
    { name: 'nonce', type: 'uint256' },
  ],
} as const;

/**
 * A Safe transaction with no refund (what Manifest Guard requires) from a manifest step.
 *
 * @example
 * const tx = safeTransaction({ to, value: 0n, data, operation: 0, nonce: 3n });
 */
export function safeTransaction(
  step: Pick<SafeTransaction, 'to' | 'value' | 'data' | 'operation' | 'nonce'> & Partial<SafeTransaction>,
): SafeTransaction {
  return {
    safeTxGas: 0n,
    baseGas: 0n,
    gasPrice: 0n,
    gasToken: zeroAddress,
    refundReceiver: zeroAddress,
    ...step,
  };
}

/** What a hardware wallet shows for a Safe transaction: the domain hash, the message hash and the safeTxHash. */
export type SafeTxHashes = {
  domainHash: Hex;
  messageHash: Hex;
  safeTxHash: Hex;
};

/**
 * The safeTxHash of a transaction for `safe` on `chainId`, with its EIP-712 domain and message hashes.
 *
 * @example
 * const { safeTxHash } = safeTxHashes({ safe, chainId: 31337, transaction: tx });
 */
export function safeTxHashes(args: { safe: Address; chainId: number; transaction: SafeTransaction }): SafeTxHashes {
  const domain = { chainId: args.chainId, verifyingContract: args.safe };
  return {
    domainHash: hashDomain({
      domain: { chainId: BigInt(args.chainId), verifyingContract: args.safe },
      types: {
        EIP712Domain: [
          { name: 'chainId', type: 'uint256' },
          { name: 'verifyingContract', type: 'address' },
        ],
      },
    }),
    messageHash: hashStruct({
      data: args.transaction,
      primaryType: 'SafeTx',
      types: safeTxTypes,
    }),
    safeTxHash: hashTypedData({
      domain,
      types: safeTxTypes,
      primaryType: 'SafeTx',
      message: args.transaction,
    }),
  };
}

/**
 * Owner signatures for a Safe transaction, sorted by owner address as the Safe requires.
 *
 * @example
 * const signatures = await signSafeTransaction({ safe, chainId, transaction, owners: [alice, bob] });
 */
export async function signSafeTransaction(args: {
  safe: Address;
  chainId: number;
  transaction: SafeTransaction;
  owners: readonly LocalAccount[];
}): Promise<Hex> {
  const sorted = [...args.owners].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  const signatures = await Promise.all(
    sorted.map((owner) =>
      owner.signTypedData({
        domain: { chainId: args.chainId, verifyingContract: args.safe },
        types: safeTxTypes,
        primaryType: 'SafeTx',
        message: args.transaction,
      }),
    ),
  );
  return concat(signatures);
}
