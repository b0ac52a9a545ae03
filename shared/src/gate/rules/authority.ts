import { declaredMinTimelockDelay } from '../../authority/declared.js';
import { describeHolder } from '../../authority/classifyHolder.js';
import { withExpectations } from '../../authority/findings.js';
import type { GateValue } from '../types.js';
import { type GateRule, reason } from './rule.js';

/**
 * The authority map of the package's proxies: each finding holds as `authority:<kind>`, with the proxy, the final
 * authority and, when it was classified, what that holder is (`holder`: "EOA", "Safe 1.5.0, 1 of 3, no guard", …).
 * The team's expectations are applied first: the declared authorities (`parameters.declared`) turn a path to anyone
 * else into `undeclaredPath`, and the package's `"x-manifest-guard": { "minTimelockDelay": … }` makes a shorter
 * timelock holder `holderIsShortTimelock`.
 *
 * @throws {AuthorityInputError} when the package's `minTimelockDelay` is not a whole number of seconds.
 */
export const authority: GateRule = ({ authority: map, parameters, pkg }) => {
  if (!map) return [];
  const { findings } = withExpectations(map, {
    declared: parameters.declared,
    minTimelockDelay: declaredMinTimelockDelay(pkg),
  });
  return findings.map((finding) => {
    const values: { [name: string]: GateValue } = {
      proxy: finding.proxy,
      authority: finding.path?.authority ?? null,
    };
    if (finding.path?.holder) values.holder = describeHolder(finding.path.holder);
    return reason(`authority:${finding.kind}`, 'hold', finding.message, values);
  });
};
