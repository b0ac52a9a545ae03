import { useCallback, useEffect, useMemo, useRef } from 'react';
import { type Address, type Hex, type PublicClient, zeroAddress } from 'viem';

import {
  type KnownManifest,
  type LabelledEntry,
  type Manifest,
  type QueueEntry,
  labelQueue,
} from '../../../shared/src/index.js';
import { type GuardOverview, type ManifestEntry, registeredManifest } from '../guard/readGuard.js';
import type { QueuedTransaction } from '../safe/connection.js';
import { useNewBlocks } from '../safe/useNewBlocks.js';
import { useConnection } from '../safe/useSafeAppsSdk.js';
import { useAsync } from '../ui/useAsync.js';

/** A labelled queue entry with the queue's own record of it (who confirmed, to confirm it standalone). */
export type LabelledQueueEntry = LabelledEntry & { transaction: QueuedTransaction };

/** The Safe's shared queue, labelled by the guard; `unavailable` when the app cannot read the shared queue. */
export type LabelledQueue =
  | { status: 'unavailable'; why: string }
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'done'; entries: LabelledQueueEntry[]; reload(): void };

/** Why the shared queue cannot be read here, and how to get it. */
export const noSharedQueue =
  'The app was not told which Safe Transaction Service holds this Safe’s queue, so it cannot show what the other ' +
  'owners proposed. Open the app with the service URL (`?txService=https://…` in the app URL, or the Transaction ' +
  'Service field of the standalone connection) to see the same queue as every owner.';

/** A queued transaction as the labeller takes it: its call, nonce and the confirmations that count now. */
export function toQueueEntry(queued: QueuedTransaction): QueueEntry {
  return {
    safeTxHash: queued.safeTxHash,
    nonce: queued.nonce,
    call: queued.call,
    confirmations: queued.confirmations.length,
  };
}

type ManifestCache = Map<Hex, Promise<Manifest | undefined>>;

/**
 * The full manifests (every step) of the guard's registered manifests, read once per id from their registration
 * transactions; manifests registered another way (no `register` call to decode) are left out.
 */
export async function knownManifests(
  client: PublicClient,
  entries: readonly ManifestEntry[],
  cache: ManifestCache = new Map(),
): Promise<KnownManifest[]> {
  const read = await Promise.all(
    entries.map(async (entry): Promise<KnownManifest | undefined> => {
      let manifest = cache.get(entry.id);
      if (!manifest) {
        manifest = registeredManifest(client, entry.registeredIn).catch((error: unknown) => {
          cache.delete(entry.id); // a failed read is tried again on the next block
          throw error;
        });
        cache.set(entry.id, manifest);
      }
      const full = await manifest;
      return full ? { id: entry.id, ticket: entry.ticket || undefined, manifest: full } : undefined;
    }),
  );
  return read.filter((known): known is KnownManifest => known !== undefined);
}

/**
 * The Safe's pending transactions from the shared queue (`connection.pending()`, the same for every owner), each
 * labelled by the guard (`labelQueue`): a step of a manifest, a transaction that matches nothing (with the nearest
 * approved step and the fields that differ), dead, or competing with another at its nonce. Read again on each new
 * block and when the Safe's nonce or threshold changes.
 *
 * `executor` is who the verdicts are for (default: the first executor the guard is configured with).
 *
 * @example
 * const queue = useLabelledQueue(overview, executor);
 * if (queue.status === 'done') queue.entries.map((entry) => entry.label);
 */
export function useLabelledQueue(overview: GuardOverview | undefined, executor: Address | undefined): LabelledQueue {
  const connection = useConnection();
  const { client, state } = connection;
  const pending = connection.pending;
  const cache = useRef<ManifestCache>(new Map());
  const latest = useRef({ connection, overview });
  useEffect(() => {
    latest.current = { connection, overview };
  });

  const who: Address = executor ?? overview?.config.executors[0] ?? zeroAddress;
  const manifestIds = useMemo(() => overview?.manifests.map((entry) => entry.id).join(',') ?? '', [overview]);
  const available = pending !== undefined;

  const load = useCallback(async (): Promise<LabelledQueueEntry[]> => {
    const { connection: now, overview: guard } = latest.current;
    if (!now.pending || !guard) return [];
    const [queued, manifests] = await Promise.all([
      now.pending(),
      knownManifests(now.client, guard.manifests, cache.current),
    ]);
    const waiting = queued.filter((entry) => !entry.executed);
    const labelled = await labelQueue({
      publicClient: now.client,
      guard: guard.guard,
      safe: now.state.safe,
      safeNonce: now.state.nonce,
      threshold: now.state.threshold,
      executor: who,
      entries: waiting.map(toQueueEntry),
      manifests,
      multiSendCallOnly: guard.config.multiSendCallOnly,
    });
    return labelled.flatMap((entry) => {
      const transaction = waiting.find((tx) => tx.safeTxHash.toLowerCase() === entry.safeTxHash.toLowerCase());
      return transaction ? [{ ...entry, transaction }] : [];
    });
  }, [who]);

  const result = useAsync(load, [
    available,
    client,
    state.safe,
    state.nonce,
    state.threshold,
    overview?.guard,
    overview?.config.multiSendCallOnly,
    manifestIds,
    load,
  ]);
  const { reload } = result;
  useNewBlocks(client, reload);

  if (!available) return { status: 'unavailable', why: noSharedQueue };
  if (!overview) return { status: 'loading' };
  if (result.status === 'done') return { status: 'done', entries: result.value, reload };
  if (result.status === 'error') return { status: 'error', error: result.error };
  return { status: 'loading' };
}
