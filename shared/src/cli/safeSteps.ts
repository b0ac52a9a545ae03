import type SafeApiKit from '@safe-global/api-kit';
import { type Address, type Hex, type LocalAccount, getAddress } from 'viem';

import {
  BaseError,
  labelQueue,
  type LabelledEntry,
  manifestId,
  ManifestStatus,
  onChainApprovals,
  pendingTransactions,
  type QueueClients,
  type QueueEntry,
  readManifestView,
  readQueueSafeState,
  type ReleasePackage,
  type SafeTransaction,
  safeTransaction,
  safeTxHashes,
  statusName,
  toManifest,
} from '../node.js';
import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { type CliChain, walletFor } from './chain.js';
import type { CommandContext } from './command.js';
import { UsageError } from './errors.js';
import { stringOption } from './options.js';

/** A step of the manifest as the Safe transaction that executes it, at a given Safe nonce. */
export type QueuedStep = { phase: number; step: number; transaction: SafeTransaction; safeTxHash: Hex };

export const txServiceVariable = 'MANIFEST_GUARD_TX_SERVICE';

/**
 * The remaining steps of the manifest's current phase (from the guard's cursor), as Safe transactions at
 * consecutive nonces from the Safe's next one.
 *
 * @throws {UsageError} when the manifest has no step left.
 */
export async function currentPhaseSteps(
  chain: CliChain,
  pkg: ReleasePackage,
): Promise<{ id: Hex; phase: number; steps: QueuedStep[] }> {
  const id = manifestId({ manifest: toManifest(pkg), chainId: pkg.chainId, guard: pkg.guard });
  const view = await readManifestView(chain.publicClient, pkg.guard, id);
  const inactive = [ManifestStatus.Completed, ManifestStatus.Halted, ManifestStatus.Cancelled] as number[];
  if (
    inactive.includes(view.status) ||
    (view.status !== ManifestStatus.None && view.currentPhase >= pkg.phases.length)
  ) {
    throw new UsageError(
      `${id} has no step left to execute (it is ${statusName(view.status)}).`,
      'Check `manifest-guard status`; a halted release continues with its rollback package.',
    );
  }
  const phase = view.status === ManifestStatus.None ? 0 : view.currentPhase;
  const first = view.status === ManifestStatus.None ? 0 : view.nextStep;
  const { nonce } = await readQueueSafeState(chain.publicClient, pkg.safe);
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
  return { id, phase, steps };
}

/** The same step as the Safe transaction at another nonce. */
export function stepAtNonce(step: QueuedStep, nonce: bigint, pkg: ReleasePackage, chainId: number): QueuedStep {
  const transaction = { ...step.transaction, nonce };
  return { ...step, transaction, safeTxHash: safeTxHashes({ safe: pkg.safe, chainId, transaction }).safeTxHash };
}

/** The Safe's queue labelled by the guard (`labelQueue`), with the Safe's nonce and threshold it was read at. */
export type LabelledQueue = {
  labelled: LabelledEntry[];
  safeNonce: bigint;
  threshold: number;
  owners: Address[];
  /** The `own` steps the service's queue did not hold (added with their on-chain approvals). */
  added: Hex[];
};

/**
 * Reads the Safe's queue (the service's pending transactions with their confirmations, on-chain approvals counted)
 * and labels it by asking the guard for `executor` (`labelQueue`), with the package's manifest known in full for the
 * nearest step of a transaction that matches none. `own` steps missing from the service's queue (signed only with
 * approveHash, or with no service at all) join it with their on-chain approvals, and the executor's own when it is
 * an owner, as `executeQueued` counts them. Entries whose service data does not hash to their safeTxHash are left
 * out (`pendingTransactions` warns about them).
 *
 * @throws {TxServiceUnreachableError} when the service does not answer.
 */
