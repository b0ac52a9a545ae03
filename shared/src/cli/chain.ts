import {
  type Abi,
  type Address,
  type Chain,
  type Hex,
  HttpRequestError,
  type LocalAccount,
  type PublicClient,
  TimeoutError,
  type Transport,
  BaseError as ViemBaseError,
  WaitForTransactionReceiptTimeoutError,
  type WalletClient,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
} from 'viem';
import { waitForTransactionReceipt } from 'viem/actions';

import {
  answered,
  canonicalMulticall3,
  type ContractWrite,
  decodeGuardError,
  gasWithMargin,
  guardHint,
  type HintContext,
  RpcAnswerError,
  RpcUnreachableError,
  type WriteFunctionName,
  plainCall,
} from '../node.js';
import {
  ChainIdMismatchError,
  NoContractError,
  RpcTimeoutError,
  TransactionRejectedError,
  TransactionUnconfirmedError,
  UsageError,
} from './errors.js';

/** A connected chain: the node answered and is on the expected chain. */
export type CliChain = {
  rpcUrl: string;
  chainId: number;
  chain: Chain;
  /**
   * Reads the chain: every request has a timeout, requests issued together go out as one JSON-RPC batch (one HTTP
   * request), and `waitForTransactionReceipt` gives up after `receiptTimeoutMs` with `TransactionUnconfirmedError`.
   */
  publicClient: PublicClient;
  /** The transport `publicClient` uses (wallet clients share it, and so its batches). */
  transport: Transport;
  receiptTimeoutMs: number;
  /** Called with every transaction hash the CLI sends, as soon as the node accepted it (before any receipt). */
  onSent: (hash: Hex, from: Address) => void;
};

export const rpcVariable = 'MANIFEST_GUARD_RPC';
/** How long one JSON-RPC request (or batch) may take. */
export const rpcTimeoutMs = 20_000;
/** How long a sent transaction's receipt is awaited by default (`--receipt-timeout`). */
export const defaultReceiptTimeoutMs = 120_000;

/**
 * The CLI's JSON-RPC transport: a timeout on every request, one retry, and batching (the requests a command issues
 * together go out as one HTTP request; at most 100 a batch, which public providers accept).
 */
export function rpcTransport(rpcUrl: string): Transport {
  return http(rpcUrl, { batch: { batchSize: 100 }, timeout: rpcTimeoutMs, retryCount: 1 });
}

export type ConnectParameters = {
  command: string;
  rpc: string | undefined;
  chainId: string | undefined;
  receiptTimeoutMs?: number;
  onSent?: (hash: Hex, from: Address) => void;
};

/**
 * Connects to `rpcUrl` (or MANIFEST_GUARD_RPC), asks for its chain id and checks it against `--chain-id`.
 *
 * @throws {UsageError} without an RPC URL or with a malformed chain id.
 * @throws {RpcUnreachableError} when nothing answers at the URL (the message names it).
 * @throws {RpcAnswerError} when something answers that is not a JSON-RPC node (an HTML page, an HTTP error).
 * @throws {RpcTimeoutError} when the node does not answer in time.
 * @throws {ChainIdMismatchError} when the node is on another chain.
 */
export async function connect(args: ConnectParameters): Promise<CliChain> {
  return (await connectWith(args, async () => undefined)).chain;
}

/**
 * `connect`, with `reads` issued in the same tick as the chain id question, so that both go out in one HTTP request.
 * The chain id is checked before `reads`' result (or error) is used.
 *
 * @example
 * const { chain, value: code } = await connectWith(args, (client) => client.getCode({ address: guard }));
 */
