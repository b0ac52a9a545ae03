import {
  type Address,
  type Chain,
  type PublicClient,
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  getAddress,
  http,
} from 'viem';

import type { SafeConnection } from './connection.js';
import { devAccountLabels, localChainId } from './devAccounts.js';
import { RpcDownError, SignerRequiredError, WrongChainError } from './errors.js';
import { readSafeState } from './readSafeState.js';
import { standaloneQueue } from './standaloneQueue.js';

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
    const queue = standaloneQueue({ client, state, wallet, txServiceUrl });
    return {
      mode: 'standalone',
      chain,
      client,
      state,
      wallet,
      txServiceUrl,
      queue,
      propose: queue.propose,
      queued: queue.queued,
      pending: queue.pending,
      refresh: connect,
    };
  };
  return connect();
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
