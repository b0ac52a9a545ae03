import { zeroHash } from 'viem';

import { ManifestKind } from '../../../../shared/src/index.js';
import { kindLabel } from '../../guard/labels.js';
import type { ManifestState } from '../../guard/readGuard.js';
import type { AsyncState } from '../../ui/useAsync.js';
import { type AssembleDraft, type DraftUpdate, withManifest } from '../draft.js';
import { RollbackField } from './RollbackField.js';

/** The release's own fields: title, ticket, kind, the window it may run in (UTC) and, for a release, its rollback. */
export function ReleaseFields({
  draft,
  update,
  rollback,
}: {
  draft: AssembleDraft;
  update: DraftUpdate;
  rollback: AsyncState<ManifestState | undefined>;
}) {
  const { manifest } = draft;
  return (
    <div className="card" data-testid="release-fields">
      <h2>Release</h2>
      <div className="row">
        <label>
          Title
          <input
            value={draft.title}
            onChange={(e) => update((d) => ({ ...d, title: e.target.value }))}
            data-testid="draft-title"
          />
        </label>
        <label>
          Ticket
          <input
            value={manifest.ticket}
            onChange={(e) => update((d) => withManifest(d, { ticket: e.target.value }))}
            data-testid="draft-ticket"
          />
        </label>
        <label>
          Kind
          <select
            value={manifest.kind}
            onChange={(e) =>
              update((d) =>
                withManifest(d, {
                  kind: Number(e.target.value),
                  rollback: Number(e.target.value) === ManifestKind.Release ? d.manifest.rollback : zeroHash,
                }),
              )
            }
            data-testid="draft-kind"
          >
            {Object.values(ManifestKind).map((kind) => (
              <option key={kind} value={kind}>
                {kindLabel(kind)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="row">
        <label>
          Opens (UTC)
          <input
            type="datetime-local"
            value={toLocal(manifest.notBefore)}
            onChange={(e) => {
              const at = fromLocal(e.target.value);
              if (at !== undefined) update((d) => withManifest(d, { notBefore: at }));
            }}
            data-testid="draft-not-before"
          />
        </label>
        <label>
          Expires (UTC)
          <input
            type="datetime-local"
            value={toLocal(manifest.expiry)}
            onChange={(e) => {
              const at = fromLocal(e.target.value);
              if (at !== undefined) update((d) => withManifest(d, { expiry: at }));
            }}
            data-testid="draft-expiry"
          />
        </label>
      </div>
      <RollbackField manifest={manifest} update={update} rollback={rollback} />
    </div>
  );
}

const toLocal = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString().slice(0, 16);
/** A `datetime-local` value read as UTC; a cleared field keeps the time it had (never 1970 or 2000). */
const fromLocal = (text: string): bigint | undefined => {
  // A cleared field gives '', which Date.parse reads as 2000-01-01 once ':00Z' is appended.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(text)) return undefined;
  const ms = Date.parse(`${text}:00Z`);
  return Number.isFinite(ms) ? BigInt(Math.floor(ms / 1000)) : undefined;
};
