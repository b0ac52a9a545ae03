import { type Address, type Hex, type PublicClient, zeroAddress, zeroHash } from 'viem';

import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { decodeGuardError } from '../guard/guardErrors.js';
import { guardHint } from '../guard/guardHints.js';
import { short } from '../guard/hintWords.js';
import { ManifestStatus } from '../guard/manifest.js';
import { type ManifestDerivedState, readManifestState } from '../guard/readManifestState.js';
import { nearestStep } from './nearestStep.js';
import type { LabelQueueParameters, LabelledEntry, NearestStep, QueueEntry, QueueLabel } from './queueLabels.js';

export type LabelQueueReturnType = LabelledEntry[];

type Verdict = { allowed: boolean; reason: Hex; manifestId: Hex; phase: number; step: number };

/**
 * The Safe's queue labelled by the guard, sorted by nonce then safeTxHash. Each entry is asked of the guard
 * (`explainTransaction` for the executor, now) and the manifests it belongs to once each (`manifestState`), all
 * reads in parallel:
 * - `dead` when its nonce is below the Safe's (another transaction used it), its manifest is halted, cancelled or
 *   completed, the guard's cursor is past its step (already executed), or the guard says the window closed
 *   (`ManifestGuardExpired`);
 * - `nothing` when the guard holds no step with exactly this call, with the nearest step of the known manifests and
 *   the decoded fields that differ (an exact copy of a step the guard no longer holds because it already executed is
 *   `dead`);
 * - `step` otherwise: a step of a manifest that may still run, now or later.
 * `competing` lists the other entries at the same nonce; `ready` is true only for a `step` at the Safe's nonce with
 * the threshold's confirmations that the guard lets the executor run now. `why` says each in one sentence.
 *
 * @throws when the guard cannot be read (no guard at `guard`, an RPC error).
 * @example
 * const labelled = await labelQueue({ publicClient, guard, safe, safeNonce, threshold, executor, entries, manifests });
 * labelled.filter((entry) => entry.label === 'dead').map((entry) => entry.why);
 * // ['nonce 3 holds a step of a halted manifest (REL-42 pool and vault v2)']
 */
export async function labelQueue(parameters: LabelQueueParameters): Promise<LabelQueueReturnType> {
  const { publicClient, guard, safeNonce, threshold, executor, manifests } = parameters;
  const entries = [...parameters.entries].sort(byNonceThenHash);
  const decodeOptions = {
    safe: parameters.safe,
    guard,
    multiSendCallOnly: parameters.multiSendCallOnly,
    abis: parameters.abis,
  };

  const verdicts = await Promise.all(entries.map((entry) => explainEntry(publicClient, guard, entry, executor)));
  const nearestSteps = entries.map((entry, i) =>
    verdicts[i]!.manifestId === zeroHash ? nearestStep(entry.call, manifests, decodeOptions) : undefined,
  );
  // The guard's state of every manifest the entries concern: theirs, or that of an exact copy of one of its steps.
  const ids = new Set<Hex>();
  verdicts.forEach((verdict, i) => {
    if (verdict.manifestId !== zeroHash) ids.add(verdict.manifestId);
    else if (nearestSteps[i]?.differences.length === 0) ids.add(nearestSteps[i]!.manifestId);
  });
  const idList = [...ids];
  const [states, tickets] = await Promise.all([
    Promise.all(idList.map((id) => readManifestState(publicClient, guard, id))),
    Promise.all(idList.map((id) => ticketOf(publicClient, guard, id, manifests))),
  ]);
  const stateOf = new Map(idList.map((id, i) => [id, states[i]]));
  const ticketFor = new Map(idList.map((id, i) => [id, tickets[i]!]));

  return entries.map((entry, i): LabelledEntry => {
    const verdict = verdicts[i]!;
    const competing = entries
      .filter((other) => other.nonce === entry.nonce && other.safeTxHash !== entry.safeTxHash)
      .map((other) => other.safeTxHash);
    const position =
      verdict.manifestId === zeroHash
        ? undefined
        : {
            manifestId: verdict.manifestId,
            ticket: ticketFor.get(verdict.manifestId),
            phase: verdict.phase,
            step: verdict.step,
          };
    const { label, why, nearest } = decide({
      entry,
      safeNonce,
      verdict,
      position,
      state: position ? stateOf.get(position.manifestId) : undefined,
      nearest: nearestSteps[i],
      nearestState: nearestSteps[i] ? stateOf.get(nearestSteps[i]!.manifestId) : undefined,
      ticketOf: (id: Hex) => ticketFor.get(id),
    });
    const ready = label === 'step' && entry.nonce === safeNonce && entry.confirmations >= threshold && verdict.allowed;
    return {
      ...entry,
      label,
      competing,
      position,
      verdict: { allowed: verdict.allowed, reason: verdict.reason },
      why: ready ? `${why}; ready to execute` : why,
      nearest,
      ready,
    };
  });
}

type Decision = { label: QueueLabel; why: string; nearest: NearestStep | undefined };

