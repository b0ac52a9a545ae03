import { zeroHash } from 'viem';

import { type Manifest, ManifestKind } from '../../../../shared/src/index.js';
import { kindLabel, statusLabel } from '../../guard/labels.js';
import type { ManifestState } from '../../guard/readGuard.js';
import type { AsyncState } from '../../ui/useAsync.js';
import { type DraftUpdate, isHash, withManifest } from '../draft.js';

/** A release's rollback manifest id, and what the guard says of that manifest (a release needs one). */
export function RollbackField({
  manifest,
  update,
  rollback,
}: {
  manifest: Manifest;
  update: DraftUpdate;
  rollback: AsyncState<ManifestState | undefined>;
}) {
  if (manifest.kind !== ManifestKind.Release) return null;
  return (
    <>
      <label>
        Rollback manifest id
        <input
          value={manifest.rollback === zeroHash ? '' : manifest.rollback}
          onChange={(e) =>
            update((d) =>
              withManifest(d, {
                rollback: (isHash(e.target.value.trim()) ? e.target.value.trim() : zeroHash) as `0x${string}`,
              }),
            )
          }
          placeholder="0x… (register the rollback first)"
          data-testid="draft-rollback"
        />
      </label>
      {rollback.status === 'done' && (
        <p data-testid="rollback-state">
          {rollback.value
            ? `Rollback manifest: ${kindLabel(rollback.value.kind)}, ${statusLabel(rollback.value.status)}, approvals ${rollback.value.approvals} / ${rollback.value.requiredApprovals}. ` +
              'The guard lets the release start only once this rollback is approved and executable on its own terms; Inspect and Co-sign show its answer once the release is registered.'
            : manifest.rollback === zeroHash
              ? 'A release needs its rollback manifest: assemble and register the rollback first, then paste its id.'
              : 'This guard does not know that rollback id.'}
        </p>
      )}
    </>
  );
}
