import type { PublicClient } from 'viem';

import { BaseError } from '../package/baseError.js';

/** The node did not answer. */
export class RpcUnreachableError extends BaseError {
  override name = 'RpcUnreachableError';
  readonly url: string;
  constructor(url: string, cause: unknown) {
    super(`Could not reach ${url}: is the node running?`, {
      metaMessages: [
        'Start the node (e.g. `npm start` for the local desk) or pass the RPC URL of a node that answers.',
        `The transport said: ${(cause as Error)?.message?.split('\n')[0] ?? String(cause)}`,
      ],
      cause,
    });
    this.url = url;
  }
}

/** The RPC URL of a viem client, for messages (`(unknown RPC)` when the transport has none). */
export function rpcUrlOf(client: PublicClient): string {
  const transport = client.transport as { url?: string };
  return transport.url ?? client.chain?.rpcUrls.default.http[0] ?? '(unknown RPC)';
}

/**
 * Asks the node for its chain id and turns a network failure into `RpcUnreachableError`.
 *
 * @example
 * const chainId = await assertReachable(publicClient);
 */
export async function assertReachable(client: PublicClient): Promise<number> {
  try {
    return await client.getChainId();
  } catch (error) {
    throw new RpcUnreachableError(rpcUrlOf(client), error);
  }
}
