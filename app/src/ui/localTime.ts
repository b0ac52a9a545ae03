import type { TimeFormat } from '../../../shared/src/index.js';

/**
 * A unix time (seconds) as the signer's local date and time, e.g. `3 Dec 2026, 19:05:12`: what the guard's sentences
 * and the countdowns read in the app (the CLI and logs keep UTC).
 *
 * @example
 * localTime(1796287551n); // '2 Dec 2026, 14:05:51' in a browser set to Central European Time
 */
export const localTime: TimeFormat = (seconds) =>
  new Date(Number(seconds) * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
