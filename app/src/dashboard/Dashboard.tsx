import { Suspense, lazy } from 'react';

import { useGuardStatus } from '../guard/useGuard.js';
import { useNewBlocks } from '../safe/useNewBlocks.js';
import { useConnection } from '../safe/useSafeAppsSdk.js';
import { ErrorNotice } from '../ui/ErrorNotice.js';
import { Progress } from '../ui/Progress.js';
import { ForeignGuardNotice } from './components/ForeignGuardNotice.js';
import { GuardDetails } from './components/GuardDetails.js';
import { NoGuardNotice } from './components/NoGuardNotice.js';
import { SafeSummary } from './components/SafeSummary.js';

/** Reads the chain at length (every proxy's authority and each holder): its own chunk, after the guard's facts. */
const AuthorityCard = lazy(() => import('./components/AuthorityCard.js'));

/** Is the guard installed, how is it configured, is the Safe frozen, which manifests run. */
export default function Dashboard() {
  const connection = useConnection();
  const guard = useGuardStatus(connection);
  const { state } = connection;
  // The Safe itself is re-read on new blocks (SafeProvider); the guard's manifests, freeze and clock are read here.
  useNewBlocks(connection.client, guard.reload);

  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">Dashboard</h1>
      <SafeSummary state={state} />
      {guard.status === 'loading' && <Progress message="Reading the guard…" />}
      {guard.status === 'error' && (
        <>
          <ErrorNotice error={guard.error} />
          <button type="button" onClick={guard.reload}>
            Retry
          </button>
        </>
      )}
      {guard.status === 'done' && guard.value.kind === 'none' && <NoGuardNotice />}
      {guard.status === 'done' && guard.value.kind === 'foreign' && <ForeignGuardNotice guard={guard.value.guard} />}
      {guard.status === 'done' && guard.value.kind === 'manifest-guard' && (
        <>
          <GuardDetails overview={guard.value.overview} />
          <Suspense fallback={<Progress message="Loading the authority map…" testId="authority-loading" />}>
            <AuthorityCard client={connection.client} safe={state.safe} manifests={guard.value.overview.manifests} />
          </Suspense>
        </>
      )}
    </section>
  );
}