function decide(args: {
  entry: QueueEntry;
  safeNonce: bigint;
  verdict: Verdict;
  position: LabelledEntry['position'];
  state: ManifestDerivedState | undefined;
  nearest: NearestStep | undefined;
  nearestState: ManifestDerivedState | undefined;
  ticketOf: (id: Hex) => string | undefined;
}): Decision {
  const { entry, safeNonce, verdict, position, state, nearest } = args;
  const at = `nonce ${entry.nonce}`;
  const name = (id: Hex, ticket: string | undefined) => ticket ?? short(id);
  if (entry.nonce < safeNonce) {
    const what = position ? ` (a step of ${name(position.manifestId, position.ticket)})` : '';
    return { label: 'dead', why: `${at} was used by another transaction${what}: it can never execute`, nearest };
  }
  if (position) {
    const manifest = name(position.manifestId, position.ticket);
    const where = `phase ${position.phase + 1}, step ${position.step + 1}`;
    const ended = state ? endedWord(state.status) : undefined;
    if (ended) return { label: 'dead', why: `${at} holds a step of a ${ended} manifest (${manifest})`, nearest };
    if (state && before(position, state)) {
      return { label: 'dead', why: `${at} holds ${where} of ${manifest}, which already executed`, nearest };
    }
    const rejection = decodeGuardError(verdict.reason);
    if (rejection?.errorName === 'ManifestGuardExpired') {
      return { label: 'dead', why: `${at} holds a step of ${manifest}, whose window has closed`, nearest };
    }
    if (verdict.allowed) return { label: 'step', why: `${at} is ${where} of ${manifest}`, nearest };
    const refusal = rejection
      ? guardHint(rejection, {
          action: 'execTransaction',
          manifestId: position.manifestId,
          positions: 'fromOne',
        }).sentence
      : `the guard answers ${verdict.reason.slice(0, 10)}…`;
    return {
      label: 'step',
      why: `${at} is ${where} of ${manifest}; the guard does not let it run now: ${lowerFirst(refusal)}`,
      nearest,
    };
  }
  if (nearest && nearest.differences.length === 0) {
    const manifest = name(nearest.manifestId, args.ticketOf(nearest.manifestId) ?? nearest.ticket);
    const where = `phase ${nearest.phase + 1}, step ${nearest.step + 1}`;
    const ended = args.nearestState ? endedWord(args.nearestState.status) : undefined;
    if (ended) return { label: 'dead', why: `${at} holds a step of a ${ended} manifest (${manifest})`, nearest };
    if (args.nearestState && before(nearest, args.nearestState)) {
      return { label: 'dead', why: `${at} holds ${where} of ${manifest}, which already executed`, nearest };
    }
    const held = args.nearestState ? 'the guard does not hold it now' : 'that manifest is not registered on this guard';
    return { label: 'nothing', why: `${at} copies ${where} of ${manifest}, but ${held}: do not sign it`, nearest };
  }
  if (!nearest) return { label: 'nothing', why: `${at} matches no approved step: do not sign it`, nearest };
  const manifest = name(nearest.manifestId, nearest.ticket);
  const first = nearest.differences[0]!;
  const more = nearest.differences.length > 1 ? ` and ${nearest.differences.length - 1} more` : '';
  return {
    label: 'nothing',
    why:
      `${at} matches no approved step: do not sign it (nearest: phase ${nearest.phase + 1}, step ${nearest.step + 1} ` +
      `of ${manifest}; ${first.field}: ${first.expected} → ${first.actual}${more})`,
    nearest,
  };
}

/** `halted`, `cancelled` or `completed` for a manifest whose steps can never run again; `undefined` otherwise. */
function endedWord(status: number): string | undefined {
  if (status === ManifestStatus.Halted) return 'halted';
  if (status === ManifestStatus.Cancelled) return 'cancelled';
  if (status === ManifestStatus.Completed) return 'completed';
  return undefined;
}

/** Whether the guard's cursor (next phase and step) is past this step. */
const before = (step: { phase: number; step: number }, state: ManifestDerivedState): boolean =>
  step.phase < state.nextPhase || (step.phase === state.nextPhase && step.step < state.nextStep);

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

async function explainEntry(
  publicClient: PublicClient,
  guard: Address,
  entry: QueueEntry,
  executor: Address,
): Promise<Verdict> {
  const { to, value, data, operation } = entry.call;
  const result = await publicClient.readContract({
    address: guard,
    abi: manifestGuardAbi,
    functionName: 'explainTransaction',
    args: [to, value, data, operation, 0n, zeroAddress, zeroAddress, executor],
  });
  return {
    allowed: result.allowed,
    reason: result.reason,
    manifestId: result.manifestId,
    phase: Number(result.phase),
    step: Number(result.step),
  };
}

/** The manifest's ticket: from the known manifests, else its `ManifestRegistered` event, else `undefined`. */
async function ticketOf(
  publicClient: PublicClient,
  guard: Address,
  id: Hex,
  manifests: LabelQueueParameters['manifests'],
): Promise<string | undefined> {
  const known = manifests.find((manifest) => manifest.id.toLowerCase() === id.toLowerCase());
  if (known) return known.ticket ?? known.manifest.ticket;
  try {
    const [log] = await publicClient.getContractEvents({
      address: guard,
      abi: manifestGuardAbi,
      eventName: 'ManifestRegistered',
      args: { manifestId: id },
      fromBlock: 0n,
      strict: true,
    });
    return log?.args.ticket;
  } catch {
    // An RPC that refuses a log query from the genesis block: the short id will do.
    return undefined;
  }
}

function byNonceThenHash(a: QueueEntry, b: QueueEntry): number {
  if (a.nonce !== b.nonce) return a.nonce < b.nonce ? -1 : 1;
  return a.safeTxHash.toLowerCase().localeCompare(b.safeTxHash.toLowerCase());
}
