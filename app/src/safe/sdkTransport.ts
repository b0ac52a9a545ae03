import type SafeAppsSDK from '@safe-global/safe-apps-sdk';
import { RPC_CALLS } from '@safe-global/safe-apps-sdk';
import { type EIP1193RequestFn, custom, numberToHex } from 'viem';

import { RpcMethodNotAllowedError } from './errors.js';

const forwarded = new Set<string>(Object.values(RPC_CALLS));

/**
 * A viem transport over the Safe Apps host's `rpcCall`: `eth_chainId` is answered from the host's chain info,
 * `eth_blockNumber` from the latest block, everything else the host forwards; anything else fails clearly.
 *
 * @example
 * const client = createPublicClient({ chain, transport: safeAppsTransport(sdk, 31337) });
 */
export function safeAppsTransport(sdk: SafeAppsSDK, chainId: number) {
  const request = (async ({ method, params }: { method: string; params?: unknown }) => {
    if (method === 'eth_chainId') return numberToHex(chainId);
    if (method === 'eth_blockNumber') {
      const block = await rpcCall<{ number: string }>(sdk, 'eth_getBlockByNumber', ['latest', false]);
      return block.number;
    }
    if (!forwarded.has(method)) throw new RpcMethodNotAllowedError(method);
    return rpcCall(sdk, method, (params as unknown[]) ?? []);
  }) as EIP1193RequestFn;
  return custom({ request }, { retryCount: 0 });
}

type Communicator = { send(method: string, params: unknown): Promise<{ data: unknown }> };

/** The SDK's `rpcCall` message (its `eth` helpers cover a fixed subset; the message itself takes any listed call). */
async function rpcCall<T>(sdk: SafeAppsSDK, call: string, params: unknown[]): Promise<T> {
  const { communicator } = sdk as unknown as { communicator: Communicator };
  const response = await communicator.send('rpcCall', { call, params });
  return response.data as T;
}
