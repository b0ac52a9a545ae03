import { type Address, type Hex, getAddress, isAddress, isHash } from 'viem';

import { type ConfigDraft, emptyDraft } from './configForm.js';

/**
 * What Install keeps in this browser for one Safe on one chain, so a reload or another signer finds it again: the
 * configuration as typed, the guard deployed for this Safe (re-checked on chain before it is shown), the setGuard
 * proposal (found again in the queue), and the last dry run as a note only (it is run again, never trusted).
 */
export type InstallProgress = {
  draft: ConfigDraft;
  /** The form was edited (a guard pasted into an untouched form fills it with the configuration it holds). */
  touched: boolean;
  guard?: Address;
  proposal?: { safeTxHash: Hex; guard: Address };
  dryRun?: { key: string; ok: boolean; rpcUrl: string; blockNumber: string };
};

/** The stored entry's format; an entry of another version is discarded with a sentence. */
export const installProgressVersion = 1;

/** The localStorage key of a Safe's Install progress: one per chain and Safe. */
export const installProgressKey = (chainId: number, safe: Address): string =>
  `manifest-guard:install:${chainId}:${safe.toLowerCase()}`;

/** A stored entry: the progress, or why it was discarded (and removed). */
export type LoadedInstallProgress = { progress: InstallProgress | undefined; discarded: string | undefined };

/**
 * Reads the Install progress of `safe` on `chainId`. An entry that does not parse, or was written by another version,
 * is removed, and `discarded` says so in a sentence.
 *
 * @example
 * const { progress, discarded } = loadInstallProgress(31337, safe);
 */
export function loadInstallProgress(chainId: number, safe: Address): LoadedInstallProgress {
  const key = installProgressKey(chainId, safe);
  const text = localStorage.getItem(key);
  if (text === null) return { progress: undefined, discarded: undefined };
  const problem = (reason: string): LoadedInstallProgress => {
    localStorage.removeItem(key);
    return {
      progress: undefined,
      discarded: `The Install progress saved in this browser for this Safe was discarded: ${reason}. Start again from step 1.`,
    };
  };
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    return problem('it is not valid JSON');
  }
  if (typeof stored !== 'object' || stored === null) return problem('it is not an object');
  const entry = stored as Record<string, unknown>;
  if (entry.version !== installProgressVersion) {
    return problem(`it has format version ${String(entry.version)}, this app reads ${installProgressVersion}`);
  }
  const draft = entry.draft as Record<string, unknown> | undefined;
  const badField = (Object.keys(emptyDraft) as (keyof ConfigDraft)[]).find(
    (field) => typeof draft?.[field] !== 'string',
  );
  if (badField) return problem(`its configuration field ${badField} is missing or not text`);
  const guard = entry.guard;
  if (guard !== undefined && (typeof guard !== 'string' || !isAddress(guard))) {
    return problem('its guard is not an address');
  }
  const proposal = entry.proposal as { safeTxHash?: unknown; guard?: unknown } | undefined;
  if (
    proposal !== undefined &&
    (typeof proposal.safeTxHash !== 'string' ||
      !isHash(proposal.safeTxHash) ||
      typeof proposal.guard !== 'string' ||
      !isAddress(proposal.guard))
  ) {
    return problem('its setGuard proposal is not a safeTxHash and a guard address');
  }
  const dryRun = entry.dryRun as InstallProgress['dryRun'] | undefined;
  return {
    progress: {
      draft: Object.fromEntries(Object.keys(emptyDraft).map((field) => [field, draft![field]])) as ConfigDraft,
      touched: entry.touched === true,
      guard: guard === undefined ? undefined : getAddress(guard),
      proposal: proposal && { safeTxHash: proposal.safeTxHash as Hex, guard: getAddress(proposal.guard as string) },
      dryRun:
        dryRun && typeof dryRun.key === 'string' && typeof dryRun.rpcUrl === 'string'
          ? { key: dryRun.key, ok: dryRun.ok === true, rpcUrl: dryRun.rpcUrl, blockNumber: String(dryRun.blockNumber) }
          : undefined,
    },
    discarded: undefined,
  };
}

/**
 * Writes the Install progress of `safe` on `chainId` (the whole entry).
 *
 * @example
 * saveInstallProgress(31337, safe, { draft, touched: true, guard });
 */
export function saveInstallProgress(chainId: number, safe: Address, progress: InstallProgress): void {
  try {
    localStorage.setItem(
      installProgressKey(chainId, safe),
      JSON.stringify({ version: installProgressVersion, ...progress }),
    );
  } catch {
    // Storage full or disabled: the flow works on, it is only not kept across a reload.
  }
}

/**
 * Forgets the Install progress of `safe` on `chainId`: once Manifest Guard is the Safe's guard there is nothing left
 * to resume, and a later install (after the guard was removed) starts from an empty form.
 */
export function clearInstallProgress(chainId: number, safe: Address): void {
  try {
    localStorage.removeItem(installProgressKey(chainId, safe));
  } catch {
    // Storage disabled: nothing was kept.
  }
}
