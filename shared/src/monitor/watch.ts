import {
  type Account,
  type Address,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type WalletClient,
  createWalletClient,
  custom,
  getAddress,
  isAddressEqual,
} from 'viem';

import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { readManifestView } from '../gate/readChainState.js';
import { type Manifest, ManifestKind, ManifestStatus } from '../guard/manifest.js';
import { manifestId as computeManifestId } from '../hashing/manifestId.js';
import type { ReleasePackage, StopResponseName } from '../package/schema.js';
import { toManifest } from '../package/toManifest.js';
import { phaseEffects } from '../verify/effects.js';
import { decodeStepPosition } from '../guard/stepPosition.js';
import type { VerifyFinding } from '../verify/types.js';
import { type VerifyPhaseReturnType, verifyPhase } from '../verify/verifyPhase.js';
import { WatchInputError } from './errors.js';
import { type TransactionLogs, groupByTransaction, stepExecutedEvent } from './monitorLogs.js';
import { sendContainment } from './sendContainment.js';
import type { AlertReason, MonitorEvent } from './types.js';

export type WatchParameters = {
  client: PublicClient;
  guard: Address;
  safe: Address;
  /** The releases to verify, with their rollbacks and any Emergency (pause) manifest, as packages or manifests. */
  packages: readonly (ReleasePackage | Manifest)[];
  onEvent: (event: MonitorEvent) => void;
  /** A guardian of the guard: with it, the monitor sends the freeze (and the halt) the response calls for. */
  guardianAccount?: Account;
  /** The wallet client to send with (default: one built on `client`'s transport for `guardianAccount`). */
  walletClient?: WalletClient;
  /** Milliseconds between polls for new blocks (default: the client's `pollingInterval`). */
  pollingInterval?: number;
  /**
   * The first block to read (default: the block after the latest when `watch` starts). Phases the guard reports
   * completed before it are verified once at the start (and then followed like the others).
   */
  fromBlock?: bigint;
  /** Called after each poll with the last block read (a heartbeat for progress lines). */
  onPoll?: (blockNumber: bigint) => void;
  chainId?: number;
  multicallAddress?: Address;
  defaultResponse?: StopResponseName;
  freezeDuration?: bigint;
};

export type WatchErrorType = WatchInputError;

export type WatchReturnType = {
  /** Stops polling; resolves once the poll under way (if any) has finished. */
  stop: () => Promise<void>;
};

type Known = { id: Hex; manifest: Manifest; pkg: ReleasePackage | undefined };
type Watched = {
  known: Known;
  phase: number;
  receipts: TransactionReceipt[];
  reported: Set<string>;
};

/**
 * Follows new blocks of the Safe's chain. First it asks the guard (`getManifest`, at the block before the first one
 * read) which phases of the known manifests had already completed, and verifies each of them once (a release that
 * completed before the monitor started, then was tampered with, is an alert at once). Then it decodes the guard's
 * events and the Safe's executions, verifies every phase
 * of a known release when the guard reports it completed (`verifyPhase`), keeps re-verifying executed phases on each
 * new block (an out-of-band change after the phase is a divergence too), and reports through `onEvent`: `ok` for a
 * phase that matches, `alert` with the findings and the containment plan on a divergence, a stop-condition hit or a
 * Safe execution the guard did not pass. With `guardianAccount`, it sends the freeze (`contain`) or the freeze and
 * the halt (`rollback`) and reports them as `contained`. A halted manifest is no longer re-verified (its rollback
 * undoes its state on purpose).
 *
 * @throws {WatchInputError} when no package is given or the chain id is unknown.
 *
 * @example
 * const { stop } = watch({ client, guard, safe, packages: [release, rollback], onEvent: console.log, guardianAccount });
 * // …
 * await stop();
 */
