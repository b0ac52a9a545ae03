import { describeError } from '../../ui/describeError.js';
import type { AsyncState } from '../../ui/useAsync.js';

/** Whether a role action can succeed now: blocked by the guard's own refusal (an `eth_call` from this account). */
export type Refusal = AsyncState<unknown>;

/** An action the guard would refuse now, or that is still being asked about, cannot be clicked. */
export const refused = (refusal: Refusal): boolean => refusal.status !== 'done' || refusal.value !== undefined;

/** Beside a disabled action button: why the guard would refuse it now, in its own words. */
export function RefusalNote({ refusal, testId }: { refusal: Refusal; testId: string }) {
  if (refusal.status === 'loading') return <span className="hash-label">Asking the guard…</span>;
  const error = refusal.status === 'error' ? refusal.error : refusal.value;
  if (error === undefined) return null;
  const { title } = describeError(error);
  return (
    <span className="refusal" role="note" data-testid={testId}>
      The guard would refuse it now: {title}
    </span>
  );
}
