import { type GateRule, reason } from './rule.js';

/** The manifest's shape: `invalidShape` (rejects) when the guard (or, offline, the classifier) refuses to classify it. */
export const lane: GateRule = ({ lane }) => (lane.error ? [reason('invalidShape', 'reject', lane.error, {})] : []);
