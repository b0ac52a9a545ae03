import { type Address, type Hex, type PublicClient, getAddress } from 'viem';

import { authorityMap } from '../authority/authorityMap.js';
import { declaredRoles } from '../authority/declared.js';
import type { AuthorityMap } from '../authority/types.js';
import { manifestGuardAbi } from '../generated/manifestGuard.js';
import type { GuardConfig, Manifest } from '../guard/manifest.js';
import { manifestId } from '../hashing/manifestId.js';
import { fromManifest } from '../package/fromManifest.js';
import type { ReleasePackage } from '../package/schema.js';
import { toManifest } from '../package/toManifest.js';
import { GateInputError } from './errors.js';
import { manifestLane, nextStep, rollbackReadiness } from './facts.js';
import type { GateParameters } from './parameters.js';
import { isTxBuilderBatch, normalizeProposed } from './proposedTransaction.js';
import { type ChainState, type ComputedLane, readChainState } from './readChainState.js';
import type { StepIndex } from './stepMatch.js';
import { targetProxy } from './targetProxy.js';
import type { NormalizedTransaction } from './types.js';

/**
 * What the gate's rules judge: the package and its manifest, the proposed transaction as compared, everything read
 * from the chain (at one block; `state` undefined offline), and the facts derived from them once.
 */
export type GateContext = {
  parameters: GateParameters;
  chainId: number;
  safe: Address;
  guard: Address;
  pkg: ReleasePackage;
  manifest: Manifest;
  id: Hex;
  proposed: NormalizedTransaction;
  /** The guard's configuration: the chain's, else `parameters.config`. */
  config: Partial<GuardConfig> | undefined;
  state: ChainState | undefined;
  /** The authority map of `parameters.proxies` (or the one passed in). */
  authority: AuthorityMap | undefined;
  now: bigint;
  /** The step compared with (`null`: none left). */
  position: StepIndex | null;
  lane: ComputedLane;
  rollbackReady: boolean;
  /** The proxy the transaction upgrades (or its target). */
  target: Address;
};

/**
 * Resolves the gate's inputs and does every read: the package (from a bare manifest when needed), its id on this
 * chain and guard, the proposed transaction (a batch needs the chain's MultiSendCallOnly), the chain state at one
 * block, the authority map; then the facts the rules share.
 *
 * @throws {GateInputError} without a package or manifest, or a guard address for a bare manifest.
 * @throws {RpcUnreachableError} when `chain` does not answer.
 * @throws {RpcAnswerError} when `chain` answers something unusable.
 */
export async function readGateContext(parameters: GateParameters): Promise<GateContext> {
  const { chainId, chain } = parameters;
  const safe = getAddress(parameters.safe);
  const guard = chain?.guard ?? parameters.guard ?? parameters.pkg?.guard;
  if (!guard) throw new GateInputError('no guard address', 'Pass guard (or chain.guard) with a bare manifest.');
  const pkg = parameters.pkg ?? packageOf(parameters.manifest, { chainId, safe, guard });
  const manifest = toManifest(pkg);
  const id = manifestId({ manifest, chainId, guard });

  let config = parameters.config;
  // The proposed transaction needs the MultiSendCallOnly for a batch, which the chain's configuration holds.
  if (chain && isTxBuilderBatch(parameters.proposed) && !config?.multiSendCallOnly) {
    config = (await readConfig(chain.publicClient, chain.guard)) ?? config;
  }
  const proposed = normalizeProposed(parameters.proposed, config?.multiSendCallOnly);
  const state = chain
    ? await readChainState({
        publicClient: chain.publicClient,
        guard: chain.guard,
        manifestStruct: manifest,
        id,
        rollbackId: manifest.rollback,
        transaction: proposed,
        msgSender: parameters.executor,
      })
    : undefined;
  if (state) config = state.config;
  const authority =
    parameters.authority ??
    (chain && parameters.proxies?.length
      ? await authorityMap({
          publicClient: chain.publicClient,
          proxies: parameters.proxies,
          safe,
          roles: declaredRoles(pkg),
        })
      : undefined);

  const now =
    parameters.now !== undefined ? BigInt(parameters.now) : (state?.timestamp ?? BigInt(Math.floor(Date.now() / 1000)));
  const position = nextStep(manifest, state?.manifest);
  const expectedStep = position ? manifest.phases[position.phase]?.steps[position.step] : undefined;
  return {
    parameters,
    chainId,
    safe,
    guard,
    pkg,
    manifest,
    id,
    proposed,
    config,
    state,
    authority,
    now,
    position,
    lane: manifestLane(manifest, state, { safe, guard, config }),
    rollbackReady: rollbackReadiness(manifest, state, parameters.evidence),
    target: targetProxy(expectedStep ?? proposed),
  };
}

function packageOf(
  manifest: Manifest | undefined,
  context: { chainId: number; safe: Address; guard: Address },
): ReleasePackage {
  if (!manifest) throw new GateInputError('no release package or manifest', 'Pass pkg, or manifest with guard.');
  return fromManifest({ manifest, ...context, title: manifest.ticket });
}

async function readConfig(publicClient: PublicClient, guard: Address): Promise<GuardConfig | undefined> {
  try {
    return await publicClient.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'getConfig' });
  } catch {
    return undefined;
  }
}
