import { useState } from 'react';

import type { GuardOverview, ManifestEntry } from '../../guard/readGuard.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { useAsync } from '../../ui/useAsync.js';
import { loadManifest } from '../loadManifest.js';

/**
 * The manifest with every step's calldata (`loadManifest`): read from its registration transaction, or from the
 * release package JSON typed into `packageJson` once `applyPackage()` is called.
 *
 * @example
 * const { full, manifest, packageJson, setPackageJson, applyPackage } = useManifestSteps(overview, entry);
 */
export function useManifestSteps(overview: GuardOverview, entry: ManifestEntry) {
  const connection = useConnection();
  const [packageJson, setPackageJson] = useState('');
  const [packageApplied, setPackageApplied] = useState('');
  const full = useAsync(
    () =>
      loadManifest({
        client: connection.client,
        guard: overview.guard,
        chainId: connection.state.chainId,
        id: entry.id,
        registeredIn: entry.registeredIn,
        packageJson: packageApplied,
      }),
    [entry.id, packageApplied],
  );
  const manifest = full.status === 'done' ? full.value : undefined;
  const applyPackage = () => setPackageApplied(packageJson);
  return { full, manifest, packageJson, setPackageJson, applyPackage };
}
