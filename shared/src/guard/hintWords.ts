import { statusName } from './manifest.js';

/**
 * The guard's values in words, for people: addresses and ids shortened, unix times as UTC dates, seconds as
 * durations, statuses, kinds, role bits and operations by name.
 */

/** `0x1234…abcd`. */
export const short = (value: unknown): string => {
  const text = String(value);
  return text.length > 14 ? `${text.slice(0, 6)}…${text.slice(-4)}` : text;
};

/** Unix seconds as `2026-01-02T03:04:05Z`. */
export const utc = (seconds: unknown): string => new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z');

/** Seconds as `2 d 3 h`, `45 min 10 s`, `0 s`. */
export function duration(seconds: unknown): string {
  let left = BigInt(seconds as bigint);
  if (left < 0n) left = -left;
  const units: [bigint, string][] = [
    [86_400n, 'd'],
    [3_600n, 'h'],
    [60n, 'min'],
    [1n, 's'],
  ];
  const parts: string[] = [];
  for (const [size, unit] of units) {
    if (left >= size && parts.length < 2) {
      parts.push(`${left / size} ${unit}`);
      left %= size;
    } else if (parts.length > 0) break;
  }
  return parts.length > 0 ? parts.join(' ') : '0 s';
}

/** How a unix time reads: `utc` by default (logs and CI), a local date and time in the app. */
export type TimeFormat = (seconds: unknown) => string;

/** `at <date> (in 2 h)` / `at <date> (3 min ago)` relative to the block's `timestamp`. */
export const when = (at: unknown, timestamp: unknown, time: TimeFormat = utc): string => {
  const delta = BigInt(at as bigint) - BigInt(timestamp as bigint);
  return `${time(at)} (${delta >= 0n ? `in ${duration(delta)}` : `${duration(delta)} ago`}, block time ${time(timestamp)})`;
};

const statusWords: Record<string, string> = {
  None: 'not registered',
  Registered: 'registered but not approved yet',
  Approved: 'already approved',
  Completed: 'already completed',
  Halted: 'halted',
  Cancelled: 'cancelled',
};
export const statusWord = (status: unknown) => statusWords[statusName(Number(status))] ?? `in status ${String(status)}`;
export const kindName = (kind: unknown) => ['Release', 'Rollback', 'Emergency'][Number(kind)] ?? `kind ${String(kind)}`;
const roleNames: [number, string][] = [
  [1, 'proposer'],
  [2, 'approver'],
  [4, 'executor'],
  [8, 'guardian'],
];
export const roles = (bits: unknown) =>
  roleNames
    .filter(([bit]) => (Number(bits) & bit) !== 0)
    .map(([, name]) => name)
    .join(' and ') || 'no role';
export const operationName = (operation: unknown) =>
  Number(operation) === 0 ? 'call' : Number(operation) === 1 ? 'delegatecall' : `operation ${String(operation)}`;
