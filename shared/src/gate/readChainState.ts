import { type Address, type Hex, type PublicClient, getAddress, zeroAddress, zeroHash } from 'viem';

import { assertReachable } from '../authority/errors.js';
import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { decodeGuardError } from '../guard/guardErrors.js';
import type { GuardConfig } from '../guard/manifest.js';
import type { NormalizedTransaction } from './types.js';

/** A manifest's on-chain state (`getManifest`). */
export type ManifestView = {
  status: number;
  kind: number;
  lane: number;
  notBefore: bigint;
  expiry: bigint;
  approvedAt: bigint;
  executableFrom: bigint;
  phaseCompletedAt: bigint;
  approvals: number;
  requiredApprovals: number;
  phaseCount: number;
  currentPhase: number;
  nextStep: number;
  gateOpen: boolean;
  rollback: Hex;
};

/** The guard's verdict on a Safe transaction (`explainTransaction`). */
export type Verdict = { allowed: boolean; reason: Hex; manifestId: Hex; phase: bigint; step: bigint };

/** What the gate reads from the chain. */
export type ChainState = {
  chainId: number;
  timestamp: bigint;
  safe: Address;
  config: GuardConfig;
  manifest: ManifestView;
  rollback: ManifestView | undefined;
  frozenUntil: bigint;
  verdict: Verdict;
};

/**
 * Reads what the gate needs from the chain: chain id, time, the guard's Safe and configuration, the manifest and
 * its rollback, and the guard's own verdict on the proposed transaction from `msgSender`.
 *
 * @throws {RpcUnreachableError} when the node does not answer.
 *
 * @example
 * const state = await readChainState({ publicClient, guard, id, rollbackId, transaction, msgSender });
 */
export async function readChainState(args: {
  publicClient: PublicClient;
  guard: Address;
  id: Hex;
  rollbackId: Hex;
  transaction: NormalizedTransaction;
  msgSender: Address | undefined;
}): Promise<ChainState> {
  const { publicClient, guard, id, rollbackId, transaction } = args;
  const chainId = await assertReachable(publicClient);
  const read = (functionName: string, fnArgs: readonly unknown[] = []) =>
    publicClient.readContract({ address: guard, abi: manifestGuardAbi, functionName, args: fnArgs } as never);
  const [block, safe, config, manifest, rollback, frozenUntil] = await Promise.all([
    publicClient.getBlock(),
    read('SAFE') as Promise<Address>,
    read('getConfig') as Promise<GuardConfig>,
    readManifestView(publicClient, guard, id),
    rollbackId === zeroHash ? undefined : readManifestView(publicClient, guard, rollbackId),
    read('frozenUntil') as Promise<bigint>,
  ]);
  const msgSender = args.msgSender ?? config.executors[0] ?? zeroAddress;
  const verdict = (await read('explainTransaction', [
    transaction.to,
    transaction.value,
    transaction.data,
    transaction.operation,
    transaction.gasPrice,
    transaction.gasToken,
    transaction.refundReceiver,
    msgSender,
  ])) as Verdict;
  return {
    chainId,
    timestamp: block.timestamp,
    safe: getAddress(safe),
    config,
    manifest,
    rollback,
    frozenUntil: BigInt(frozenUntil),
    verdict,
  };
}

/** The view of a manifest the guard does not know: status `None`, everything zero. */
export const unknownManifestView: ManifestView = {
  status: 0,
  kind: 0,
  lane: 0,
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
};

/**
 * `getManifest(id)`, with a manifest the guard does not know (it reverts with `ManifestGuardUnknownManifest`) read
 * as status `None`.
 *
 * @example
 * const view = await readManifestView(publicClient, guard, id); // view.status === ManifestStatus.None
 */
export async function readManifestView(publicClient: PublicClient, guard: Address, id: Hex): Promise<ManifestView> {
  try {
    return (await publicClient.readContract({
      address: guard,
      abi: manifestGuardAbi,
      functionName: 'getManifest',
      args: [id],
    })) as ManifestView;
  } catch (error) {
    if (decodeGuardError(error)?.errorName === 'ManifestGuardUnknownManifest') return unknownManifestView;
    throw error;
  }
}
