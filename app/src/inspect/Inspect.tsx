import { useGuardStatus } from '../guard/useGuard.js';
import { useConnection } from '../safe/useSafeAppsSdk.js';
import { ErrorNotice } from '../ui/ErrorNotice.js';
import { Progress } from '../ui/Progress.js';
import { Inspector } from './components/Inspector.js';

/** The signer's screen: what a pending Safe transaction does and whether the guard will let it through. */
export default function Inspect({ params }: { params: URLSearchParams }) {
  const connection = useConnection();
  const guard = useGuardStatus(connection);
  if (guard.status === 'loading') return <Progress message="Reading the guard…" />;
  if (guard.status === 'error') return <ErrorNotice error={guard.error} />;
  if (guard.value.kind !== 'manifest-guard') {
    return (
      <div className="notice notice-warning" data-testid="inspect-no-guard">
        <strong>This Safe has no Manifest Guard.</strong>
        <p>
          Every transaction the owners sign can execute; there is no manifest to check it against. Install the guard
          first.
        </p>
      </div>
    );
  }
  return <Inspector overview={guard.value.overview} params={params} />;
}
