import { useEffect } from 'react';

import { useGuardStatus } from '../guard/useGuard.js';
import { useConnection } from '../safe/useSafeAppsSdk.js';
import { ErrorNotice } from '../ui/ErrorNotice.js';
import { Progress } from '../ui/Progress.js';
import { InstallFlow } from './components/InstallFlow.js';
import { ReversePath } from './components/ReversePath.js';
import { clearInstallProgress } from './installProgressStore.js';

/**
 * Install: configure the guard, a preflight, a dry run on a fork (the roles install it, use it and remove it again),
 * deploy, then the setGuard transaction (only for the configuration the dry run proved); and the way back.
 */
export default function Install({ params }: { params: URLSearchParams }) {
  const connection = useConnection();
  const guard = useGuardStatus(connection);
  const installed = guard.status === 'done' && guard.value.kind === 'manifest-guard';
  const { chainId, safe } = connection.state;
  // Installed: the saved progress is done with (a later install, after a removal, starts afresh).
  useEffect(() => {
    if (installed) clearInstallProgress(chainId, safe);
  }, [installed, chainId, safe]);
  if (guard.status === 'loading') return <Progress message="Reading the Safe’s guard…" />;
  if (guard.status === 'error') return <ErrorNotice error={guard.error} />;
  return (
    <section aria-labelledby="install-title">
      <h1 id="install-title">Install Manifest Guard</h1>
      {guard.value.kind === 'manifest-guard' ? (
        <ReversePath overview={guard.value.overview} />
      ) : (
        <>
          {guard.value.kind === 'foreign' && (
            <div className="notice notice-warning" data-testid="foreign-guard">
              Another guard (<code>{guard.value.guard}</code>) is installed: the setGuard transaction below must pass
              it.
            </div>
          )}
          <InstallFlow initialGuard={params.get('guard') ?? ''} />
        </>
      )}
    </section>
  );
}
