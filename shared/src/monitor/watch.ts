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

import { type Manifest, ManifestKind } from '../guard/manifest.js';
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
  /** The first block to read (default: the block after the latest when `watch` starts). */
  fromBlock?: bigint;
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
 * Follows new blocks of the Safe's chain: decodes the guard's events and the Safe's executions, verifies every phase
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
    verifyPhase({
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

  const judge = async (entry: Watched, blockNumber: bigint, result: VerifyPhaseReturnType, first: boolean) => {
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
      `Phase ${result.phase} of ${result.manifestId} ${first ? 'executed with' : 'no longer holds:'} ${fresh.length} finding(s). ${what}`,
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
    const effects = phaseEffects(entry.manifest.phases[phase]!.steps, safe);
    for (const [key, other] of watched) {
      if (other.known.id !== id || other.phase >= phase) continue;
      const earlier = phaseEffects(entry.manifest.phases[other.phase]!.steps, safe);
      if (earlier.some((effect) => effects.some((later) => subjectOf(later) === subjectOf(effect))))
        watched.delete(key);
    }
    const item: Watched = { known: entry, phase, receipts, reported: new Set() };
    watched.set(`${id}:${phase}`, item);
    await judge(item, transaction.blockNumber, result, true);
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

  const tick = async () => {
    const latest = await client.getBlockNumber({ cacheTime: 0 });
    if (next === undefined) next = latest + 1n;
    if (latest < next) return;
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
