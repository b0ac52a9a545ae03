import type SafeApiKit from '@safe-global/api-kit';
import { type Address, type Hex, type PublicClient, type WalletClient, getAddress } from 'viem';

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
  verifiedTransaction,
} from '../../../shared/src/index.js';
import type { QueuedTransaction, SafeConnection, SafeState, StandaloneQueue } from './connection.js';
import { MissingRoleError, SignerRequiredError } from './errors.js';
import { localQueue } from './localQueue.js';

/** The standalone Safe queue: the Transaction Service through api-kit, or on-chain `approveHash` without one. */
export type { StandaloneQueue };

type Wallet = NonNullable<SafeConnection['wallet']>;

/** api-kit, loaded on first use so it stays out of the first bundle. */
async function apiKitFor(txServiceUrl: string, chainId: number): Promise<SafeApiKit> {
  const { default: ApiKit } = await import('@safe-global/api-kit');
  return new ApiKit({ chainId: BigInt(chainId), txServiceUrl });
}

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
    async propose(call) {
      const owner = requireOwner(wallet, state, 'propose a Safe transaction');
      if (txServiceUrl) {
        const { safeTxHash, transaction } = await proposeSafeTransaction({
          apiKit: await apiKit(),
          chainId,
          safe: state.safe,
          call,
          signer: signerOf(owner),
          origin: 'Manifest Guard',
        });
        return { safeTxHash, nonce: transaction.nonce };
      }
      const nonce = localQueue.nextNonce(state);
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
      if (txServiceUrl) {
        let response;
        try {
          response = await (await apiKit()).getTransaction(safeTxHash);
        } catch {
          return undefined;
        }
        const transaction = verifiedTransaction(response, chainId);
        const approvals = await onChainApprovals({
          publicClient: client,
          safe: state.safe,
          safeTxHash,
          owners: state.owners,
        });
        const confirmations = (response.confirmations ?? []).map((c) => ({
          owner: getAddress(c.owner),
          signature: (c.signature ?? undefined) as Hex | undefined,
        }));
        for (const owner of approvals) {
          if (!confirmations.some((c) => c.owner === owner)) confirmations.push({ owner, signature: undefined });
        }
        return {
          safeTxHash,
          call: {
            to: transaction.to,
            value: transaction.value,
            data: transaction.data,
            operation: transaction.operation,
          },
          nonce: transaction.nonce,
          confirmations,
          confirmationsRequired: response.confirmationsRequired,
          executed: response.isExecuted,
          source: 'tx-service',
        };
      }
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
      const hashes = txServiceUrl
        ? (
            await (await apiKit()).getPendingTransactions(state.safe, { currentNonce: Number(state.nonce) })
          ).results.map((tx) => tx.safeTxHash as Hex)
        : localQueue.waiting(state);
      const read = await Promise.all(hashes.map((hash) => queue.queued(hash)));
      return read.filter((tx): tx is QueuedTransaction => tx !== undefined && !tx.executed && tx.nonce >= state.nonce);
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