export async function connectWith<T>(
  args: ConnectParameters,
  reads: (client: PublicClient) => Promise<T>,
): Promise<{ chain: CliChain; value: T }> {
  const rpcUrl = args.rpc;
  if (!rpcUrl) {
    throw new UsageError(
      `\`${args.command}\` reads the chain and no RPC is configured.`,
      `Pass --rpc <url> or set ${rpcVariable}.`,
    );
  }
  if (!URL.canParse(rpcUrl)) throw new UsageError(`--rpc "${rpcUrl}" is not a URL.`, 'Use e.g. http://127.0.0.1:8545.');
  const expected = parseChainId(args.chainId);
  const transport = rpcTransport(rpcUrl);
  const bare = createPublicClient({ transport });
  const [answer, value] = await Promise.allSettled([bare.getChainId(), reads(bare)]);
  if (answer.status === 'rejected') throw connectionFailure(rpcUrl, answer.reason);
  const chainId = answer.value;
  if (expected !== undefined && expected !== chainId) {
    throw new ChainIdMismatchError(rpcUrl, chainId, expected, '--chain-id');
  }
  if (value.status === 'rejected') throw value.reason;
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
    contracts: { multicall3: { address: canonicalMulticall3 } },
  });
  const receiptTimeoutMs = args.receiptTimeoutMs ?? defaultReceiptTimeoutMs;
  const publicClient = createPublicClient({ chain, transport }).extend((client) => ({
    waitForTransactionReceipt: (parameters: Parameters<typeof waitForTransactionReceipt>[1]) =>
      waitForReceipt(client as PublicClient, parameters, receiptTimeoutMs, rpcUrl),
  })) as unknown as PublicClient;
  return {
    chain: {
      rpcUrl,
      chainId,
      chain,
      publicClient,
      transport,
      receiptTimeoutMs,
      onSent: args.onSent ?? (() => {}),
    },
    value: value.value,
  };
}

async function waitForReceipt(
  client: PublicClient,
  parameters: Parameters<typeof waitForTransactionReceipt>[1],
  timeoutMs: number,
  rpcUrl: string,
) {
  try {
    return await waitForTransactionReceipt(client, {
      timeout: timeoutMs,
      pollingInterval: Math.min(client.pollingInterval, 1_000),
      ...parameters,
    });
  } catch (error) {
    if (error instanceof WaitForTransactionReceiptTimeoutError) {
      throw new TransactionUnconfirmedError(parameters.hash, Math.round(timeoutMs / 1000), rpcUrl, error);
    }
    throw error;
  }
}

/**
 * A wallet client for `account` on `chain`, on the chain's transport: every transaction it sends (`sendTransaction`,
 * `writeContract`) is reported to `chain.onSent` as soon as the node returned its hash.
 */
export function walletFor(chain: CliChain, account: LocalAccount): WalletClient<Transport, Chain, LocalAccount> {
  return createWalletClient({
    account,
    chain: chain.chain,
    transport: reportingSends(chain.transport, (hash) => chain.onSent(hash, account.address)),
  });
}

/** `transport`, calling `onSent` with the hash of every transaction the node accepted. */
function reportingSends(transport: Transport, onSent: (hash: Hex) => void): Transport {
  return (parameters) => {
    const inner = transport(parameters);
    // The same EIP-1193 function as the inner one, with a look at what it answered.
    const request = (async (args: Parameters<typeof inner.request>[0], options) => {
      const result = await inner.request(args, options);
      if (args.method === 'eth_sendRawTransaction' || args.method === 'eth_sendTransaction') onSent(result as Hex);
      return result;
    }) as typeof inner.request;
    return { ...inner, request };
  };
}

/**
 * What a failed JSON-RPC request means, for people: nothing answers (`RpcUnreachableError`), something answers that
 * is not a node, such as a web page or an HTTP error (`RpcAnswerError`, with the status and the start of the body), or
 * the node is too slow (`RpcTimeoutError`). Anything else comes back as it is.
 */
export function connectionFailure(rpcUrl: string, error: unknown): Error {
  if (!(error instanceof ViemBaseError)) return error instanceof Error ? error : new Error(String(error));
  if (error.walk((e) => e instanceof TimeoutError)) return new RpcTimeoutError(rpcUrl, rpcTimeoutMs / 1000, error);
  if (!answered(error)) return new RpcUnreachableError(rpcUrl, error);
  const request = error.walk((e) => e instanceof HttpRequestError) as HttpRequestError | null;
  const what =
    request?.status !== undefined
      ? `HTTP ${request.status}${excerpt(request.details) ? `, "${excerpt(request.details)}"` : ''}`
      : request?.cause instanceof SyntaxError
        ? `not JSON (${excerpt(request.cause.message)})`
        : error.shortMessage;
  return new RpcAnswerError(rpcUrl, 'eth_chainId', Object.assign(new Error(what), { cause: error }));
}

/** A transport failure anywhere in `error` (the node went away mid-command), else `undefined`. */
export function transportFailure(error: unknown): Error | undefined {
  if (!(error instanceof ViemBaseError)) return undefined;
  const failed = error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError) as {
    url?: string;
  } | null;
  if (!failed) return undefined;
  const url = failed.url ?? /URL: (\S+)/.exec(error.message)?.[1] ?? '(the RPC)';
  return connectionFailure(url, error);
}

