import { useGuardStatus } from '../guard/useGuard.js';
import { useConnection } from '../safe/useSafeAppsSdk.js';
import { ErrorNotice } from '../ui/ErrorNotice.js';
import { Progress } from '../ui/Progress.js';
import { Inspector } from './components/Inspector.js';
import { UnguardedInspector } from './components/UnguardedInspector.js';

/** The signer's screen: what a pending Safe transaction does and whether the guard will let it through. */
export default function Inspect({ params }: { params: URLSearchParams }) {
  const connection = useConnection();
  const guard = useGuardStatus(connection);
  if (guard.status === 'loading') return <Progress message="Reading the guard…" />;
  if (guard.status === 'error') return <ErrorNotice error={guard.error} />;
  // No Manifest Guard (none yet, or another guard): decode and hash, with no guard verdict.
  if (guard.value.kind !== 'manifest-guard') return <UnguardedInspector params={params} />;
  return <Inspector overview={guard.value.overview} params={params} />;
}
