import { type Address, type Hex, type PublicClient, getAddress, isAddressEqual, zeroAddress, zeroHash } from 'viem';

import type { AuthorityMap } from '../authority/types.js';
import { authorityMap } from '../authority/authorityMap.js';
import { rpcUrlOf } from '../authority/errors.js';
import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { type GuardConfig, type Manifest, ManifestKind, ManifestStatus, laneName } from '../guard/manifest.js';
import { manifestId } from '../hashing/manifestId.js';
import { classifyLane } from '../lane/classifyLane.js';
import { fromManifest } from '../package/fromManifest.js';
import type { ReleasePackage } from '../package/schema.js';
import { toManifest } from '../package/toManifest.js';
import { evaluatePolicy } from '../policy/evaluatePolicy.js';
import type { Policy } from '../policy/schema.js';
import { type AuthorityEffects, simulateAuthorityEffects } from '../simulate/authorityEffects.js';
import type { TxBuilderBatch } from '../txbuilder/batchFile.js';
import { GateInputError } from './errors.js';
import { evidenceReasons } from './evidenceReasons.js';
import { namedGuardReason } from './guardReason.js';
import { packageHash as hashPackage } from './packageHash.js';
import { isTxBuilderBatch, normalizeProposed } from './proposedTransaction.js';
import { type ChainState, readChainState } from './readChainState.js';
import { type StepIndex, stepMismatch } from './stepMatch.js';
import { targetProxy as findTargetProxy } from './targetProxy.js';
import type { GateDecision, GateReason, ProposedSafeTransaction } from './types.js';

export type GateParameters = {
  /** The release package; or `manifest` (with `guard`) when only the ABI manifest is at hand. */
  pkg?: ReleasePackage;
  manifest?: Manifest;
  /** The evidence packet whose hash is the manifest's `evidence`. */
  evidence?: unknown;
  /** The proposed Safe transaction, or a Safe Transaction Builder batch. */
  proposed: ProposedSafeTransaction | TxBuilderBatch;
  /** The chain the transaction is for. */
  chainId: number;
  /** The Safe that will execute it. */
  safe: Address;
  /** The account that will send `execTransaction`. */
  executor?: Address;
  /** The guard (defaults to `chain.guard`, then `pkg.guard`). */
  guard?: Address;
  /**
   * Read the cursor, configuration, approvals and the guard's own verdict from this chain, and simulate the
   * transaction's effect on authority on a fork of it (`rpcUrl`, default: the client's URL). Without it the gate
   * is offline and holds.
   */
  chain?: { publicClient: PublicClient; guard: Address; rpcUrl?: string };
  /** The guard configuration when there is no chain (executors, MultiSendCallOnly, lane context). */
  config?: Partial<GuardConfig>;
  /** The team's policy (`parsePolicy`). */
  policy?: Policy;
  /** An authority map already computed; or `proxies` to compute one on `chain`. */
  authority?: AuthorityMap;
  proxies?: readonly Address[];
  /** Authorities the team expects besides the Safe (a new holder outside them is a finding). */
  declared?: readonly Address[];
  /** The authority simulation already run for this transaction; by default the gate runs it on a fork of `chain`. */
  authorityEffects?: AuthorityEffects;
  /** Unix seconds (default: the chain's latest block, else the clock). */
  now?: bigint | number;
};

export type GateReturnType = {
  packageHash: Hex;
  manifestId: Hex;
  targetProxy: Address;
  lane: 'routine' | 'privileged';
  rollbackReady: boolean;
  /** The step the proposed transaction was compared with (the manifest's next step). */
  step: StepIndex | null;
  decision: GateDecision;
  /** True when no chain was read: the decision cannot be `release` then. */
  offline: boolean;
  /** The chain state the decision was taken against (every read at this block), `null` offline. */
  chain: GateChain | null;
  /**
   * Who holds authority before and after the transaction, simulated on a fork of `chain.blockNumber` over every
   * contract it touches; `null` offline or when the decision is already `reject`.
   */
  authorityEffects: GateAuthorityEffects | null;
  reasons: GateReason[];
};

/** Where a decision was taken: chain id, block (number, hash, unix time), guard and the Safe it protects. */
export type GateChain = {
  chainId: number;
  blockNumber: number;
  blockHash: Hex;
  timestamp: number;
  guard: Address;
  safe: Address;
};

