import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Hex } from 'viem';

import { upgradeRelease, upgradeRollback } from '../demo/releasePlan.js';
import type { LocalDesk } from '../devnet/localDesk.js';
import { manifestId } from '../hashing/manifestId.js';
import { fromManifest } from '../package/fromManifest.js';
import { serializeReleasePackage } from '../package/serializeReleasePackage.js';

export type WriteSamplePackagesReturnType = {
  /** REL-42: the two-phase release (Transparent canary, then UUPS and Beacon). */
  release: { path: string; manifestId: Hex };
  /** RB-42: its rollback, registered (and approved) before the release can run. */
  rollback: { path: string; manifestId: Hex };
};

/**
 * Writes the desk's sample release packages (REL-42 and its rollback RB-42, from `demo/releasePlan`) to `dir`,
 * ready for `manifest-guard register` or the app's Assemble import. Files from an earlier start are replaced.
 *
 * @example
 * const { release } = await writeSamplePackages(desk, '/tmp/manifest-guard-desk', now);
 */
export async function writeSamplePackages(
  desk: LocalDesk,
  dir: string,
  now: bigint,
): Promise<WriteSamplePackagesReturnType> {
  await mkdir(dir, { recursive: true });
  const context = { chainId: desk.chainId, safe: desk.safe, guard: desk.guard };
  const rollback = upgradeRollback(desk, now);
  const rollbackId = manifestId({ manifest: rollback, chainId: desk.chainId, guard: desk.guard });
  const release = upgradeRelease(desk, now, rollbackId);
  const releaseId = manifestId({ manifest: release, chainId: desk.chainId, guard: desk.guard });
  const files = {
    rollback: join(dir, 'rb-42.rollback.json'),
    release: join(dir, 'rel-42.release.json'),
  };
  await writeFile(
    files.rollback,
    serializeReleasePackage(fromManifest({ manifest: rollback, ...context, title: 'RB-42 every proxy back to v1' })),
  );
  await writeFile(
    files.release,
    serializeReleasePackage(
      fromManifest({
        manifest: release,
        ...context,
        title: 'REL-42 pool and vault v2',
        description: 'Canary: the Transparent pool to v2 (1 h soak). Then the UUPS vault and the Beacon pools.',
      }),
    ),
  );
  return {
    release: { path: files.release, manifestId: releaseId },
    rollback: { path: files.rollback, manifestId: rollbackId },
  };
}
