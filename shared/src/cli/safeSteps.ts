import { type Address, type Hex, concat, getAddress, isAddressEqual, pad, zeroHash } from 'viem';

import { readManifestView } from '../gate/readChainState.js';
import { ManifestStatus } from '../guard/manifest.js';
import { manifestId } from '../hashing/manifestId.js';
import type { ReleasePackage } from '../package/schema.js';
import { toManifest } from '../package/toManifest.js';
import { safeAbi } from '../safe/safeArtifacts.js';
import { type SafeTransaction, safeTransaction, safeTxHashes } from '../safe/safeTx.js';
import type { CliChain } from './chain.js';
import { UsageError } from './errors.js';

/** A step of the manifest as the Safe transaction that executes it, at a given Safe nonce. */
export type QueuedStep = { phase: number; step: number; transaction: SafeTransaction; safeTxHash: Hex };

/** The Safe's owners, threshold and nonce. */
export async function readSafe(chain: CliChain, safe: Address) {
  const read = (functionName: string) =>
    chain.publicClient.readContract({ address: safe, abi: safeAbi, functionName } as never);
  const [owners, threshold, nonce] = await Promise.all([
    read('getOwners') as Promise<Address[]>,
    read('getThreshold') as Promise<bigint>,
    read('nonce') as Promise<bigint>,
  ]);
  return { owners: owners.map((owner) => getAddress(owner)), threshold: Number(threshold), nonce };
}

/**
 * The remaining steps of the manifest's current phase (from the guard's cursor), as Safe transactions at
 * consecutive nonces from the Safe's next one.
 *
 * @throws {UsageError} when the manifest has no step left.
 */
export async function currentPhaseSteps(
  chain: CliChain,
  pkg: ReleasePackage,
): Promise<{ id: Hex; phase: number; steps: QueuedStep[]; nonce: bigint }> {
  const id = manifestId({ manifest: toManifest(pkg), chainId: pkg.chainId, guard: pkg.guard });
  const view = await readManifestView(chain.publicClient, pkg.guard, id);
  const done =
    view.status === ManifestStatus.Completed ||
    view.status === ManifestStatus.Halted ||
    view.status === ManifestStatus.Cancelled ||
    (view.status !== ManifestStatus.None && view.currentPhase >= pkg.phases.length);
  if (done) {
    throw new UsageError(
      `${id} has no step left to execute (it is ${['none', 'registered', 'approved', 'completed', 'halted', 'cancelled'][view.status]}).`,
      'Check `manifest-guard status`; a halted release continues with its rollback package.',
    );
  }
  const phase = view.status === ManifestStatus.None ? 0 : view.currentPhase;
  const first = view.status === ManifestStatus.None ? 0 : view.nextStep;
  const { nonce } = await readSafe(chain, pkg.safe);
  const steps = pkg.phases[phase]!.steps.slice(first).map((step, i) => {
    const transaction = safeTransaction({
      to: step.to,
      value: step.value,
      data: step.data,
      operation: step.operation === 'delegatecall' ? 1 : 0,
      nonce: nonce + BigInt(i),
    });
    const { safeTxHash } = safeTxHashes({ safe: pkg.safe, chainId: chain.chainId, transaction });
    return { phase, step: first + i, transaction, safeTxHash };
  });
  return { id, phase, steps, nonce };
}

/** Owners who approved `safeTxHash` on chain (`approvedHashes`), plus `sender` when it is an owner. */
export async function onchainApprovers(
  chain: CliChain,
  safe: Address,
  owners: readonly Address[],
  safeTxHash: Hex,
  sender?: Address,
): Promise<Address[]> {
  const approved: Address[] = [];
  for (const owner of owners) {
    const value = (await chain.publicClient.readContract({
      address: safe,
      abi: safeAbi,
      functionName: 'approvedHashes',
      args: [owner, safeTxHash],
    })) as bigint;
    if (value !== 0n || (sender && isAddressEqual(owner, sender))) approved.push(owner);
  }
  return approved;
}

/** Pre-validated signatures (`r = owner, s = 0, v = 1`), sorted by owner as the Safe requires. */
export function approvedHashSignatures(owners: readonly Address[]): Hex {
  const sorted = [...owners].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  return concat(sorted.map((owner) => concat([pad(owner, { size: 32 }), zeroHash, '0x01'])));
}
