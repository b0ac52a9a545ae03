import { isPending } from '../guard/labels.js';
import { useGuardStatus } from '../guard/useGuard.js';
import { useConnection } from '../safe/useSafeAppsSdk.js';
import { ErrorNotice } from '../ui/ErrorNotice.js';
import { Progress } from '../ui/Progress.js';
import { ManifestPicker } from './components/ManifestPicker.js';
import { Release } from './components/Release.js';

/** Co-sign and release: propose the next phase, confirmations, execute, attest "continue", halt, roll back. */
export default function CoSign({ params }: { params: URLSearchParams }) {
  const connection = useConnection();
  const guard = useGuardStatus(connection);
  const selected = params.get('manifest') ?? '';
  if (guard.status === 'loading') return <Progress message="Reading the guard…" />;
  if (guard.status === 'error') return <ErrorNotice error={guard.error} />;
  if (guard.value.kind !== 'manifest-guard') {
    return (
      <div className="notice notice-warning" data-testid="cosign-no-guard">
        <strong>This Safe has no Manifest Guard.</strong> Install it first: there is no manifest to release.
      </div>
    );
  }
  const { overview } = guard.value;
  const entries = [...overview.manifests].reverse();
  // By default the manifest whose next step the guard would let run now, else the latest still pending.
  const entry =
    entries.find((item) => item.id === selected) ??
    entries.find((item) => item.state.open) ??
    entries.find((item) => isPending(item.state.status)) ??
    entries[0];
  return (
    <section aria-labelledby="cosign-title">
      <h1 id="cosign-title">Co-sign and release</h1>
      {entries.length === 0 ? (
        <p data-testid="cosign-empty">No manifest is registered on this guard yet.</p>
      ) : (
        <ManifestPicker entries={entries} selected={entry} />
      )}
      {entry && <Release key={entry.id} overview={overview} entry={entry} reload={guard.reload} />}
    </section>
  );
}
