import type SafeAppsSDK from '@safe-global/safe-apps-sdk';
import { type EIP1193RequestFn, custom, numberToHex } from 'viem';

import { RpcMethodNotAllowedError } from './errors.js';

type Eth = SafeAppsSDK['eth'];
type Forward = (eth: Eth, params: unknown[]) => Promise<unknown>;
/** The parameters of one of the SDK's `eth` helpers, as viem passes them (in JSON-RPC order, unchanged). */
type ParamsOf<method extends keyof Eth> = Eth[method] extends (params?: infer P) => Promise<unknown> ? P : never;

/**
 * Each JSON-RPC method the Safe Apps host answers, through the SDK's public `eth` helpers (never its private
 * communicator, so that an SDK update cannot break the app silently). The helpers pass the parameters on as given
 * (filling in a missing block tag), so viem's requests reach the host's node unchanged.
 */
const forwards: Record<string, Forward> = {
  eth_call: (eth, params) => eth.call(params as ParamsOf<'call'>),
  eth_getBalance: (eth, params) => eth.getBalance(params as ParamsOf<'getBalance'>),
  eth_getCode: (eth, params) => eth.getCode(params as ParamsOf<'getCode'>),
  eth_getStorageAt: (eth, params) => eth.getStorageAt(params as ParamsOf<'getStorageAt'>),
  eth_getLogs: (eth, params) => eth.getPastLogs(params as ParamsOf<'getPastLogs'>),
  eth_getBlockByHash: (eth, params) => eth.getBlockByHash(params as ParamsOf<'getBlockByHash'>),
  eth_getBlockByNumber: (eth, params) => eth.getBlockByNumber(params as ParamsOf<'getBlockByNumber'>),
  eth_getTransactionByHash: (eth, params) => eth.getTransactionByHash(params as ParamsOf<'getTransactionByHash'>),
  eth_getTransactionReceipt: (eth, params) => eth.getTransactionReceipt(params as ParamsOf<'getTransactionReceipt'>),
  eth_getTransactionCount: (eth, params) => eth.getTransactionCount(params as ParamsOf<'getTransactionCount'>),
  eth_gasPrice: (eth) => eth.getGasPrice(),
  // The SDK types the answer as a number; the host answers the node's quantity, which viem reads either way.
  eth_estimateGas: async (eth, params) => {
    const gas: unknown = await eth.getEstimateGas(params[0] as Parameters<Eth['getEstimateGas']>[0]);
    return typeof gas === 'number' ? numberToHex(gas) : gas;
  },
};

/**
 * A viem transport over the Safe Apps host: `eth_chainId` is answered from the host's chain info,
 * `eth_blockNumber` from the latest block, each method the host forwards through the SDK's `eth` helpers; anything
 * else fails clearly.
 *
 * @example
 * const client = createPublicClient({ chain, transport: safeAppsTransport(sdk, 31337) });
 */
export function safeAppsTransport(sdk: SafeAppsSDK, chainId: number) {
  const request = (async ({ method, params }: { method: string; params?: unknown }) => {
    if (method === 'eth_chainId') return numberToHex(chainId);
    if (method === 'eth_blockNumber') {
      // Typed as a number by the SDK; the host answers the node's quantity.
      const { number }: { number: unknown } = await sdk.eth.getBlockByNumber(['latest', false]);
      return typeof number === 'number' ? numberToHex(number) : number;
    }
    const forward = forwards[method];
    if (!forward) throw new RpcMethodNotAllowedError(method);
    // The helpers fill in missing parameters in place: give them a copy of viem's.
    return forward(sdk.eth, [...((params as unknown[]) ?? [])]);
  }) as EIP1193RequestFn;
  return custom({ request }, { retryCount: 0 });
}
