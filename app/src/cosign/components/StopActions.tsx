import { ManifestKind, ManifestStatus } from '../../../../shared/src/index.js';
import { guardWords } from '../../guard/explain.js';
import type { ManifestFacts, ManifestState } from '../../guard/readGuard.js';
import { go } from '../../routes.js';

/**
 * A guardian's halt while the manifest has not ended; once a release is halted, the way to its rollback, with the
 * guard's own answer on whether the rollback may run now.
 */
export function StopActions({
  state,
  facts,
  busy,
  onHalt,
}: {
  state: ManifestState;
  facts: ManifestFacts;
  busy: boolean;
  onHalt: () => void;
}) {
  if (state.status === ManifestStatus.Approved || state.status === ManifestStatus.Registered) {
    return (
      <div className="card" data-testid="halt-card">
        <h2>Stop</h2>
        <p>A guardian halts the manifest: its remaining steps are blocked and its rollback may run at once.</p>
        <button type="button" className="danger" disabled={busy} onClick={onHalt} data-testid="halt">
          Halt
        </button>
      </div>
    );
  }
  if (state.status === ManifestStatus.Halted && state.kind === ManifestKind.Release) {
    const words = guardWords(state.rollbackReason);
    return (
      <div className="notice notice-error" data-testid="halted" data-rollback-ready={String(state.rollbackReady)}>
        <strong>This release is halted.</strong>
        <p data-testid="halted-rollback">
          {state.rollbackReady
            ? 'The guard lets its rollback manifest run now.'
            : `Its rollback cannot run now: ${words?.sentence ?? 'the guard does not say why.'}`}
        </p>
        <button type="button" onClick={() => go('cosign', { manifest: facts.rollback })} data-testid="run-rollback">
          Run the rollback
        </button>
      </div>
    );
  }
  return null;
}
