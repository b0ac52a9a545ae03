import { type GateRule, reason } from './rule.js';

/** The authority map of the package's proxies: each finding holds as `authority:<kind>`. */
export const authority: GateRule = ({ authority }) =>
  (authority?.findings ?? []).map((finding) =>
    reason(`authority:${finding.kind}`, 'hold', finding.message, {
      proxy: finding.proxy,
      authority: finding.path?.authority ?? null,
    }),
  );
