import type { GuardOverview } from '../../guard/readGuard.js';
import { ManifestRow } from './ManifestRow.js';

/** Every manifest the guard knows, newest first. */
export function ManifestsCard({ overview }: { overview: GuardOverview }) {
  if (overview.manifests.length === 0) {
    return (
      <div className="card" data-testid="manifests">
        <h2>Manifests</h2>
        <p data-testid="no-manifests">No manifest is registered yet. Assemble one and register it.</p>
      </div>
    );
  }
  return (
    <div className="card" data-testid="manifests">
      <h2>Manifests</h2>
      <ul className="manifest-list">
        {[...overview.manifests].reverse().map((entry) => (
          <ManifestRow key={entry.id} entry={entry} now={overview.now} />
        ))}
      </ul>
    </div>
  );
}
