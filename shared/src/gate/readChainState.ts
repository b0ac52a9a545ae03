import { type Address, type Hex, type PublicClient, getAddress, zeroAddress, zeroHash } from 'viem';

import { assertReachable } from '../authority/errors.js';
import { manifestGuardAbi } from '../generated/manifestGuard.js';
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
    read('getManifest', [id]) as Promise<ManifestView>,
    rollbackId === zeroHash ? undefined : (read('getManifest', [rollbackId]) as Promise<ManifestView>),
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
