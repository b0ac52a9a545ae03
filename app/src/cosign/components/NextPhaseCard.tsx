import type { Explanation } from '../../guard/explain.js';
import type { RemainingStep } from '../releaseCursor.js';

/** Where the proposals go, said before the button. */
export type PlacementNote = {
  nonce: bigint;
  /** `Proposes at nonce 3, replacing 0x12…ab: nonce 3 holds a step of a halted manifest (REL-42).` */
  sentence: string;
  /** Inside Safe{Wallet}: set the nonce to N in its review. */
  hostAdvice: string | undefined;
};

/**
 * The current phase: the executor to check for, the guard's verdict on the next step, where its proposals go and
 * what they replace, proposing the phase, and where Safe{Wallet} queued them if not there.
 */
export function NextPhaseCard({
  phase,
  nextStep,
  executors,
  executor,
  onExecutor,
  verdict,
  unproposed,
  placement,
  blockedBy,
  misplaced,
  busy,
  onPropose,
}: {
  phase: number;
  nextStep: number;
  executors: readonly string[];
  executor: string;
  onExecutor: (executor: string) => void;
  verdict: Explanation | undefined;
  unproposed: RemainingStep[];
  /** `undefined` when the shared queue cannot be read here (proposals go after the queue). */
  placement: PlacementNote | undefined;
  /** Why proposing must wait (the shared queue is still read, or could not be). */
  blockedBy: string | undefined;
  /** Steps Safe{Wallet} queued elsewhere than placed, each in a sentence. */
  misplaced: string[];
  busy: boolean;
  onPropose: () => void;
}) {
  return (
    <div className="card" data-testid="next-phase">
      <h2>Phase {phase + 1}</h2>
      <label>
        Executor
        <select value={executor} onChange={(e) => onExecutor(e.target.value)} data-testid="cosign-executor">
          {executors.map((address) => (
            <option key={address} value={address}>
              {address}
            </option>
          ))}
        </select>
      </label>
      {verdict && (
        <div
          className={verdict.allowed ? 'notice notice-ok' : 'notice notice-error'}
          data-testid="next-step-verdict"
          data-allowed={String(verdict.allowed)}
        >
          {verdict.allowed
            ? `Step ${nextStep + 1} would pass the guard now.`
            : `Step ${nextStep + 1} would not pass now: ${verdict.words?.sentence}`}
        </div>
      )}
      {unproposed.length > 0 && placement && (
        <div className="notice" data-testid="placement" data-nonce={placement.nonce.toString()}>
          <p>{placement.sentence}</p>
          {placement.hostAdvice && (
            <p data-testid="placement-host-nonce" data-nonce={placement.nonce.toString()}>
              <strong>{placement.hostAdvice}</strong>
            </p>
          )}
        </div>
      )}
      {unproposed.length > 0 && blockedBy && (
        <p className="muted" data-testid="placement-waiting">
          {blockedBy}
        </p>
      )}
      <button
        type="button"
        disabled={busy || unproposed.length === 0 || blockedBy !== undefined}
        onClick={onPropose}
        data-testid="propose-phase"
      >
        {unproposed.length === 0
          ? `Phase ${phase + 1} is proposed`
          : `Propose phase ${phase + 1} (${unproposed.length} Safe transaction${unproposed.length === 1 ? '' : 's'})`}
      </button>
      {misplaced.map((sentence) => (
        <div key={sentence} className="notice notice-error" data-testid="proposal-misplaced">
          {sentence}
        </div>
      ))}
    </div>
  );
}
