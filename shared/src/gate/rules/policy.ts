import { evaluatePolicy } from '../../policy/evaluatePolicy.js';
import { type GateRule, reason } from './rule.js';

/** The team's policy (`parsePolicy`): each unmet rule holds as `policy:<rule>`. */
export const policy: GateRule = ({ parameters, pkg, lane }) =>
  parameters.policy
    ? evaluatePolicy(parameters.policy, pkg, { lane: lane.lane, evidence: parameters.evidence }).map((finding) =>
        reason(`policy:${finding.rule}`, 'hold', `Policy: ${finding.message}`, finding.values),
      )
    : [];