export async function readLabelledQueue(args: {
  chain: CliChain;
  pkg: ReleasePackage;
  id: Hex;
  service: TxService | undefined;
  executor: Address;
  own?: readonly QueuedStep[];
}): Promise<LabelledQueue> {
  const { chain, pkg, id, service, executor } = args;
  const [state, config] = await Promise.all([
    readQueueSafeState(chain.publicClient, pkg.safe),
    chain.publicClient.readContract({ address: pkg.guard, abi: manifestGuardAbi, functionName: 'getConfig' }),
  ]);
  const pending = service
    ? await pendingTransactions({
        apiKit: service.apiKit,
        publicClient: chain.publicClient,
        chainId: chain.chainId,
        safe: pkg.safe,
      }).catch((error: unknown) => {
        if ((error as { statusCode?: number }).statusCode === undefined)
          throw new TxServiceUnreachableError(service.url, error);
        throw error;
      })
    : [];
  const entries: QueueEntry[] = pending.flatMap((entry) =>
    entry.transaction
      ? [
          {
            safeTxHash: entry.safeTxHash,
            nonce: entry.nonce,
            call: {
              to: entry.transaction.to,
              value: entry.transaction.value,
              data: entry.transaction.data,
              operation: entry.transaction.operation === 1 ? 1 : 0,
            },
            confirmations: entry.confirmations.length,
          },
        ]
      : [],
  );
  const added: Hex[] = [];
  for (const step of args.own ?? []) {
    if (entries.some((entry) => entry.safeTxHash === step.safeTxHash)) continue;
    added.push(step.safeTxHash);
    const approved = await onChainApprovals({
      publicClient: chain.publicClient,
      safe: pkg.safe,
      safeTxHash: step.safeTxHash,
      owners: state.owners,
    });
    const executorCounts = state.owners.includes(getAddress(executor)) && !approved.includes(getAddress(executor));
    entries.push({
      safeTxHash: step.safeTxHash,
      nonce: step.transaction.nonce,
      call: {
        to: step.transaction.to,
        value: step.transaction.value,
        data: step.transaction.data,
        operation: step.transaction.operation === 1 ? 1 : 0,
      },
      confirmations: approved.length + (executorCounts ? 1 : 0),
    });
  }
  const labelled = await labelQueue({
    publicClient: chain.publicClient,
    guard: pkg.guard,
    safe: pkg.safe,
    safeNonce: state.nonce,
    threshold: state.threshold,
    executor,
    entries,
    manifests: [{ id, ticket: pkg.ticket, manifest: toManifest(pkg) }],
    multiSendCallOnly: config.multiSendCallOnly,
  });
  return { labelled, safeNonce: state.nonce, threshold: state.threshold, owners: state.owners, added };
}

/** The live queued entry that the guard finds to be this step of manifest `id`, if any. */
export function queuedStep(labelled: readonly LabelledEntry[], id: Hex, step: QueuedStep): LabelledEntry | undefined {
  return labelled.find(
    (entry) =>
      entry.label === 'step' &&
      entry.position?.manifestId.toLowerCase() === id.toLowerCase() &&
      entry.position.phase === step.phase &&
      entry.position.step === step.step,
  );
}

/**
 * viem clients for the queue module, signing as `account`: each sent hash is reported before its receipt is awaited,
 * and the wait is bounded (`CliChain`).
 */
export function queueClients(chain: CliChain, account: LocalAccount): QueueClients {
  return { publicClient: chain.publicClient, walletClient: walletFor(chain, account) };
}

/** The Safe Transaction Service of `--tx-service` (or MANIFEST_GUARD_TX_SERVICE): its URL and an api-kit on it. */
export type TxService = { url: string; apiKit: SafeApiKit };

/**
 * The configured Safe Transaction Service; `undefined` when none is configured. api-kit loads only here: the commands
 * that never talk to the service start without it.
 */
export async function txService(context: CommandContext, chainId: number): Promise<TxService | undefined> {
  const url = stringOption(context.values, 'tx-service') ?? context.env[txServiceVariable];
  if (!url) return undefined;
  if (!URL.canParse(url)) {
    throw new UsageError(`--tx-service "${url}" is not a URL.`, 'Use the service base URL, e.g. https://…/api.');
  }
  const { default: SafeApiKit } = await import('@safe-global/api-kit');
  return { url, apiKit: new SafeApiKit({ chainId: BigInt(chainId), txServiceUrl: url }) };
}

/**
 * The service's confirmations of `safeTxHash`; `undefined` when the service does not know it (404).
 *
 * @throws {TxServiceUnreachableError} when the service does not answer.
 */
export async function serviceConfirmations(
  service: TxService,
  safeTxHash: Hex,
): Promise<{ owner: Address; signature: Hex }[] | undefined> {
  try {
    const response = await service.apiKit.getTransaction(safeTxHash);
    return (response.confirmations ?? []).map((confirmation) => ({
      owner: getAddress(confirmation.owner),
      signature: confirmation.signature as Hex,
    }));
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 404) return undefined;
    if (status === undefined) throw new TxServiceUnreachableError(service.url, error);
    throw error;
  }
}

/** The Safe Transaction Service did not answer. */
export class TxServiceUnreachableError extends BaseError {
  override name = 'TxServiceUnreachableError';
  constructor(url: string, cause: unknown) {
    super(`Could not reach the Safe Transaction Service at ${url}.`, {
      metaMessages: [
        `Check --tx-service (or ${txServiceVariable}) and that the service runs; or use --onchain (approveHash).`,
        `The request said: ${((cause as Error)?.message ?? String(cause)).split('\n')[0]}`,
      ],
      cause,
    });
  }
}
