import { ManifestKind, ManifestStatus } from '../../../../shared/src/index.js';
import { guardWords } from '../../guard/explain.js';
import type { GuardOverview, ManifestFacts, ManifestState } from '../../guard/readGuard.js';
import { go } from '../../routes.js';

/**
 * Once a release is halted, the way to its rollback with the guard's own answer on whether it may run now
 * (`manifestState`: `rollbackReady`, else `rollbackReason`); once the rollback manifest completed, that it ran.
 */
export function HaltedRelease({
  overview,
  state,
  facts,
}: {
  overview: GuardOverview;
  state: ManifestState;
  facts: ManifestFacts;
}) {
  if (state.status !== ManifestStatus.Halted || state.kind !== ManifestKind.Release) return null;
  const rollback = overview.manifests.find((m) => m.id.toLowerCase() === facts.rollback.toLowerCase());
  const ran = rollback?.state.status === ManifestStatus.Completed;
  const words = guardWords(state.rollbackReason);
  return (
    <div
      className="notice notice-error"
      data-testid="halted"
      data-rollback-ready={String(state.rollbackReady)}
      data-rollback-ran={String(ran)}
    >
      <strong>This release is halted.</strong>
      {ran ? (
        <p data-testid="rollback-ran">
          The rollback ran: its manifest {rollback.ticket ? `(${rollback.ticket}) ` : ''}completed.
        </p>
      ) : (
        <>
          <p data-testid="halted-rollback">
            {state.rollbackReady
              ? 'The guard lets its rollback manifest run now.'
              : `Its rollback cannot run now: ${words?.sentence ?? 'the guard does not say why.'}`}
          </p>
          <div className="actions">
            <button
              type="button"
              disabled={!state.rollbackReady}
              onClick={() => go('cosign', { manifest: facts.rollback })}
              data-testid="run-rollback"
            >
              Run the rollback
            </button>
            {!state.rollbackReady && <span data-testid="run-rollback-why">{words?.sentence}</span>}
          </div>
        </>
      )}
    </div>
  );
}
