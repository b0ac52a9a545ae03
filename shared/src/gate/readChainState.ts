import {
  type Address,
  type ContractFunctionReturnType,
  type Hex,
  type PublicClient,
  getAddress,
  zeroAddress,
  zeroHash,
} from 'viem';

import { RpcAnswerError, assertReachable, rpcFailure, rpcUrlOf } from '../authority/errors.js';
import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { decodeGuardError } from '../guard/guardErrors.js';
import { type ManifestDerivedState, readManifestState } from '../guard/readManifestState.js';
import { type GuardConfig, type Manifest, type ManifestView, ManifestStatus } from '../guard/manifest.js';
import type { NormalizedTransaction } from './types.js';

export type { ManifestView };

/** `explainTransaction`'s answer: whether the guard lets the transaction through, and why not. */
export type Verdict = ContractFunctionReturnType<typeof manifestGuardAbi, 'view', 'explainTransaction'>;

/** The block every read of the gate was taken at. */
export type ChainBlock = { number: bigint; hash: Hex; timestamp: bigint };

/**
 * The lane the guard computes for a manifest (`computeLane`); with `error`, its refusal to classify it, in words
 * (the lane is then `privileged`, the stricter one).
 */
export type ComputedLane = { lane: 'routine' | 'privileged'; error?: string };

/** What the gate reads from the chain, all at one block. */
export type ChainState = {
  chainId: number;
  block: ChainBlock;
  timestamp: bigint;
  safe: Address;
  config: GuardConfig;
  manifest: ManifestView;
  /** The guard's derived state of the manifest (`manifestState`), undefined when it does not know it. */
  derived: ManifestDerivedState | undefined;
  /** For a manifest the guard does not know yet: the lane its `computeLane` view gives it now. */
  computedLane: ComputedLane | undefined;
  rollback: ManifestView | undefined;
  frozenUntil: bigint;
  verdict: Verdict;
};

/**
 * Reads what the gate needs from the chain, every value at the same (latest) block: chain id, the block (number,
 * hash, time), the guard's Safe and configuration, the manifest and its rollback, and the guard's own verdict on
 * the proposed transaction from `msgSender`. This is the one module through which the gate reads what the chain
 * decides.
 *
 * @throws {RpcUnreachableError} when the node does not answer.
 * @throws {RpcAnswerError} when it answers something unusable (not JSON-RPC, no guard at `guard`, undecodable data).
 *
 * @example
 * const state = await readChainState({ publicClient, guard, id, rollbackId, transaction, msgSender });
 */
export async function readChainState(args: {
  publicClient: PublicClient;
  guard: Address;
  /** The manifest, for the guard's `computeLane` when it does not know it yet. */
  manifestStruct: Manifest;
  id: Hex;
  rollbackId: Hex;
  transaction: NormalizedTransaction;
  msgSender: Address | undefined;
}): Promise<ChainState> {
  const { publicClient, guard, id, rollbackId, transaction } = args;
  const chainId = await assertReachable(publicClient);
  const attempt = async <T>(what: string, read: () => Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (error) {
      throw rpcFailure(publicClient, what, error);
    }
  };
  const latest = await attempt('eth_getBlockByNumber("latest")', () => publicClient.getBlock({ blockTag: 'latest' }));
  const block = checkedBlock(publicClient, latest);
  const blockNumber = block.number;
  const guardContract = { address: guard, abi: manifestGuardAbi, blockNumber } as const;
  const read = <T>(functionName: string, run: () => Promise<T>) =>
    attempt(`the guard's ${functionName} at ${guard}`, run);
  const view = (manifest: Hex) =>
    attempt(`the guard's getManifest at ${guard}`, () => readManifestView(publicClient, guard, manifest, blockNumber));
  const [safe, config, manifest, rollback, frozenUntil] = await Promise.all([
    read('SAFE', () => publicClient.readContract({ ...guardContract, functionName: 'SAFE' })),
    read('getConfig', () => publicClient.readContract({ ...guardContract, functionName: 'getConfig' })),
    view(id),
    rollbackId === zeroHash ? undefined : view(rollbackId),
    read('frozenUntil', () => publicClient.readContract({ ...guardContract, functionName: 'frozenUntil' })),
  ]);
  const derived =
    manifest.status === ManifestStatus.None
      ? undefined
      : await attempt(`the guard's manifestState at ${guard}`, () =>
          readManifestState(publicClient, guard, id, blockNumber),
        );
  const computedLane =
    manifest.status === ManifestStatus.None
      ? await attempt(`the guard's computeLane at ${guard}`, () =>
          computeLane(publicClient, guard, args.manifestStruct, blockNumber),
        )
      : undefined;
  const msgSender = args.msgSender ?? config.executors[0] ?? zeroAddress;
  const verdict = await read('explainTransaction', () =>
    publicClient.readContract({
      ...guardContract,
      functionName: 'explainTransaction',
      args: [
        transaction.to,
        transaction.value,
        transaction.data,
        transaction.operation,
        transaction.gasPrice,
        transaction.gasToken,
        transaction.refundReceiver,
        msgSender,
      ],
    }),
  );
  return {
    chainId,
    block,
    timestamp: block.timestamp,
    safe: getAddress(safe),
    config,
    manifest,
    derived,
    computedLane,
    rollback,
    frozenUntil: BigInt(frozenUntil),
    verdict,
  };
}

