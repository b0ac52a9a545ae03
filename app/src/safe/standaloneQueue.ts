import { type Address, type PublicClient, type WalletClient, getAddress } from 'viem';

import {
  approveHash,
  confirmSafeTransaction,
  executeQueued,
  executeWithApprovals,
  onChainApprovals,
  proposeSafeTransaction,
  type SafeSigner,
  safeTransaction,
  safeTxHashes,
} from '../../../shared/src/index.js';
import type { QueuedTransaction, SafeConnection, SafeState, StandaloneQueue } from './connection.js';
import { MissingRoleError, SignerRequiredError } from './errors.js';
import { localQueue } from './localQueue.js';
import { apiKitFor, serviceQueued, servicePending } from './serviceQueue.js';

/** The standalone Safe queue: the Transaction Service through api-kit, or on-chain `approveHash` without one. */
export type { StandaloneQueue };

type Wallet = NonNullable<SafeConnection['wallet']>;

/**
 * The queue of a standalone connection, on `shared/src/queue`: proposals and confirmations are EIP-712 signatures to
 * the Transaction Service (hashed again before signing), or `approveHash` on chain; execution gathers both.
 */
export function standaloneQueue(args: {
  client: PublicClient;
  state: SafeState;
  wallet: SafeConnection['wallet'];
  txServiceUrl: string | undefined;
}): StandaloneQueue {
  const { client, state, wallet, txServiceUrl } = args;
  const chainId = state.chainId;
  const apiKit = () => apiKitFor(txServiceUrl!, chainId);
  const clients = (w: Wallet) => ({ publicClient: client, walletClient: w.client as WalletClient });

  const queue: StandaloneQueue = {
    async propose(call, options) {
      const owner = requireOwner(wallet, state, 'propose a Safe transaction');
      if (txServiceUrl) {
        const { safeTxHash, transaction } = await proposeSafeTransaction({
          apiKit: await apiKit(),
          chainId,
          safe: state.safe,
          call,
          signer: signerOf(owner),
          origin: 'Manifest Guard',
          nonce: options?.nonce,
        });
        return { safeTxHash, nonce: transaction.nonce };
      }
      const nonce = options?.nonce ?? localQueue.nextNonce(state);
      const { safeTxHash } = safeTxHashes({
        safe: state.safe,
        chainId,
        transaction: safeTransaction({ ...call, nonce }),
      });
      localQueue.record({ safe: state.safe, chainId, safeTxHash, call, nonce });
      await approveHash({ clients: clients(owner.wallet), safe: state.safe, safeTxHash, owner: owner.wallet.account });
      return { safeTxHash, nonce };
    },
    async queued(safeTxHash) {
      if (txServiceUrl) return serviceQueued(await apiKit(), client, state, safeTxHash);
      const record = localQueue.get(safeTxHash);
      if (!record) return undefined;
      const approvals = await onChainApprovals({
        publicClient: client,
        safe: state.safe,
        safeTxHash,
        owners: state.owners,
      });
      return {
        safeTxHash,
        call: record.call,
        nonce: record.nonce,
        confirmations: approvals.map((owner) => ({ owner, signature: undefined })),
        confirmationsRequired: state.threshold,
        // The chain keeps no record of which hash used a nonce: the manifest's step cursor tells.
        executed: false,
        source: 'chain',
      };
    },
    async pending() {
      if (txServiceUrl) return servicePending(await apiKit(), client, state);
      const read = await Promise.all(localQueue.waiting(state).map((hash) => queue.queued(hash)));
      return read
        .filter((tx): tx is QueuedTransaction => tx !== undefined && tx.nonce >= state.nonce)
        .sort((a, b) => (a.nonce === b.nonce ? 0 : a.nonce < b.nonce ? -1 : 1));
    },
    async confirm(queued) {
      const owner = requireOwner(wallet, state, 'confirm the Safe transaction');
      if (txServiceUrl) {
        await confirmSafeTransaction({
          apiKit: await apiKit(),
          chainId,
          safeTxHash: queued.safeTxHash,
          signer: signerOf(owner),
        });
        return;
      }
      await approveHash({
        clients: clients(owner.wallet),
        safe: state.safe,
        safeTxHash: queued.safeTxHash,
        owner: owner.wallet.account,
      });
    },
    async execute(queued) {
      if (!wallet) throw new SignerRequiredError('execute the Safe transaction');
      const result = txServiceUrl
        ? await executeQueued({
            apiKit: await apiKit(),
            clients: clients(wallet),
            safeTxHash: queued.safeTxHash,
            executor: wallet.account,
          })
        : await executeWithApprovals({
            clients: clients(wallet),
            safe: state.safe,
            call: queued.call,
            nonce: queued.nonce,
            executor: wallet.account,
          });
      return result.transactionHash;
    },
  };
  return queue;
}

/** The standalone wallet, checked against the owners. */
export function requireOwner(
  wallet: SafeConnection['wallet'],
  state: SafeState,
  action: string,
): { wallet: Wallet; address: Address } {
  if (!wallet) throw new SignerRequiredError(action);
  const address = typeof wallet.account === 'string' ? wallet.account : wallet.account.address;
  if (!state.owners.some((owner) => owner.toLowerCase() === address.toLowerCase())) {
    throw new MissingRoleError(address, 'an owner of the Safe', action);
  }
  return { wallet, address: getAddress(address) };
}

function signerOf(owner: { wallet: Wallet; address: Address }): SafeSigner {
  return {
    address: owner.address,
    signTypedData: (typedData) => owner.wallet.client.signTypedData({ ...typedData, account: owner.wallet.account }),
  };
}
