import { type Address, type Hex, type PublicClient, isAddressEqual, zeroHash } from 'viem';

import { type DecodedCall, decodeSafeTransaction } from '../../../shared/src/decode/decodeSafeTransaction.js';
import { ManifestKind, ManifestStatus, type Manifest } from '../../../shared/src/guard/manifest.js';
import { type LaneReason, stepReasons } from '../../../shared/src/lane/classifyLane.js';
import { operationIssue } from '../../../shared/src/lane/manifestShape.js';
import { type EvidenceGap, evidenceCompleteness } from '../../../shared/src/package/evidenceCompleteness.js';
import { evidenceHash } from '../../../shared/src/package/evidenceHash.js';
import { type SafeTxHashes, safeTransaction, safeTxHashes } from '../../../shared/src/safe/safeTx.js';
import { type Explanation, explain, hasManifest } from '../guard/explain.js';
import {
  type GuardOverview,
  type ManifestEntry,
  type ManifestState,
  readManifestState,
  registeredManifest,
} from '../guard/readGuard.js';
import type { SafeCall } from '../safe/connection.js';

/** Everything a signer should see before signing a Safe transaction. */
export type Inspection = {
  call: SafeCall;
  nonce: bigint;
  hashes: SafeTxHashes;
  /** The hash the queue claims, when it differs from the one recomputed here (never sign then). */
  claimedHashMismatch: Hex | undefined;
  decoded: DecodedCall;
  lane: { lane: 'routine' | 'privileged' | 'unclassifiable'; reasons: LaneReason[]; issue?: string };
  verdict: Explanation;
  manifest: (ManifestEntry & { full: Manifest | undefined }) | undefined;
  window: { state: 'open' | 'not-yet' | 'expired' | 'unknown'; opensAt: bigint; expiry: bigint } | undefined;
  rollback: { ready: boolean; message: string; id?: Hex; state?: ManifestState } | undefined;
  evidence: { gaps: EvidenceGap[]; hashMatches: boolean; hash: Hex } | undefined;
  /** The call run from the Safe on the current state (`eth_call`), without the guard and signatures. */
  simulation: { outcome: 'success' | 'reverted' | 'not-simulated'; detail: string };
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
 * Inspects a Safe transaction: its hashes (safeTxHash, EIP-712 domain and message hash), decoded calls, its lane,
 * the guard's verdict for `msgSender` and, for the manifest it belongs to, the window, rollback readiness and
 * evidence completeness.
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
  const lane = transactionLane(call, {
    safe,
    guard: overview.guard,
    multiSendCallOnly: config.multiSendCallOnly,
    authorities: config.authorities,
    privilegedSelectors: config.privilegedSelectors,
  });
  const verdict = await explain(client, overview.guard, call, parameters.msgSender);

  let manifest: Inspection['manifest'];
  let window: Inspection['window'];
  let rollback: Inspection['rollback'];
  let evidence: Inspection['evidence'];
  if (hasManifest(verdict)) {
    const entry = overview.manifests.find((item) => item.id === verdict.manifestId);
    const state = entry?.state ?? (await readManifestState(client, overview.guard, verdict.manifestId));
    const base: ManifestEntry = entry ?? {
      id: verdict.manifestId,
      index: -1n,
      state,
      ticket: '',
      steps: 0n,
      registeredIn: undefined,
    };
    const full = await registeredManifest(client, base.registeredIn).catch(() => undefined);
    manifest = { ...base, full };
    const opensAt = state.executableFrom > state.notBefore ? state.executableFrom : state.notBefore;
    window = {
      state:
        state.executableFrom === 0n
          ? 'unknown'
          : overview.now < opensAt
            ? 'not-yet'
            : overview.now > state.expiry
              ? 'expired'
              : 'open',
      opensAt,
      expiry: state.expiry,
    };
    rollback = await rollbackReadiness(client, overview.guard, state);
    if (parameters.evidencePacket !== undefined) {
      const hash = evidenceHash(parameters.evidencePacket as never);
      evidence = {
        gaps: evidenceCompleteness(parameters.evidencePacket, { manifest: full }),
        hashMatches: hash === state.evidence,
        hash,
      };
    }
  }
  const simulation = await dryRun(client, safe, call);
  return {
    call,
    nonce,
    hashes,
    simulation,
    claimedHashMismatch: claimed && claimed.toLowerCase() !== hashes.safeTxHash.toLowerCase() ? claimed : undefined,
    decoded,
    lane,
    verdict,
    manifest,
    window,
    rollback,
    evidence,
    now: overview.now,
  };
}

async function dryRun(client: PublicClient, safe: Address, call: SafeCall): Promise<Inspection['simulation']> {
  if (call.operation !== 0) {
    return {
      outcome: 'not-simulated',
      detail: 'A batch (delegatecall) is not dry-run here: run the simulation gate (CLI) on a fork for its effects.',
    };
  }
  try {
    const { data } = await client.call({ account: safe, to: call.to, data: call.data, value: call.value });
    return {
      outcome: 'success',
      detail: `The call succeeds from the Safe on the current state (returns ${data ?? '0x'}).`,
    };
  } catch (error) {
    const reason = (error as { shortMessage?: string; message?: string }).shortMessage ?? String(error);
    return {
      outcome: 'reverted',
      detail: `The call reverts from the Safe on the current state: ${reason.split('\n')[0]}`,
    };
  }
}

function transactionLane(call: SafeCall, context: Parameters<typeof stepReasons>[3]): Inspection['lane'] {
  const issue = operationIssue(call, 0, 0, context.multiSendCallOnly);
  if (issue) return { lane: 'unclassifiable', reasons: [], issue: issue.message };
  try {
    const reasons = stepReasons(call, 0, 0, context);
    return { lane: reasons.length > 0 ? 'privileged' : 'routine', reasons };
  } catch (error) {
    return { lane: 'unclassifiable', reasons: [], issue: (error as Error).message.split('\n')[0] };
  }
}

async function rollbackReadiness(
  client: PublicClient,
  guard: Address,
  state: ManifestState,
): Promise<Inspection['rollback']> {
  if (state.kind !== ManifestKind.Release) {
    return { ready: true, message: 'This manifest is itself a rollback or emergency path.' };
  }
  if (state.rollback === zeroHash) return { ready: false, message: 'The release names no rollback manifest.' };
  try {
    const rollback = await readManifestState(client, guard, state.rollback);
    const ready = rollback.status === ManifestStatus.Approved || rollback.status === ManifestStatus.Completed;
    return {
      ready,
      id: state.rollback,
      state: rollback,
      message: ready
        ? 'The rollback manifest is registered and approved: it can run at once if the release is halted.'
        : 'The rollback manifest is registered but not approved yet: approvers must approve it before the release may run.',
    };
  } catch {
    return { ready: false, id: state.rollback, message: 'The rollback manifest is not registered on this guard.' };
  }
}

export const isExecutor = (overview: GuardOverview, account: Address | undefined): boolean =>
  !!account && overview.config.executors.some((executor) => isAddressEqual(executor, account));
