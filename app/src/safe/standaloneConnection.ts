import {
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type WalletClient,
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  getAddress,
  http,
  isAddressEqual,
} from 'viem';

import { safeAbi } from '../../../shared/src/safe/safeArtifacts.js';
import { safeTransaction, safeTxHashes } from '../../../shared/src/safe/safeTx.js';
import type { QueuedTransaction, SafeCall, SafeConnection, SafeState } from './connection.js';
import { devAccountLabels, localChainId } from './devAccounts.js';
import { MissingRoleError, RpcDownError, SignerRequiredError, WrongChainError } from './errors.js';
import { localQueue } from './localQueue.js';
import { readSafeState } from './readSafeState.js';
import { signSafeCall } from './signSafeCall.js';
import { txServiceQueue } from './txServiceQueue.js';

/** Who signs in standalone mode. */
export type SignerChoice = { kind: 'none' } | { kind: 'injected' } | { kind: 'dev'; index: number };

export type StandaloneSettings = {
  rpcUrl: string;
  safe: Address;
  signer: SignerChoice;
  /** Safe Transaction Service base URL; empty for the service-free path (on-chain `approveHash`). */
  txServiceUrl?: string;
};

type Eip1193 = { request(args: { method: string; params?: unknown }): Promise<unknown> };

/**
 * Connects standalone: reads over `rpcUrl`, signs with the injected wallet or (on chain 31337 only) a dev account,
 * queues through the Transaction Service when `txServiceUrl` is set and through on-chain `approveHash` otherwise.
 *
 * @throws {RpcDownError} when the node does not answer; {WrongChainError} when the wallet is on another chain.
 *
 * @example
 * const connection = await connectStandalone({ rpcUrl: 'http://127.0.0.1:8545', safe, signer: { kind: 'dev', index: 0 } });
 */
export async function connectStandalone(settings: StandaloneSettings): Promise<SafeConnection> {
  const probe = createPublicClient({ transport: http(settings.rpcUrl, { retryCount: 0 }) });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (error) {
    throw new RpcDownError(settings.rpcUrl, error);
  }
  const chain = defineChain({
    id: chainId,
    name: chainId === localChainId ? 'Local chain' : `Chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [settings.rpcUrl] } },
  });
  const client = createPublicClient({ chain, transport: http(settings.rpcUrl, { retryCount: 0 }) }) as PublicClient;
  const wallet = await connectWallet(settings, chain);
  const txServiceUrl = settings.txServiceUrl?.trim() || undefined;

  const connect = async (): Promise<SafeConnection> => {
    const state = await readSafeState(client, settings.safe);
    const queue = txServiceUrl ? await txServiceQueue(txServiceUrl, chainId) : undefined;
    return {
      mode: 'standalone',
      chain,
      client,
      state,
      wallet,
      txServiceUrl,
      async propose(call) {
        const signer = requireOwner(wallet, state, 'propose a Safe transaction');
        const nonce = queue ? await queue.nextNonce(state.safe, state.nonce) : localQueue.nextNonce(state);
        const transaction = safeTransaction({ ...call, nonce });
        const { safeTxHash } = safeTxHashes({ safe: state.safe, chainId, transaction });
        if (queue) {
          const signature = await signSafeCall({ wallet: signer, safe: state.safe, chainId, transaction });
          await queue.propose({ safe: state.safe, transaction, safeTxHash, sender: signer.address, signature });
        } else {
          localQueue.record({ safe: state.safe, chainId, safeTxHash, call, nonce });
          await approveOnChain(client, signer, state.safe, safeTxHash);
        }
        return { safeTxHash, nonce };
      },
      async queued(safeTxHash) {
        if (queue) return queue.get(safeTxHash);
        const record = localQueue.get(safeTxHash);
        if (!record) return undefined;
        return approvalsOnChain(client, state, { safeTxHash, call: record.call, nonce: BigInt(record.nonce) });
      },
      refresh: connect,
    };
  };
  return connect();
}

/** The standalone wallet, checked against the owners. */
export function requireOwner(
  wallet: SafeConnection['wallet'],
  state: SafeState,
  action: string,
): { client: WalletClient; address: Address } {
  if (!wallet) throw new SignerRequiredError(action);
  const address = typeof wallet.account === 'string' ? wallet.account : wallet.account.address;
  if (!state.owners.some((owner) => isAddressEqual(owner, address))) {
    throw new MissingRoleError(address, 'an owner of the Safe', action);
  }
  return { client: wallet.client, address };
}

async function approveOnChain(
  client: PublicClient,
  signer: { client: WalletClient; address: Address },
  safe: Address,
  safeTxHash: Hex,
): Promise<void> {
  const hash = await signer.client.writeContract({
    address: safe,
    abi: safeAbi,
    functionName: 'approveHash',
    args: [safeTxHash],
    account: signer.client.account ?? signer.address,
    chain: client.chain,
  });
  await client.waitForTransactionReceipt({ hash });
}

/** The owners' on-chain approvals (`approvedHashes`) of a transaction. */
export async function approvalsOnChain(
  client: PublicClient,
  state: SafeState,
  tx: { safeTxHash: Hex; call: SafeCall; nonce: bigint },
): Promise<QueuedTransaction> {
  const approved = await Promise.all(
    state.owners.map(
      (owner) =>
        client.readContract({
          address: state.safe,
          abi: safeAbi,
          functionName: 'approvedHashes',
          args: [owner, tx.safeTxHash],
        } as never) as Promise<bigint>,
    ),
  );
  return {
    ...tx,
    confirmations: state.owners
      .filter((_, index) => approved[index]! > 0n)
      .map((owner) => ({ owner, signature: undefined })),
    confirmationsRequired: state.threshold,
    // The chain keeps no record of which queued hash used a nonce: the manifest's step cursor tells.
    executed: false,
    source: 'chain',
  };
}

async function connectWallet(settings: StandaloneSettings, chain: Chain): Promise<SafeConnection['wallet']> {
  const { signer } = settings;
  if (signer.kind === 'none') return undefined;
  if (signer.kind === 'dev') {
    if (chain.id !== localChainId) {
      throw new WrongChainError(chain.id, localChainId);
    }
    const { devAccount } = await import('./devAccount.js');
    const account = devAccount(signer.index);
    return {
      client: createWalletClient({ chain, account, transport: http(settings.rpcUrl, { retryCount: 0 }) }),
      account,
      label: `${devAccountLabels[signer.index] ?? `account ${signer.index}`} (dev)`,
    };
  }
  const ethereum = (window as unknown as { ethereum?: Eip1193 }).ethereum;
  if (!ethereum) throw new SignerRequiredError('sign (no injected wallet such as MetaMask was found in this browser)');
  const client = createWalletClient({ chain, transport: custom(ethereum) });
  const [address] = await client.requestAddresses();
  const walletChainId = await client.getChainId();
  if (walletChainId !== chain.id) throw new WrongChainError(walletChainId, chain.id);
  return { client, account: getAddress(address!), label: 'injected wallet' };
}
