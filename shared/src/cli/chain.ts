import {
  type Abi,
  type Address,
  type Chain,
  type Hex,
  type LocalAccount,
  type PublicClient,
  BaseError as ViemBaseError,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
} from 'viem';

import { RpcUnreachableError } from '../authority/errors.js';
import { decodeGuardError } from '../guard/guardErrors.js';
import { ChainIdMismatchError, NoContractError, TransactionRejectedError, UsageError } from './errors.js';

/** A connected chain: the node answered and is on the expected chain. */
export type CliChain = { rpcUrl: string; chainId: number; chain: Chain; publicClient: PublicClient };

export const rpcVariable = 'MANIFEST_GUARD_RPC';

/**
 * Connects to `rpcUrl` (or MANIFEST_GUARD_RPC), asks for its chain id and checks it against `--chain-id`.
 *
 * @throws {UsageError} without an RPC URL or with a malformed chain id.
 * @throws {RpcUnreachableError} when the node does not answer (the message names the URL).
 * @throws {ChainIdMismatchError} when the node is on another chain.
 */
export async function connect(args: {
  command: string;
  rpc: string | undefined;
  chainId: string | undefined;
}): Promise<CliChain> {
  const rpcUrl = args.rpc;
  if (!rpcUrl) {
    throw new UsageError(
      `\`${args.command}\` reads the chain and no RPC is configured.`,
      `Pass --rpc <url> or set ${rpcVariable}.`,
    );
  }
  if (!URL.canParse(rpcUrl)) throw new UsageError(`--rpc "${rpcUrl}" is not a URL.`, 'Use e.g. http://127.0.0.1:8545.');
  const expected = parseChainId(args.chainId);
  const publicClient = createPublicClient({ transport: http(rpcUrl, { retryCount: 1, timeout: 15_000 }) });
  let chainId: number;
  try {
    chainId = await publicClient.getChainId();
  } catch (error) {
    throw new RpcUnreachableError(rpcUrl, error);
  }
  if (expected !== undefined && expected !== chainId) {
    throw new ChainIdMismatchError(rpcUrl, chainId, expected, '--chain-id');
  }
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  return {
    rpcUrl,
    chainId,
    chain,
    publicClient: createPublicClient({ chain, transport: http(rpcUrl, { retryCount: 1, timeout: 30_000 }) }),
  };
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
 * Simulates, sends and waits for a contract call from `account`. A revert is decoded (the guard's custom errors,
 * the Safe's `GS…` codes) and thrown as `TransactionRejectedError` before anything is sent.
 */
export async function sendContract(
  chain: CliChain,
  account: LocalAccount,
  call: { address: Address; abi: Abi; functionName: string; args: readonly unknown[]; action: string; fix: string },
): Promise<{ hash: Hex; result: unknown; blockNumber: bigint }> {
  const walletClient = createWalletClient({ account, chain: chain.chain, transport: http(chain.rpcUrl) });
  try {
    const { request, result } = await chain.publicClient.simulateContract({
      account,
      address: call.address,
      abi: call.abi,
      functionName: call.functionName,
      args: call.args,
    } as never);
    const hash = await walletClient.writeContract(request as never);
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') {
      throw new TransactionRejectedError(call.action, `transaction ${hash} reverted`, call.fix);
    }
    return { hash, result, blockNumber: receipt.blockNumber };
  } catch (error) {
    if (error instanceof TransactionRejectedError) throw error;
    throw new TransactionRejectedError(call.action, revertReason(error), call.fix);
  }
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