function excerpt(text: string | undefined): string {
  let plain = text ?? '';
  if (plain.startsWith('"')) {
    try {
      plain = String(JSON.parse(plain));
    } catch {
      // not a JSON string: as it is
    }
  }
  const flat = plain.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}…` : flat;
}

/** A chain id option as a number. @throws {UsageError} when it is not a positive integer. */
export function parseChainId(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value)) {
    throw new UsageError(`--chain-id "${value}" is not a chain id.`, 'Use a positive decimal number (1 for Ethereum).');
  }
  return Number(value);
}

/**
 * @throws {NoContractError} when nothing is deployed at `address` on the chain (a wrong address, or the wrong chain).
 */
export async function expectContract(chain: CliChain, address: Address, what: string, fix: string): Promise<void> {
  const code = await chain.publicClient.getCode({ address });
  if (!code || code === '0x') throw new NoContractError(address, chain, what, fix);
}

/** @throws {NoContractError} when there is no guard at `guard` on the chain. */
export function expectGuard(chain: CliChain, guard: Address): Promise<void> {
  return expectContract(
    chain,
    guard,
    'a ManifestGuard',
    `Pass the guard's address on chain ${chain.chainId} (--guard, or the package's "guard"), or the RPC of its chain.`,
  );
}

/** @throws {ChainIdMismatchError} when the package (or another source) names another chain than the node's. */
export function expectChainId(chain: CliChain, expected: number, source: string): void {
  if (chain.chainId !== expected) throw new ChainIdMismatchError(chain.rpcUrl, chain.chainId, expected, source);
}

/**
 * Simulates, sends and waits for a contract call from `account`. A revert is decoded before anything is sent: the
 * guard's custom errors read as a sentence with what to do (`guardHints`), the Safe's `GS…` codes by name. The hash is
 * reported (`chain.onSent`) as soon as the node took the transaction; the receipt wait is bounded.
 *
 * @throws {TransactionRejectedError} when the call reverts (in simulation or on chain).
 * @throws {TransactionUnconfirmedError} when it was sent and no receipt came in time.
 */
export async function sendContract<const abi extends Abi, functionName extends WriteFunctionName<abi>>(
  chain: CliChain,
  account: LocalAccount,
  call: ContractWrite<abi, functionName> & { action: string; fix: string; hint?: HintContext },
): Promise<{ hash: Hex; result: unknown; blockNumber: bigint }> {
  const walletClient = walletFor(chain, account);
  let hash: Hex | undefined;
  try {
    const plain = plainCall(call);
    const { result } = await chain.publicClient.simulateContract({ ...plain, account });
    const gas = gasWithMargin(await chain.publicClient.estimateContractGas({ ...plain, account }));
    hash = await walletClient.writeContract({ ...plain, gas });
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') {
      throw new TransactionRejectedError(call.action, `transaction ${hash} reverted`, call.fix);
    }
    return { hash, result, blockNumber: receipt.blockNumber };
  } catch (error) {
    if (error instanceof TransactionRejectedError || error instanceof TransactionUnconfirmedError) throw error;
    throw rejection(call.action, error, call.fix, { action: call.functionName, ...call.hint });
  }
}

/**
 * The error for a refused call: the guard's rejection as its sentence, the raw error and what to do; a transport
 * failure as what it is (the node went away); anything else in one line with `fix`.
 */
export function rejection(action: string, error: unknown, fix: string, hint: HintContext = {}): Error {
  const guard = decodeGuardError(error);
  if (guard) {
    const { rule, sentence, fix: guardFix } = guardHint(guard, hint);
    const details = [`The guard's error: ${guard.summary}`];
    if (rule !== sentence) details.push(`The guard's rule: ${rule}`);
    return new TransactionRejectedError(action, sentence, guardFix, details);
  }
  const transport = transportFailure(error);
  if (transport) return transport;
  return new TransactionRejectedError(action, revertReason(error), fix);
}

/** The reason a call reverted, in one line: the guard's error with its values, else the node's message. */
export function revertReason(error: unknown): string {
  const guard = decodeGuardError(error);
  if (guard) return guard.summary;
  if (error instanceof ViemBaseError) {
    const data = error.walk((e) => typeof (e as { data?: unknown }).data === 'object') as {
      data?: { errorName?: string; args?: readonly unknown[] };
    } | null;
    if (data?.data?.errorName) return `${data.data.errorName}(${(data.data.args ?? []).join(', ')})`;
    return error.shortMessage;
  }
  return (error as Error)?.message?.split('\n')[0] ?? String(error);
}
