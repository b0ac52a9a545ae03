import { createPublicClient, createTestClient, createWalletClient, defineChain, http, rpcSchema } from 'viem';

import type { ChainClients } from '../fork/chainClients.js';
import {
  NotAnAnvilEndpointError,
  SimulationRpcInvalidError,
  SimulationRpcUnreachableError,
  SimulationWrongChainError,
} from './errors.js';

/** An Anvil endpoint the dry run can use: its chain id and clients (no default account: every sender is impersonated). */
export type SimulationEndpoint = { rpcUrl: string; chainId: number; clients: ChainClients };

/** The one Anvil-only method the probes call (what a public RPC or a wallet's node does not answer). */
type AnvilNodeInfoSchema = [{ Method: 'anvil_nodeInfo'; Parameters?: undefined; ReturnType: unknown }];

/**
 * Whether `rpcUrl` is an Anvil endpoint (it answers `anvil_nodeInfo`); false when it does not answer at all.
 *
 * @example
 * await isAnvilEndpoint('http://127.0.0.1:8545'); // true for `npm start`'s chain or any `npx anvil`
 */
export async function isAnvilEndpoint(rpcUrl: string): Promise<boolean> {
  if (!URL.canParse(rpcUrl)) return false;
  try {
    await createPublicClient({
      transport: http(rpcUrl, { retryCount: 0, timeout: 5_000 }),
      rpcSchema: rpcSchema<AnvilNodeInfoSchema>(),
    }).request({ method: 'anvil_nodeInfo' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Connects to the endpoint the dry run runs on: it must answer, be Anvil (`anvil_nodeInfo`) and, when
 * `expectedChainId` is given, hold that chain.
 *
 * @throws {SimulationRpcInvalidError} when `rpcUrl` is not a URL.
 * @throws {SimulationRpcUnreachableError} when nothing answers.
 * @throws {NotAnAnvilEndpointError} when it is another kind of node (a public RPC, a wallet's).
 * @throws {SimulationWrongChainError} when it holds another chain.
 *
 * @example
 * const endpoint = await connectSimulation('http://127.0.0.1:8545', 1);
 */
export async function connectSimulation(rpcUrl: string, expectedChainId?: number): Promise<SimulationEndpoint> {
  if (!URL.canParse(rpcUrl) || !/^https?:/i.test(rpcUrl)) throw new SimulationRpcInvalidError(rpcUrl);
  const transport = http(rpcUrl, { retryCount: 0, timeout: 60_000 });
  const probe = createPublicClient({ transport, rpcSchema: rpcSchema<AnvilNodeInfoSchema>() });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (error) {
    throw new SimulationRpcUnreachableError(rpcUrl, error);
  }
  try {
    await probe.request({ method: 'anvil_nodeInfo' });
  } catch (error) {
    throw new NotAnAnvilEndpointError(rpcUrl, error);
  }
  if (expectedChainId !== undefined && expectedChainId !== chainId) {
    throw new SimulationWrongChainError(rpcUrl, chainId, expectedChainId);
  }
  const chain = defineChain({
    id: chainId,
    name: `Simulation of chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  return {
    rpcUrl,
    chainId,
    clients: {
      chain,
      publicClient: createPublicClient({ chain, transport, pollingInterval: 100 }),
      walletClient: createWalletClient({ chain, transport }),
      testClient: createTestClient({ chain, transport, mode: 'anvil' }),
    },
  };
}
