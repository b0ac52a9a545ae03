import { ManifestStatus } from '../../guard/manifest.js';
import { namedGuardReason } from '../guardReason.js';
import { stepMismatch } from '../stepMatch.js';
import { type GateRule, reason } from './rule.js';

/**
 * The guard's own verdict on this transaction (`explainTransaction`): its error, decoded (the on-chain rule wins);
 * `otherManifest` when it would run the transaction as a step of another live manifest; offline, `offline`, which
 * holds whatever else passes.
 */
export const guardVerdict: GateRule = ({ state, id, manifest, proposed, chainId }) => {
  if (!state) {
    return [
      reason(
        'offline',
        'hold',
        `No chain was read: registration, approvals, the cursor, the freeze and the guard's own verdict are unknown, ` +
          `so the gate cannot release. Pass an RPC of chain ${chainId} (--rpc or MANIFEST_GUARD_RPC).`,
        { chainId },
      ),
    ];
  }
  const { verdict } = state;
  if (verdict.allowed === false) {
    const guardReason = namedGuardReason(verdict.reason);
    // The guard knows only registered manifests: for one not registered yet, "no matching step" is expected as
    // long as the transaction is the manifest's first step; registration is what is missing.
    if (
      state.manifest.status === ManifestStatus.None &&
      guardReason.rule === 'guard:ManifestGuardNoMatchingStep' &&
      !stepMismatch(manifest, { phase: 0, step: 0 }, proposed)
    ) {
      guardReason.decision = 'hold';
      guardReason.message += ` Manifest ${id} is not registered yet, so the guard knows no step of it; once it is registered and approved, this is its first step.`;
    }
    return [guardReason];
  }
  if (verdict.manifestId.toLowerCase() === id.toLowerCase()) return [];
  return [
    reason(
      'otherManifest',
      'hold',
      `The guard would execute this transaction as step ${verdict.step} of phase ${verdict.phase} of ` +
        `manifest ${verdict.manifestId}, not of ${id}: the step belongs to that manifest while it is live.`,
      { manifestId: verdict.manifestId, phase: verdict.phase.toString(), step: verdict.step.toString() },
    ),
  ];
};
