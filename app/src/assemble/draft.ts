import { type Hex, zeroHash } from 'viem';

import { type Manifest, ManifestKind, type Phase } from '../../../shared/src/index.js';

/** What the release engineer is assembling: the manifest in the guard's ABI form plus the human fields. */
export type AssembleDraft = {
  title: string;
  description: string;
  manifest: Manifest;
  /** The evidence packet as typed or imported (JSON text). */
  evidenceJson: string;
};

const day = 86_400n;

export const emptyPhase = (minSoak = 3_600n): Phase => ({ steps: [], checks: [], conditions: [], minSoak });

/** A new draft: a Release opening now for 30 days, one phase. */
export function emptyDraft(now: bigint): AssembleDraft {
  return {
    title: '',
    description: '',
    evidenceJson: '',
    manifest: {
      kind: ManifestKind.Release,
      ticket: '',
      notBefore: now,
      expiry: now + 30n * day,
      rollback: zeroHash,
      evidence: zeroHash,
      phases: [emptyPhase()],
    },
  };
}

/** JSON with bigints (`{"$bigint":"…"}`), so a draft survives localStorage exactly. */
export const encodeDraft = (draft: AssembleDraft): string =>
  JSON.stringify(draft, (_, value) => (typeof value === 'bigint' ? { $bigint: value.toString() } : value));

export const decodeDraft = (text: string): AssembleDraft =>
  JSON.parse(text, (_, value) =>
    value && typeof value === 'object' && typeof value.$bigint === 'string' ? BigInt(value.$bigint) : value,
  ) as AssembleDraft;

export type DraftUpdate = (update: (draft: AssembleDraft) => AssembleDraft) => void;

export const withManifest = (draft: AssembleDraft, manifest: Partial<Manifest>): AssembleDraft => ({
  ...draft,
  manifest: { ...draft.manifest, ...manifest },
});

export const isHash = (value: string): value is Hex => /^0x[0-9a-fA-F]{64}$/.test(value);
