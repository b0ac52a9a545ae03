import { type Address, type Hex, type PublicClient, isAddressEqual, zeroHash } from 'viem';

import {
  computeLaneOnChain,
  type DecodedCall,
  decodeGuardError,
  decodeSafeTransaction,
  evidenceCompleteness,
  type EvidenceGap,
  evidenceHash,
  type LaneContext,
  type LaneReason,
  type Manifest,
  ManifestKind,
  operationIssue,
  safeTransaction,
  type SafeTxHashes,
  safeTxHashes,
  stepReasons,
} from '../../../shared/src/index.js';
import {
  type Explanation,
  type GuardWords,
  explain,
  guardWords,
  hasManifest,
  rejectionWords,
} from '../guard/explain.js';
import { type GuardOverview, type ManifestEntry, readManifest, registeredManifest } from '../guard/readGuard.js';
import type { SafeCall } from '../safe/connection.js';
import { type ApprovalOnDevice, type StepOnDevice, approvalOnDevice, stepOnDevice } from './clearSigning.js';
import { type SimulationOutcome, simulateFromSafe } from './simulateFromSafe.js';

/** Everything a signer should see before signing a Safe transaction. */
export type Inspection = {
  call: SafeCall;
  nonce: bigint;
  hashes: SafeTxHashes;
  /** The hash the queue claims, when it differs from the one recomputed here (never sign then). */
  claimedHashMismatch: Hex | undefined;
  decoded: DecodedCall;
  /** The guard's lane for the transaction as a step (`computeLane`), and the offline classifier's reasons. */
  lane: { lane: 'routine' | 'privileged' | 'unclassifiable'; reasons: LaneReason[]; issue?: string };
  verdict: Explanation;
  manifest: (ManifestEntry & { full: Manifest | undefined }) | undefined;
  /** The guard's answer for the manifest's next step (`manifestState`): may it run now, or its error in words. */
  next: { open: boolean; words: GuardWords | undefined; executableFrom: bigint; expiry: bigint } | undefined;
  /**
   * The guard's rollback readiness (`manifestState`): for a Release not started, whether its rollback is ready for it
   * to start; once started, or for a Rollback, whether the rollback may run now. `ready` is `undefined` for an
   * Emergency manifest, which has none.
   */
  rollback: { ready: boolean | undefined; message: string; id?: Hex; words?: GuardWords } | undefined;
  evidence: { gaps: EvidenceGap[]; hashMatches: boolean; hash: Hex } | undefined;
  /** The call run from the Safe on the current state (`eth_call`), without the guard and signatures. */
  simulation: SimulationOutcome;
  /**
   * What a clear-signing device shows (ERC-7730): each call of the transaction, and the EIP-712 approval of the
   * manifest it belongs to.
   */
  onDevice: { step: StepOnDevice; approval: ApprovalOnDevice | undefined };
  now: bigint;
};

export type InspectParameters = {
  client: PublicClient;
  safe: Address;
  chainId: number;
  overview: GuardOverview;
  call: SafeCall;
  nonce: bigint;
  msgSender: Address;
  claimedSafeTxHash?: Hex;
  /** The evidence packet (parsed JSON) the manifest's `evidence` hash commits to, if the signer has it. */
  evidencePacket?: unknown;
};

/**
 * Inspects a Safe transaction: its hashes (safeTxHash, EIP-712 domain and message hash), decoded calls, its lane
 * (asked of the guard), the guard's verdict for `msgSender` and, for the manifest it belongs to, the guard's derived
 * state (next step open or why not, rollback readiness) and evidence completeness. Everything the chain decides is
 * read from the guard, never worked out here.
 *
 * @example
 * const inspection = await inspectTransaction({ client, safe, chainId, overview, call, nonce, msgSender });
 */