/** The gate's summary of the authority simulation (`simulateAuthorityEffects`). */
export type GateAuthorityEffects = Pick<
  AuthorityEffects,
  'forkBlockNumber' | 'forkBlockHash' | 'reverted' | 'error' | 'contracts' | 'gained' | 'lost' | 'findings'
>;
export type GateErrorType = GateInputError;

/**
 * The execution gate (SPEC "The gate"): may this Safe transaction be released now? `reject` when it is not the
 * manifest's next step (target, value, operation or calldata; drift names the step), or the chain, Safe, executor
 * or refund parameters are wrong, or the manifest is expired, halted, cancelled or completed; `hold` when the
 * evidence is missing or incomplete, the window is not open, the manifest is not registered or approved, the
 * rollback is not ready, the phase gate or soak is closed, a policy rule is unmet or the authority map has a
 * finding; `release` otherwise. With `chain`, everything the chain decides is read at one block (`chain` in the
 * answer), the guard's own verdict (`explainTransaction`) is a reason too (the on-chain rule wins), and the
 * transaction runs on a fork of that block to find authority that leaves the Safe or appears outside the declared
 * set (`authorityEffects`). Without `chain` the gate is offline and answers at most `hold` (rule `offline`).
 *
 * @throws {GateInputError} without a package or manifest, or a guard address for a bare manifest.
 * @throws {RpcUnreachableError} when `chain` does not answer.
 * @throws {RpcAnswerError} when `chain` answers something unusable.
 * @throws {SimulationError} when the fork for the authority simulation cannot be run.
 *
 * @example
 * const { decision, reasons } = await gate({ pkg, evidence, proposed, chainId: 1, safe, executor, chain: { publicClient, guard } });
 * // { packageHash: '0x…', targetProxy: '0x…', lane: 'routine', rollbackReady: true, decision: 'release',
 * //   offline: false, chain: { chainId: 1, blockNumber: 21000000, … }, authorityEffects: { findings: [], … }, reasons: [] }
 */
