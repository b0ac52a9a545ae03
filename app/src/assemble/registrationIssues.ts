import { zeroHash } from 'viem';

import { type Manifest, ManifestKind } from '../../../shared/src/index.js';
import { kindLabel } from '../guard/labels.js';
import type { ManifestState } from '../guard/readGuard.js';
import type { AsyncState } from '../ui/useAsync.js';

/**
 * What would make a registered draft useless even though the guard registers it: no evidence sealed into it (the
 * gate holds a release without its packet), and for a Release a rollback id the guard does not know or that is not
 * a Rollback manifest (the guard's own facts about that id: the release could never start). One sentence each, with
 * what to do.
 *
 * @example
 * registrationIssues(manifest, rollback); // ['No evidence is sealed into the manifest: …']
 */
export function registrationIssues(manifest: Manifest, rollback: AsyncState<ManifestState | undefined>): string[] {
  const issues: string[] = [];
  if (manifest.evidence === zeroHash) {
    issues.push(
      'No evidence is sealed into the manifest: paste the evidence packet (its hash becomes the manifest’s evidence); ' +
        'the gate holds a release whose packet is missing.',
    );
  }
  if (manifest.kind !== ManifestKind.Release || manifest.rollback === zeroHash || rollback.status !== 'done') {
    return issues;
  }
  if (!rollback.value) {
    issues.push(
      `This guard does not know the rollback ${manifest.rollback}: register the rollback on this guard first, then ` +
        'paste its id. A release whose rollback the guard does not know can never start.',
    );
  } else if (rollback.value.kind !== ManifestKind.Rollback) {
    issues.push(
      `${manifest.rollback} is a ${kindLabel(rollback.value.kind)} manifest, not a Rollback: paste the id of the ` +
        'rollback assembled for this release.',
    );
  }
  return issues;
}
