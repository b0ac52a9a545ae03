import { useGuardStatus } from '../guard/useGuard.js';
import { useConnection } from '../safe/useSafeAppsSdk.js';
import { ErrorNotice } from '../ui/ErrorNotice.js';
import { Progress } from '../ui/Progress.js';
import { Assembler } from './components/Assembler.js';

/** Assemble a manifest: proxies and implementations, phases, rollback and evidence, lane and id, register. */
export default function Assemble() {
  const connection = useConnection();
  const guard = useGuardStatus(connection);
  if (guard.status === 'loading') return <Progress message="Reading the guard…" />;
  if (guard.status === 'error') return <ErrorNotice error={guard.error} />;
  if (guard.value.kind !== 'manifest-guard') {
    return (
      <div className="notice notice-warning" data-testid="assemble-no-guard">
        <strong>This Safe has no Manifest Guard.</strong> A manifest is bound to its guard: install the guard first.
      </div>
    );
  }
  return <Assembler overview={guard.value.overview} />;
}