export async function gate(parameters: GateParameters): Promise<GateReturnType> {
  const { chainId, chain, policy } = parameters;
  const safe = getAddress(parameters.safe);
  const guard = parameters.chain?.guard ?? parameters.guard ?? parameters.pkg?.guard;
  if (!guard) {
    throw new GateInputError('no guard address', 'Pass guard (or chain.guard) with a bare manifest.');
  }
  const pkg = parameters.pkg ?? packageOf(parameters.manifest, { chainId, safe, guard });
  const manifest = toManifest(pkg);
  const id = manifestId({ manifest, chainId, guard });
  const reasons: GateReason[] = [];
  const add = (rule: string, decision: 'hold' | 'reject', message: string, values: GateReason['values'] = {}) =>
    reasons.push({ rule, decision, message, values });

  let config: Partial<GuardConfig> | undefined = parameters.config;
  let state: ChainState | undefined;
  // The proposed transaction needs the MultiSendCallOnly for a batch, which the chain's configuration holds.
  if (chain && isTxBuilderBatch(parameters.proposed) && !config?.multiSendCallOnly) {
    config = (await readConfig(chain.publicClient, chain.guard)) ?? config;
  }
  const proposed = normalizeProposed(parameters.proposed, config?.multiSendCallOnly);
  if (chain) {
    state = await readChainState({
      publicClient: chain.publicClient,
      guard: chain.guard,
      manifestStruct: manifest,
      id,
      rollbackId: manifest.rollback,
      transaction: proposed,
      msgSender: parameters.executor,
    });
    config = state.config;
    if (state.verdict.allowed === false) {
      const reason = namedGuardReason(state.verdict.reason);
      // The guard knows only registered manifests: for one not registered yet, "no matching step" is expected as
      // long as the transaction is the manifest's first step (compared below); registration is what is missing.
      if (
        state.manifest.status === ManifestStatus.None &&
        reason.rule === 'guard:ManifestGuardNoMatchingStep' &&
        !stepMismatch(manifest, { phase: 0, step: 0 }, proposed)
      ) {
        reason.decision = 'hold';
        reason.message += ` Manifest ${id} is not registered yet, so the guard knows no step of it; once it is registered and approved, this is its first step.`;
      }
      reasons.push(reason);
    } else if (state.verdict.manifestId.toLowerCase() !== id.toLowerCase()) {
      add(
        'otherManifest',
        'hold',
        `The guard would execute this transaction as step ${state.verdict.step} of phase ${state.verdict.phase} of ` +
          `manifest ${state.verdict.manifestId}, not of ${id}: the step belongs to that manifest while it is live.`,
        {
          manifestId: state.verdict.manifestId,
          phase: state.verdict.phase.toString(),
          step: state.verdict.step.toString(),
        },
      );
    }
  } else {
    add(
      'offline',
      'hold',
      `No chain was read: registration, approvals, the cursor, the freeze and the guard's own verdict are unknown, ` +
        `so the gate cannot release. Pass an RPC of chain ${chainId} (--rpc or MANIFEST_GUARD_RPC).`,
      { chainId },
    );
  }
  const now =
    parameters.now !== undefined ? BigInt(parameters.now) : (state?.timestamp ?? BigInt(Math.floor(Date.now() / 1000)));

  // Where the Safe is, and who sends.
  if (pkg.chainId !== chainId) {
    add('wrongChain', 'reject', `The package is for chain ${pkg.chainId}, not ${chainId}.`, {
      packageChainId: pkg.chainId,
      chainId,
    });
  }
  if (state && state.chainId !== chainId) {
    add('wrongChain', 'reject', `The node is on chain ${state.chainId}, not ${chainId}. Connect to the right chain.`, {
      nodeChainId: state.chainId,
      chainId,
    });
  }
  if (isTxBuilderBatch(parameters.proposed) && parameters.proposed.chainId !== String(chainId)) {
    add('wrongChain', 'reject', `The batch was built for chain ${parameters.proposed.chainId}, not ${chainId}.`, {
      batchChainId: parameters.proposed.chainId,
      chainId,
    });
  }
  if (!isAddressEqual(pkg.safe, safe)) {
    add('wrongSafe', 'reject', `The package is for Safe ${pkg.safe}, not ${safe}.`, { packageSafe: pkg.safe, safe });
  }
  if (state && !isAddressEqual(state.safe, safe)) {
    add('wrongSafe', 'reject', `The guard ${guard} protects Safe ${state.safe}, not ${safe}.`, {
      guardSafe: state.safe,
      safe,
    });
  }
  if (parameters.executor && config?.executors) {
    const executor = getAddress(parameters.executor);
    if (!config.executors.some((member) => isAddressEqual(member, executor))) {
      add('executorNotConfigured', 'reject', `${executor} is not an executor of the guard: only executors may send.`, {
        executor,
        executors: [...config.executors],
      });
    }
  }
  if (proposed.gasPrice !== 0n || proposed.gasToken !== zeroAddress || proposed.refundReceiver !== zeroAddress) {
    add(
      'refundForbidden',
      'reject',
      'The transaction sets refund parameters: set gasPrice 0, gasToken and refundReceiver to the zero address.',
      {
        gasPrice: proposed.gasPrice.toString(),
        gasToken: proposed.gasToken,
        refundReceiver: proposed.refundReceiver,
      },
    );
  }

  // Which step is next, and is this it.
  const view = state?.manifest;
  let position: StepIndex | null = { phase: 0, step: 0 };
  if (view && view.status !== ManifestStatus.None) {
    if (view.status === ManifestStatus.Completed || view.currentPhase >= manifest.phases.length) {
      position = null;
      add('noStepLeft', 'reject', 'The manifest is completed: no step is left to execute.', { manifestId: id });
    } else position = { phase: view.currentPhase, step: view.nextStep };
    if (view.status === ManifestStatus.Halted || view.status === ManifestStatus.Cancelled) {
      const status = view.status === ManifestStatus.Halted ? 'halted' : 'cancelled';
      add('manifestInactive', 'reject', `The manifest is ${status}: its steps can no longer execute.`, {
        manifestId: id,
        status,
      });
    }
  }
  if (position) {
    const mismatch = stepMismatch(manifest, position, proposed);
    if (mismatch) reasons.push(mismatch);
  }

  // Timing, registration, approvals, soak, phase gate, freeze, rollback readiness: with a chain, the guard answers
  // (`manifestState`: whether the manifest's next step may run now, and the error that says why not); the gate only
  // names the guard's answer. Offline only the package's own window can be read.
  const derived = state?.derived;
  let rollbackReady: boolean;
  if (state) {
    const registered = view?.status !== ManifestStatus.None;
    if (!registered) {
      add(
        'notRegistered',
        'hold',
        `Manifest ${id} is not registered on the guard: register and approve it first (the guard then also answers ` +
          'whether its rollback is ready).',
        { manifestId: id },
      );
    }
    if (derived && !derived.open && !inactive(derived.status)) {
      const reason = namedGuardReason(derived.reason);
      // The verdict on this very transaction may already carry the same error.
      if (!reasons.some((known) => known.values.guardError === reason.values.guardError)) reasons.push(reason);
    }
    rollbackReady = manifest.kind !== ManifestKind.Release || (derived?.rollbackReady ?? false);
    if (!rollbackReady && registered && !reasons.some((known) => known.rule === 'rollbackNotReady')) {
      const why = derived && derived.rollbackReason !== '0x' ? namedGuardReason(derived.rollbackReason) : undefined;
      add(
        'rollbackNotReady',
        'hold',
        why
          ? `The rollback ${manifest.rollback} is not ready: ${why.message}`
          : `The rollback ${manifest.rollback} is not ready.`,
        { rollback: manifest.rollback, ...(why ? { guardRule: why.rule } : {}) },
      );
    }
  } else {
    if (now > manifest.expiry) {
      add('expired', 'reject', `The package's window closed at ${manifest.expiry} (now ${now}).`, {
        expiry: manifest.expiry.toString(),
        now: now.toString(),
      });
    }
    if (now < manifest.notBefore) {
      add('tooEarly', 'hold', `The package's window opens at ${manifest.notBefore} (now ${now}).`, {
        notBefore: manifest.notBefore.toString(),
        now: now.toString(),
      });
    }
    // Offline the rollback's readiness is unknown: the evidence must at least name it.
    const named = (parameters.evidence as { rollback?: { rollbackManifestId?: unknown } } | undefined)?.rollback
      ?.rollbackManifestId;
    rollbackReady =
      manifest.kind !== ManifestKind.Release ||
      (typeof named === 'string' && named.toLowerCase() === manifest.rollback.toLowerCase());
    if (!rollbackReady) {
      add(
        'rollbackNotReady',
        'hold',
        `The evidence does not name the rollback manifest ${manifest.rollback} (evidence.rollback.rollbackManifestId).`,
        { rollback: manifest.rollback },
      );
    }
  }

  // Evidence, lane, policy, authority.
  reasons.push(...evidenceReasons(parameters.evidence, manifest));
  // With a chain the guard gives the lane (the manifest's, or computeLane for one it does not know yet); offline it
  // is classified here, without the Safe's fallback handler (unknown offline).
  const lane = state?.computedLane ?? laneOf(manifest, view, { safe, guard, config, fallbackHandler: undefined });
  if (lane.error) add('invalidShape', 'reject', lane.error, {});
  if (policy) {
    for (const finding of evaluatePolicy(policy, pkg, { lane: lane.lane, evidence: parameters.evidence })) {
      add(`policy:${finding.rule}`, 'hold', `Policy: ${finding.message}`, finding.values);
    }
  }
  const authority =
    parameters.authority ??
    (chain && parameters.proxies?.length
      ? await authorityMap({ publicClient: chain.publicClient, proxies: parameters.proxies, safe })
      : undefined);
  for (const finding of authority?.findings ?? []) {
    add(`authority:${finding.kind}`, 'hold', finding.message, {
      proxy: finding.proxy,
      authority: finding.path?.authority ?? null,
    });
  }

  const expectedStep = position ? manifest.phases[position.phase]?.steps[position.step] : undefined;
  const target = findTargetProxy(expectedStep ?? proposed);

  // What the transaction does to who holds authority (a hidden ownership transfer, a role grant), on a fork.
  let authorityEffects: GateAuthorityEffects | null = null;
  if (chain && state && !reasons.some((reason) => reason.decision === 'reject')) {
    const effects =
      parameters.authorityEffects ??
      (await simulateAuthorityEffects({
        rpcUrl: forkSource(chain),
        blockNumber: state.block.number,
        safe,
        calls: [proposed],
        contracts: [target, ...(parameters.proxies ?? [])],
        declared: parameters.declared,
        multiSendCallOnly: state.config.multiSendCallOnly,
      }));
    authorityEffects = {
      forkBlockNumber: effects.forkBlockNumber,
      forkBlockHash: effects.forkBlockHash,
      reverted: effects.reverted,
      error: effects.error,
      contracts: effects.contracts,
      gained: effects.gained,
      lost: effects.lost,
      findings: effects.findings,
    };
    if (effects.reverted) {
      add(
        'simulationReverted',
        'hold',
        `The transaction reverts when the Safe makes its calls on a fork of block ${effects.forkBlockNumber}: ` +
          `${effects.error ?? 'no reason given'}. Check the payload and the target's state before executing.`,
        { forkBlockNumber: effects.forkBlockNumber, error: effects.error },
      );
    }
    for (const finding of effects.findings) {
      add(
        `authority:${finding.kind}`,
        'hold',
        `${finding.message} (simulated on a fork of block ${effects.forkBlockNumber})`,
        {
          contract: finding.contract,
          via: finding.via,
          role: finding.role?.name ?? null,
          holder: finding.holder,
          authority: finding.authority,
          authorityBefore: finding.authorityBefore,
        },
      );
    }
  }

  const decision: GateDecision = reasons.some((reason) => reason.decision === 'reject')
    ? 'reject'
    : reasons.length > 0
      ? 'hold'
      : 'release';
  return {
    packageHash: hashPackage(pkg),
    manifestId: id,
    targetProxy: target,
    lane: lane.lane,
    rollbackReady,
    step: position,
    decision,
    offline: !state,
    chain:
      chain && state
        ? {
            chainId: state.chainId,
            blockNumber: Number(state.block.number),
            blockHash: state.block.hash,
            timestamp: Number(state.block.timestamp),
            guard: getAddress(chain.guard),
            safe: state.safe,
          }
        : null,
    authorityEffects,
    reasons,
  };
}