export function watch(parameters: WatchParameters): WatchReturnType {
  const { client, onEvent } = parameters;
  const guard = getAddress(parameters.guard);
  const safe = getAddress(parameters.safe);
  if (parameters.packages.length === 0) {
    throw new WatchInputError('no release package was given', 'Pass the releases to watch with their rollbacks.');
  }
  const firstPackage = parameters.packages.find((item): item is ReleasePackage => 'schemaVersion' in item);
  const chainId = parameters.chainId ?? firstPackage?.chainId ?? client.chain?.id;
  if (chainId === undefined) {
    throw new WatchInputError('the chain id is unknown', 'Pass `chainId`, a package, or a client with a chain.');
  }
  const known = new Map<Hex, Known>();
  for (const item of parameters.packages) {
    const pkg = 'schemaVersion' in item ? item : undefined;
    if (pkg && (!isAddressEqual(pkg.safe, safe) || !isAddressEqual(pkg.guard, guard))) {
      throw new WatchInputError(
        `the package "${pkg.title}" is for Safe ${pkg.safe} and guard ${pkg.guard}, not ${safe} and ${guard}`,
        'Watch the Safe and guard the packages name, or pass the packages of this Safe.',
      );
    }
    const manifest = pkg ? toManifest(pkg) : (item as Manifest);
    const id = computeManifestId({ manifest, chainId, guard });
    known.set(id, { id, manifest, pkg });
  }
  const emergency = [...known.values()].find((item) => item.manifest.kind === ManifestKind.Emergency);
  const walletClient =
    parameters.walletClient ??
    (parameters.guardianAccount
      ? createWalletClient({
          account: parameters.guardianAccount,
          chain: client.chain,
          transport: custom({ request: client.request }),
        })
      : undefined);

  const emit = (event: MonitorEvent) => {
    try {
      onEvent(event);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  };
  /** StepExecuted seen, by manifest index: `phase:step` → transaction. */
  const steps = new Map<bigint, Map<string, Hex>>();
  const watched = new Map<string, Watched>();
  let next = parameters.fromBlock;

  const verify = (entry: Known, phase: number, receipts: readonly (TransactionReceipt | Hex)[]) =>
    verifyAt(entry, phase, receipts, undefined);
  const verifyAt = (
    entry: Known,
    phase: number,
    receipts: readonly (TransactionReceipt | Hex)[],
    blockNumber: bigint | undefined,
  ) =>
    verifyPhase({
      blockNumber,
      client,
      guard,
      safe,
      chainId,
      phase,
      receipts,
      ...(entry.pkg ? { pkg: entry.pkg } : { manifest: entry.manifest }),
      rollback: known.get(entry.manifest.rollback)?.manifest,
      emergency: emergency?.manifest,
      multicallAddress: parameters.multicallAddress,
      defaultResponse: parameters.defaultResponse,
      freezeDuration: parameters.freezeDuration,
    });

  const alert = async (
    reason: AlertReason,
    blockNumber: bigint,
    result: VerifyPhaseReturnType,
    findings: VerifyFinding[],
    message: string,
  ) => {
    emit({
      type: 'alert',
      reason,
      blockNumber,
      manifestId: result.manifestId,
      phase: result.phase,
      message,
      findings,
      containment: result.containment,
    });
    if (!parameters.guardianAccount || !walletClient || !result.containment) return;
    const { sent, error } = await sendContainment({
      client,
      walletClient,
      account: parameters.guardianAccount,
      containment: result.containment,
    });
    for (const item of sent) emit({ type: 'contained', ...item, manifestId: result.manifestId });
    if (error) emit({ type: 'error', error });
  };

  const judge = async (
    entry: Watched,
    blockNumber: bigint,
    result: VerifyPhaseReturnType,
    first: boolean,
    verb = first ? 'executed with' : 'no longer holds:',
  ) => {
    const fresh = result.findings.filter((finding) => !entry.reported.has(findingKey(finding)));
    for (const finding of fresh) entry.reported.add(findingKey(finding));
    if (result.ok) {
      if (first) emit({ type: 'ok', blockNumber, manifestId: result.manifestId, phase: result.phase, result });
      return;
    }
    if (fresh.length === 0) return;
    const stop = fresh.some((finding) => finding.rule === 'check' || finding.rule === 'invariant');
    const what = fresh.map((finding) => finding.message).join(' ');
    await alert(
      stop ? 'stopCondition' : 'divergence',
      blockNumber,
      result,
      fresh,
      `Phase ${result.phase} of ${result.manifestId} ${verb} ${fresh.length} finding(s). ${what}`,
    );
  };

  const phaseCompleted = async (transaction: TransactionLogs, id: Hex, phase: number) => {
    const entry = known.get(id);
    if (!entry) return;
    const index = transaction.guard
      .flatMap((log) => (log.eventName === 'StepExecuted' ? [decodeStepPosition(log.args.position)] : []))
      .find((position) => position.phase === phase)?.index;
    const stepCount = entry.manifest.phases[phase]?.steps.length ?? 0;
    const positions = [...Array(stepCount).keys()].map((step) => `${phase}:${step}`);
    const seen = index === undefined ? undefined : steps.get(index);
    if (index !== undefined && positions.some((position) => !seen?.has(position))) await backfill(index);
    const byPosition = index === undefined ? undefined : steps.get(index);
    const hashes = [...new Set(positions.flatMap((position) => byPosition?.get(position) ?? []))];
    if (!hashes.includes(transaction.transactionHash)) hashes.push(transaction.transactionHash);
    const receipts = await Promise.all(hashes.map((hash) => client.getTransactionReceipt({ hash })));
    const result = await verify(entry, phase, receipts);
    const item = follow(entry, phase, receipts);
    await judge(item, transaction.blockNumber, result, true);
  };

  /** Follows `phase` from now on; an earlier phase of the same manifest whose subjects it changes again is dropped. */
  const follow = (entry: Known, phase: number, receipts: TransactionReceipt[]): Watched => {
    const effects = phaseEffects(entry.manifest.phases[phase]!.steps, safe);
    for (const [key, other] of watched) {
      if (other.known.id !== entry.id || other.phase >= phase) continue;
      const earlier = phaseEffects(entry.manifest.phases[other.phase]!.steps, safe);
      if (earlier.some((effect) => effects.some((later) => subjectOf(later) === subjectOf(effect))))
        watched.delete(key);
    }
    const item: Watched = { known: entry, phase, receipts, reported: new Set() };
    watched.set(`${entry.id}:${phase}`, item);
    return item;
  };

  /**
   * The phases that completed before block `at` + 1 (the guard's own view at `at`: every phase of a completed
   * manifest, the phases before the cursor of an approved one; halted and cancelled manifests are left alone), each
   * verified once against the state at `at` and followed from then on.
   */
  const sweep = async (at: bigint) => {
    const entries = [...known.values()];
    // A package not registered (yet) reads as status None: nothing completed.
    const views = await Promise.all(entries.map((entry) => readManifestView(client, guard, entry.id, at)));
    const done = entries.flatMap((entry, i) => {
      const view = views[i]!;
      const count =
        view.status === ManifestStatus.Completed
          ? entry.manifest.phases.length
          : view.status === ManifestStatus.Approved
            ? Math.min(Number(view.currentPhase), entry.manifest.phases.length)
            : 0;
      return count > 0 ? [{ entry, count }] : [];
    });
    if (done.length === 0) return;
    const [registered, executed] = await Promise.all([
      client.getContractEvents({
        address: guard,
        abi: manifestGuardAbi,
        eventName: 'ManifestRegistered',
        args: { manifestId: done.map(({ entry }) => entry.id) },
        fromBlock: 0n,
        toBlock: at,
      }),
      client.getLogs({ address: guard, event: stepExecutedEvent, fromBlock: 0n, toBlock: at }),
    ]);
    for (const log of executed) record(log.args.position!, log.transactionHash!);
    const indexOf = new Map(
      registered.map((log) => {
        const args = log.args as { manifestId?: Hex; index?: bigint };
        return [args.manifestId!, args.index!] as const;
      }),
    );
    const phases = done.flatMap(({ entry, count }) => [...Array(count).keys()].map((phase) => ({ entry, phase })));
    const hashesOf = ({ entry, phase }: { entry: Known; phase: number }) => {
      const byPosition = steps.get(indexOf.get(entry.id) ?? -1n);
      const stepCount = entry.manifest.phases[phase]!.steps.length;
      return [...new Set([...Array(stepCount).keys()].flatMap((step) => byPosition?.get(`${phase}:${step}`) ?? []))];
    };
    const found = phases.map((item) => ({ ...item, hashes: hashesOf(item) })).filter((item) => item.hashes.length > 0);
    const receipts = await Promise.all(
      found.map(({ hashes }) => Promise.all(hashes.map((hash) => client.getTransactionReceipt({ hash })))),
    );
    const items = found.map(({ entry, phase }, i) => follow(entry, phase, receipts[i]!));
    const results = await Promise.all(
      items.map((item) =>
        watched.get(`${item.known.id}:${item.phase}`) === item
          ? verifyAt(item.known, item.phase, item.receipts, at)
          : undefined,
      ),
    );
    for (const [i, item] of items.entries()) {
      const result = results[i];
      if (result) await judge(item, at, result, true, 'does not hold (it completed before the monitor started):');
    }
  };

  const backfill = async (index: bigint) => {
    const logs = await client.getLogs({
      address: guard,
      event: stepExecutedEvent,
      fromBlock: 0n,
      toBlock: next === undefined ? 'latest' : next - 1n,
    });
    for (const log of logs) {
      if (decodeStepPosition(log.args.position!).index === index) record(log.args.position!, log.transactionHash!);
    }
  };
  /** Notes the transaction of a `StepExecuted(position)` under its manifest index, phase and step. */
  const record = (position: bigint, hash: Hex) => {
    const { index, phase, step } = decodeStepPosition(position);
    let byPosition = steps.get(index);
    if (!byPosition) steps.set(index, (byPosition = new Map()));
    byPosition.set(`${phase}:${step}`, hash);
  };

  /** The block before the first one read: where the start-up sweep looks; `undefined` once it has run. */
  let sweepAt: bigint | null | undefined = null;
  const tick = async () => {
    const latest = await client.getBlockNumber({ cacheTime: 0 });
    if (next === undefined) next = latest + 1n;
    if (sweepAt === null) sweepAt = next > 0n ? next - 1n : undefined;
    if (sweepAt !== undefined) {
      await sweep(sweepAt);
      sweepAt = undefined;
    }
    if (latest < next) return parameters.onPoll?.(latest);
    const logs = await client.getLogs({ address: [safe, guard], fromBlock: next, toBlock: latest });
    next = latest + 1n;
    const verifiedNow = new Set<string>();
    for (const transaction of groupByTransaction(logs, { safe, guard })) {
      const stepped = transaction.guard.some((log) => log.eventName === 'StepExecuted');
      for (const log of transaction.guard) {
        emit({
          type: 'guard',
          blockNumber: transaction.blockNumber,
          name: log.eventName,
          args: { ...(log.args as Record<string, unknown>) },
          transactionHash: transaction.transactionHash,
        });
        if (log.eventName === 'StepExecuted') record(log.args.position, transaction.transactionHash);
        if (log.eventName === 'ManifestHalted') {
          for (const [key, item] of watched) if (item.known.id === log.args.manifestId) watched.delete(key);
        }
      }
      for (const log of transaction.guard) {
        if (log.eventName !== 'PhaseCompleted') continue;
        await phaseCompleted(transaction, log.args.manifestId, Number(log.args.phase));
        verifiedNow.add(`${log.args.manifestId}:${Number(log.args.phase)}`);
      }
      const executed = transaction.safe.filter(
        (log) => log.eventName === 'ExecutionSuccess' || log.eventName === 'ExecutionFromModuleSuccess',
      );
      // The transaction that installs this guard runs before the guard does.
      const installs = transaction.safe.some(
        (log) => log.eventName === 'ChangedGuard' && isAddressEqual(log.args.guard, guard),
      );
      if (executed.length > 0 && !stepped && !installs) {
        emit({
          type: 'alert',
          reason: 'unguardedExecution',
          blockNumber: transaction.blockNumber,
          manifestId: undefined,
          phase: undefined,
          message:
            `The Safe executed ${transaction.transactionHash} without the guard reporting a manifest step: is the guard ` +
            'still installed (transaction and module guard)?',
          findings: [],
          containment: null,
          transactionHash: transaction.transactionHash,
        });
      }
    }
    const recheck = [...watched].filter(([key]) => !verifiedNow.has(key)).map(([, item]) => item);
    const results = await Promise.all(recheck.map((item) => verify(item.known, item.phase, item.receipts)));
    for (const [i, item] of recheck.entries()) {
      if (watched.get(`${item.known.id}:${item.phase}`) === item) await judge(item, latest, results[i]!, false);
    }
    parameters.onPoll?.(latest);
  };

  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  const interval = parameters.pollingInterval ?? client.pollingInterval;
  const loop = () => {
    if (stopped) return;
    running = tick()
      .catch((error: unknown) =>
        emit({ type: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, interval);
      });
  };
  loop();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

const findingKey = (finding: VerifyFinding) =>
  `${finding.rule}:${finding.subject ?? ''}:${finding.step ?? ''}:${finding.expected ?? ''}:${finding.actual ?? ''}`;

function subjectOf(effect: ReturnType<typeof phaseEffects>[number]): string {
  switch (effect.kind) {
    case 'transparentUpgrade':
    case 'adminChange':
      return effect.proxy;
    case 'guardChange':
      return effect.safe;
    default:
      return effect.target;
  }
}