export async function inspectTransaction(parameters: InspectParameters): Promise<Inspection> {
  const { client, safe, chainId, overview, call, nonce } = parameters;
  const { config } = overview;
  const hashes = safeTxHashes({ safe, chainId, transaction: safeTransaction({ ...call, nonce }) });
  const claimed = parameters.claimedSafeTxHash;
  const decoded = decodeSafeTransaction({
    ...call,
    safe,
    guard: overview.guard,
    multiSendCallOnly: config.multiSendCallOnly,
  });
  const lane = await transactionLane(client, call, {
    safe,
    guard: overview.guard,
    multiSendCallOnly: config.multiSendCallOnly,
    fallbackHandler: overview.fallbackHandler,
    authorities: config.authorities,
    privilegedSelectors: config.privilegedSelectors,
  });
  const verdict = await explain(client, overview.guard, call, parameters.msgSender);

  let manifest: Inspection['manifest'];
  let next: Inspection['next'];
  let rollback: Inspection['rollback'];
  let evidence: Inspection['evidence'];
  if (hasManifest(verdict)) {
    const entry = overview.manifests.find((item) => item.id === verdict.manifestId);
    // Read again: the overview may be older than the verdict.
    const { state, facts } = await readManifest(client, overview.guard, verdict.manifestId);
    const base: ManifestEntry = {
      ...(entry ?? { id: verdict.manifestId, index: -1n, ticket: '', steps: 0n, registeredIn: undefined }),
      state,
      facts,
    };
    const full = await registeredManifest(client, base.registeredIn).catch(() => undefined);
    manifest = { ...base, full };
    next = {
      open: state.open,
      words: guardWords(state.reason),
      executableFrom: state.executableFrom,
      expiry: facts.expiry,
    };
    rollback = rollbackReadiness(base);
    if (parameters.evidencePacket !== undefined) {
      const hash = evidenceHash(parameters.evidencePacket);
      evidence = {
        gaps: evidenceCompleteness(parameters.evidencePacket, { manifest: full }),
        hashMatches: hash === facts.evidence,
        hash,
      };
    }
  }
  const simulation = await simulateFromSafe(client, safe, call);
  const onDevice = {
    step: stepOnDevice({ call, decoded, guard: overview.guard, chainId, hashes }),
    approval: manifest
      ? approvalOnDevice({
          manifestId: manifest.id,
          chainId,
          guard: overview.guard,
          ticket: manifest.ticket || undefined,
          executableFrom: next && next.executableFrom > 0n ? next.executableFrom : undefined,
        })
      : undefined,
  };
  return {
    call,
    onDevice,
    nonce,
    hashes,
    simulation,
    claimedHashMismatch: claimed && claimed.toLowerCase() !== hashes.safeTxHash.toLowerCase() ? claimed : undefined,
    decoded,
    lane,
    verdict,
    manifest,
    next,
    rollback,
    evidence,
    now: overview.now,
  };
}

/**
 * The transaction's lane as the guard computes it for a manifest step (`computeLane` of a one-step manifest), with
 * the offline classifier's reasons; a transaction the guard cannot classify says the guard's error.
 */
async function transactionLane(
  client: PublicClient,
  call: SafeCall,
  context: LaneContext,
): Promise<Inspection['lane']> {
  const issue = operationIssue(call, 0, 0, context.multiSendCallOnly);
  if (issue) return { lane: 'unclassifiable', reasons: [], issue: issue.message };
  const step = { to: call.to, value: call.value, data: call.data, operation: call.operation };
  const manifest: Manifest = {
    kind: ManifestKind.Release,
    ticket: '',
    notBefore: 0n,
    expiry: 1n,
    rollback: zeroHash,
    evidence: zeroHash,
    phases: [{ steps: [step], checks: [], conditions: [], minSoak: 0n }],
  };
  let lane: 'routine' | 'privileged';
  try {
    lane = await computeLaneOnChain(client, { guard: context.guard, manifest });
  } catch (error) {
    const rejection = decodeGuardError(error);
    if (!rejection) throw error;
    return { lane: 'unclassifiable', reasons: [], issue: rejectionWords(rejection).sentence };
  }
  return { lane, reasons: stepReasons(call, 0, 0, context) };
}

/** The guard's rollback readiness for the manifest, in words. */
function rollbackReadiness({ state, facts }: ManifestEntry): Inspection['rollback'] {
  const words = guardWords(state.rollbackReason);
  if (state.kind === ManifestKind.Emergency) {
    return { ready: undefined, message: 'An Emergency manifest has no rollback: it only calls containment selectors.' };
  }
  if (state.kind === ManifestKind.Rollback) {
    return {
      ready: state.rollbackReady,
      words,
      message: state.rollbackReady
        ? 'This manifest is a rollback, and the guard lets its next step run now.'
        : `This manifest is a rollback. ${words?.sentence ?? ''}`.trim(),
    };
  }
  return {
    ready: state.rollbackReady,
    id: facts.rollback,
    words,
    message: state.rollbackReady
      ? state.started
        ? 'The guard lets the rollback manifest run now, should the release need undoing.'
        : 'The guard counts the rollback manifest ready: approved and executable on its own terms, so the release may start.'
      : (words?.sentence ?? 'The guard does not count the rollback ready.'),
  };
}

export const isExecutor = (overview: GuardOverview, account: Address | undefined): boolean =>
  !!account && overview.config.executors.some((executor) => isAddressEqual(executor, account));