/** The RPC URL a fork of `chain` starts from. @throws {GateInputError} when the client has no URL. */
function forkSource(chain: NonNullable<GateParameters['chain']>): string {
  const url = chain.rpcUrl ?? rpcUrlOf(chain.publicClient);
  if (!URL.canParse(url)) {
    throw new GateInputError(
      'the chain client has no RPC URL to fork for the authority simulation',
      'Pass chain.rpcUrl (an HTTP JSON-RPC URL of the same chain).',
    );
  }
  return url;
}

function packageOf(
  manifest: Manifest | undefined,
  context: { chainId: number; safe: Address; guard: Address },
): ReleasePackage {
  if (!manifest) throw new GateInputError('no release package or manifest', 'Pass pkg, or manifest with guard.');
  return fromManifest({ manifest, ...context, title: manifest.ticket });
}

/** Completed, halted or cancelled: said by the cursor block above. */
const inactive = (status: number) =>
  status === ManifestStatus.Completed || status === ManifestStatus.Halted || status === ManifestStatus.Cancelled;

async function readConfig(publicClient: PublicClient, guard: Address): Promise<GuardConfig | undefined> {
  try {
    return (await publicClient.readContract({
      address: guard,
      abi: manifestGuardAbi,
      functionName: 'getConfig',
    })) as GuardConfig;
  } catch {
    return undefined;
  }
}

