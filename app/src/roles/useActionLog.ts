import { useCallback, useState } from 'react';
import type { Address } from 'viem';

import { type ActionLogEntry, appendActionLog, readActionLog } from './actionLog.js';

/**
 * The page's log of actions on `guard` (kept in this browser) and a way to add one.
 *
 * @example
 * const [log, append] = useActionLog(overview.guard);
 */
export function useActionLog(guard: Address): [ActionLogEntry[], (entry: ActionLogEntry) => void] {
  const [log, setLog] = useState(() => readActionLog(guard));
  const append = useCallback((entry: ActionLogEntry) => setLog(appendActionLog(guard, entry)), [guard]);
  return [log, append];
}
