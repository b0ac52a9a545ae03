import {
  type Account,
  type Chain,
  type PublicClient,
  type TestClient,
  type WalletClient,
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  http,
  publicActions,
  walletActions,
} from 'viem';

/** viem clients for one chain: reads, writes (default `account`, if any) and Anvil's test actions. */
export type ChainClients = {
  publicClient: PublicClient;
  walletClient: WalletClient;
  testClient: TestClient;
  chain: Chain;
};

export type ChainClientsOptions = {
  /** The chain's name in viem's errors (default "Local chain"). */
  name?: string;
  /** The wallet client's default account. */
  account?: Account;
  /** Each request's timeout in milliseconds (viem's default when absent). */
  timeout?: number;
};

/**
 * Public, wallet and test clients for a chain at `rpcUrl` (an Anvil, a fork of a chain, or any node for reads).
 *
 * @example
 * const { publicClient, testClient } = chainClients('http://127.0.0.1:8545', 31337);
 */
export function chainClients(rpcUrl: string, chainId: number, options: ChainClientsOptions = {}): ChainClients {
  const chain = defineChain({
    id: chainId,
    name: options.name ?? 'Local chain',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const transport = http(rpcUrl, options.timeout === undefined ? {} : { timeout: options.timeout });
  return {
    chain,
    publicClient: createPublicClient({ chain, transport }),
    walletClient: createWalletClient({ chain, transport, ...(options.account ? { account: options.account } : {}) }),
    testClient: createTestClient({ chain, transport, mode: 'anvil' }).extend(publicActions).extend(walletActions),
  };
}