/**
 * Offline, without a configuration, the MultiSendCallOnly is not known: the one address the manifest delegatecalls
 * stands for it, so a batch is classified by its calls (offline the gate holds anyway; with a chain, the guard's
 * configuration decides). Several delegatecall targets, or none: the zero address (the classifier then refuses
 * every delegatecall).
 */
function delegatecallTarget(manifest: Manifest): Address {
  const targets = new Set(
    manifest.phases.flatMap((phase) =>
      phase.steps.filter((step) => step.operation === 1).map((step) => step.to.toLowerCase()),
    ),
  );
  return targets.size === 1 ? getAddress([...targets][0]!) : zeroAddress;
}

function laneOf(
  manifest: Manifest,
  view: ChainState['manifest'] | undefined,
  context: {
    safe: Address;
    guard: Address;
    config: Partial<GuardConfig> | undefined;
    fallbackHandler: Address | undefined;
  },
): { lane: 'routine' | 'privileged'; error?: string } {
  if (view && view.status !== ManifestStatus.None) return { lane: laneName(view.lane) as 'routine' | 'privileged' };
  try {
    return {
      lane: classifyLane({
        manifest,
        safe: context.safe,
        guard: context.guard,
        multiSendCallOnly: context.config?.multiSendCallOnly ?? delegatecallTarget(manifest),
        fallbackHandler: context.fallbackHandler,
        authorities: context.config?.authorities,
        privilegedSelectors: context.config?.privilegedSelectors,
        containmentSelectors: context.config?.containmentSelectors,
      }).lane,
    };
  } catch (error) {
    return {
      lane: 'privileged',
      error: `The guard cannot classify the manifest: ${(error as Error).message.split('\n')[0]}`,
    };
  }
}
