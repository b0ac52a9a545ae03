import { useEffect, useState } from 'react';

import { localTime } from './localTime.js';

/**
 * "in 1 h 02 min" / "3 min ago", as of a chain timestamp, ticking every second from `now` (seconds); with `at`, the
 * signer's local date and time first: "3 Dec 2026, 19:05:12 (in 1 h 02 min)".
 */
export function Countdown({ until, now, testId, at }: { until: bigint; now: bigint; testId?: string; at?: boolean }) {
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => setOffset(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [now]);
  const remaining = Number(until - now) - offset;
  const iso = new Date(Number(until) * 1000).toISOString();
  const relative = (
    <span data-testid={testId} title={iso}>
      {remaining > 0 ? `in ${duration(remaining)}` : `${duration(-remaining)} ago`}
    </span>
  );
  if (!at) return relative;
  return (
    <>
      <time dateTime={iso}>{localTime(until)}</time> ({relative})
    </>
  );
}

/** Seconds as `2 d 03 h`, `1 h 05 min`, `4 min 09 s`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d} d ${pad(h)} h`;
  if (h > 0) return `${h} h ${pad(m)} min`;
  if (m > 0) return `${m} min ${pad(s % 60)} s`;
  return `${s % 60} s`;
}
