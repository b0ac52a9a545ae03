import { ManifestKind, ManifestStatus } from '../../../../shared/src/index.js';
import { guardWords } from '../../guard/explain.js';
import type { ManifestFacts, ManifestState } from '../../guard/readGuard.js';
import { go } from '../../routes.js';

/** Once a release is halted, the way to its rollback, with the guard's own answer on whether it may run now. */
export function HaltedRelease({ state, facts }: { state: ManifestState; facts: ManifestFacts }) {
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
