import {
  type Account,
  type Address,
  type Chain,
  type Hex,
  type TypedDataDefinition,
  type Transport,
  type WalletClient,
  concat,
  pad,
} from 'viem';

import { type SafeTransaction, safeTxTypes } from '../safe/safeTx.js';

/** Whoever signs a Safe transaction: a viem local account, or a wallet client through `walletSigner`. */
export type SafeSigner = {
  address: Address;
  signTypedData: (typedData: SafeTxTypedData) => Promise<Hex>;
};

/** The EIP-712 message a Safe owner signs: a `SafeTx` in the Safe's domain. */
export type SafeTxTypedData = TypedDataDefinition<typeof safeTxTypes, 'SafeTx'>;

/**
 * A `SafeSigner` from a wallet client (an injected wallet, or Anvil's unlocked accounts).
 *
 * @example
 * const signer = walletSigner(createWalletClient({ account, transport: custom(window.ethereum) }));
 */
export function walletSigner(walletClient: WalletClient<Transport, Chain | undefined, Account>): SafeSigner {
  return {
    address: walletClient.account.address,
    signTypedData: (typedData) => walletClient.signTypedData({ ...typedData, account: walletClient.account }),
  };
}

/**
 * An owner's EIP-712 signature of a Safe transaction (`v` 27/28), what Safe{Wallet} and protocol-kit send.
 *
 * @example
 * const signature = await signSafeTx({ signer: owner, safe, chainId: 31337, transaction });
 */
export function signSafeTx(args: {
  signer: SafeSigner;
  safe: Address;
  chainId: number;
  transaction: SafeTransaction;
}): Promise<Hex> {
  return args.signer.signTypedData({
    domain: { chainId: args.chainId, verifyingContract: args.safe },
    types: safeTxTypes,
    primaryType: 'SafeTx',
    message: args.transaction,
  });
}

/**
 * A pre-validated signature (`r = owner`, `s = 0`, `v = 1`): valid when the owner approved the hash on chain
 * (`approveHash`) or is the one sending `execTransaction`.
 */
export function preValidatedSignature(owner: Address): Hex {
  return concat([pad(owner, { size: 32 }), pad('0x00', { size: 32 }), '0x01']);
}

/** The Safe's signatures blob: one 65-byte signature per owner, sorted by owner address as `checkNSignatures` needs. */
export function encodeSignatures(signatures: readonly { owner: Address; signature: Hex }[]): Hex {
  const sorted = [...signatures].sort((a, b) => (BigInt(a.owner) < BigInt(b.owner) ? -1 : 1));
  return concat(sorted.map(({ signature }) => signature));
}
