import { ManifestStatus } from '../../guard/manifest.js';
import { stepMismatch } from '../stepMatch.js';
import type { GateReason } from '../types.js';
import { type GateRule, reason } from './rule.js';

/**
 * Which step is next, and is this it: `noStepLeft` (completed), `manifestInactive` (halted or cancelled) and
 * `stepMismatch` (target, value, operation or calldata differ from the next step; drift names the step). Each
 * rejects.
 */
export const step: GateRule = ({ state, manifest, id, position, proposed }) => {
  const reasons: GateReason[] = [];
  const view = state?.manifest;
  if (!position) {
    reasons.push(
      reason('noStepLeft', 'reject', 'The manifest is completed: no step is left to execute.', { manifestId: id }),
    );
  }
  if (view?.status === ManifestStatus.Halted || view?.status === ManifestStatus.Cancelled) {
    const status = view.status === ManifestStatus.Halted ? 'halted' : 'cancelled';
    reasons.push(
      reason('manifestInactive', 'reject', `The manifest is ${status}: its steps can no longer execute.`, {
        manifestId: id,
        status,
      }),
    );
  }
  const mismatch = position && stepMismatch(manifest, position, proposed);
  if (mismatch) reasons.push(mismatch);
  return reasons;
};
