import type { Explanation } from '../../guard/explain.js';
import type { RemainingStep } from '../releaseCursor.js';

/** The current phase: the executor to check for, the guard's verdict on the next step, and proposing the phase. */
export function NextPhaseCard({
  phase,
  nextStep,
  executors,
  executor,
  onExecutor,
  verdict,
  unproposed,
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
      <button type="button" disabled={busy || unproposed.length === 0} onClick={onPropose} data-testid="propose-phase">
        {unproposed.length === 0
          ? `Phase ${phase + 1} is proposed`
          : `Propose phase ${phase + 1} (${unproposed.length} Safe transaction${unproposed.length === 1 ? '' : 's'})`}
      </button>
    </div>
  );
}