/** `computeLane(manifest)`: the lane, or the guard's refusal (decoded) when it cannot classify the manifest. */
async function computeLane(
  publicClient: PublicClient,
  guard: Address,
  manifest: Manifest,
  blockNumber: bigint,
): Promise<ComputedLane> {
  try {
    const lane = await publicClient.readContract({
      address: guard,
      abi: manifestGuardAbi,
      functionName: 'computeLane',
      args: [manifest],
      blockNumber,
    });
    return { lane: Number(lane) === 1 ? 'privileged' : 'routine' };
  } catch (error) {
    const refusal = decodeGuardError(error);
    if (refusal) {
      return {
        lane: 'privileged',
        error: `The guard cannot classify the manifest: it would reject it with ${refusal.summary}.`,
      };
    }
    throw error;
  }
}

function checkedBlock(publicClient: PublicClient, block: unknown): ChainBlock {
  const { number, hash, timestamp } = (block ?? {}) as { number?: unknown; hash?: unknown; timestamp?: unknown };
  if (
    typeof number !== 'bigint' ||
    typeof timestamp !== 'bigint' ||
    typeof hash !== 'string' ||
    !/^0x[0-9a-fA-F]{64}$/.test(hash)
  ) {
    throw new RpcAnswerError(
      rpcUrlOf(publicClient),
      'eth_getBlockByNumber("latest")',
      new Error('the latest block has no number, hash or timestamp'),
    );
  }
  return { number, hash: hash.toLowerCase() as Hex, timestamp };
}

/** The view of a manifest the guard does not know: status `None`, everything zero. */
export const unknownManifestView: ManifestView = {
  status: 0,
  kind: 0,
  lane: 0,
  proposer: zeroAddress,
  notBefore: 0n,
  expiry: 0n,
  approvedAt: 0n,
  executableFrom: 0n,
  phaseCompletedAt: 0n,
  approvals: 0,
  requiredApprovals: 0,
  phaseCount: 0,
  currentPhase: 0,
  nextStep: 0,
  gateOpen: false,
  rollback: zeroHash,
  evidence: zeroHash,
  boundRelease: zeroHash,
};

/**
 * `getManifest(id)` (at `blockNumber` when given), with a manifest the guard does not know (it reverts with `ManifestGuardUnknownManifest`) read
 * as status `None`.
 *
 * @example
 * const view = await readManifestView(publicClient, guard, id); // view.status === ManifestStatus.None
 */
export async function readManifestView(
  publicClient: PublicClient,
  guard: Address,
  id: Hex,
  blockNumber?: bigint,
): Promise<ManifestView> {
  try {
    return await publicClient.readContract({
      address: guard,
      abi: manifestGuardAbi,
      functionName: 'getManifest',
      args: [id],
      blockNumber,
    });
  } catch (error) {
    if (decodeGuardError(error)?.errorName === 'ManifestGuardUnknownManifest') return unknownManifestView;
    throw error;
  }
}
