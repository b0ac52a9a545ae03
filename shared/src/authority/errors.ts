import { type PublicClient, BaseError as ViemBaseError, HttpRequestError, TimeoutError } from 'viem';

import { BaseError } from '../errors/base.js';

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

/** The node answered, but not with what an Ethereum JSON-RPC node answers (a web page, an error, nonsense). */
export class RpcAnswerError extends BaseError {
  override name = 'RpcAnswerError';
  readonly url: string;
  constructor(url: string, what: string, cause: unknown) {
    super(`${url} answered ${what} with something that is not a usable JSON-RPC answer: ${detailOf(cause)}.`, {
      metaMessages: [
        "Check the URL: it must be the JSON-RPC endpoint of a node of the package's chain (e.g. http://127.0.0.1:8545),",
        'and the guard address a ManifestGuard there. Nothing was decided from this answer.',
      ],
      cause,
    });
    this.url = url;
  }
}

/**
 * Whether a failed request reached a server that answered (an HTTP error status, a body that is not JSON, a
 * JSON-RPC error), as opposed to no answer at all (connection refused, timeout).
 */
export function answered(error: unknown): boolean {
  // Not a transport error: a formatter or decoder failed on what came back.
  if (!(error instanceof ViemBaseError)) return true;
  if (error.walk((e) => e instanceof TimeoutError)) return false;
  const http = error.walk((e) => e instanceof HttpRequestError) as HttpRequestError | null;
  if (http) return http.status !== undefined || http.cause instanceof SyntaxError;
  // A JSON-RPC error, or an answer viem could not decode.
  return true;
}

/**
 * The error for a failed read of the node: `RpcUnreachableError` when nothing answered, `RpcAnswerError` (naming
 * `what` was read) when the answer was unusable.
 */
export function rpcFailure(client: PublicClient, what: string, error: unknown): RpcUnreachableError | RpcAnswerError {
  if (error instanceof RpcUnreachableError || error instanceof RpcAnswerError) return error;
  return answered(error)
    ? new RpcAnswerError(rpcUrlOf(client), what, error)
    : new RpcUnreachableError(rpcUrlOf(client), error);
}

/**
 * Asks the node for its chain id and turns a network failure into `RpcUnreachableError`, an answer that is not a
 * chain id into `RpcAnswerError`.
 *
 * @example
 * const chainId = await assertReachable(publicClient);
 */
export async function assertReachable(client: PublicClient): Promise<number> {
  let chainId: number;
  try {
    chainId = await client.getChainId();
  } catch (error) {
    throw rpcFailure(client, 'eth_chainId', error);
  }
  if (!Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new RpcAnswerError(rpcUrlOf(client), 'eth_chainId', new Error(`${String(chainId)} is not a chain id`));
  }
  return chainId;
}

function detailOf(cause: unknown): string {
  const viem = cause as { details?: unknown; shortMessage?: unknown; message?: unknown };
  const text =
    (typeof viem?.details === 'string' && viem.details) ||
    (typeof viem?.shortMessage === 'string' && viem.shortMessage) ||
    (typeof viem?.message === 'string' && viem.message) ||
    String(cause);
  return text.split('\n')[0]!.replace(/\.$/, '');
}

/** An input of the authority checks is malformed. */
export class AuthorityInputError extends BaseError {
  override name = 'AuthorityInputError';
  constructor(problem: string, fix: string) {
    super(`Cannot check authority: ${problem}.`, { metaMessages: [fix] });
  }
}
