import type { HintContext } from '../../../shared/src/index.js';
import { localTime } from '../ui/localTime.js';

/**
 * How the app puts the guard's errors in words: times in the signer's local time, positions counted from one (phase 2,
 * step 1), as every screen counts them.
 */
export const appHintContext = { time: localTime, positions: 'fromOne' } as const satisfies HintContext;
