import { UsageError } from './errors.js';

/** Seconds from `3600`, `90s`, `30m`, `2h`, `7d`. */
export function parseDuration(value: string, where: string): bigint {
  const match = /^([0-9]+)([smhd]?)$/.exec(value.trim());
  if (!match) {
    throw new UsageError(`${where} "${value}" is not a duration.`, 'Use seconds (3600) or 30m, 2h, 7d.');
  }
  const unit = { '': 1n, s: 1n, m: 60n, h: 3600n, d: 86_400n }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return BigInt(match[1]!) * unit;
}
