import { isAddressEqual } from 'viem';

import { type CallDifferencesOptions, type SafeCallFields, callDifferences, selectorOf } from './callDifferences.js';
import type { KnownManifest, NearestStep } from './queueLabels.js';

export type NearestStepOptions = CallDifferencesOptions;
export type NearestStepReturnType = NearestStep | undefined;

/**
 * The approved step nearest to `call`, over every step of every given manifest, and the decoded fields where `call`
 * differs from it (`callDifferences`). Steps with the same target and selector come first, then those sharing one
 * of the two, then the rest; among them, the fewest differences wins (the first such step in manifest, phase and
 * step order on a tie). `undefined` when no manifest has a step. Pure: no chain access.
 *
 * @example
 * const nearest = nearestStep(queued.call, [{ id, manifest: release }]);
 * nearest?.differences; // [{ field: 'upgradeAndCall.data → initializeV2.feeCapBps_', expected: '100', actual: '101' }]
 */
export function nearestStep(
  call: SafeCallFields,
  manifests: readonly KnownManifest[],
  options: NearestStepOptions = {},
): NearestStepReturnType {
  let best: { rank: number; nearest: NearestStep } | undefined;
  for (const known of manifests) {
    known.manifest.phases.forEach((phase, phaseIndex) => {
      phase.steps.forEach((step, stepIndex) => {
        const differences = callDifferences(step, call, options);
        const sameTarget = isAddressEqual(step.to, call.to);
        const sameSelector = selectorOf(step.data) === selectorOf(call.data);
        // Likeness first (same target and selector), then the count of differences.
        const rank =
          (sameTarget && sameSelector ? 0 : sameTarget || sameSelector ? 1 : 2) * 1_000_000 + differences.length;
        if (best && best.rank <= rank) return;
        best = {
          rank,
          nearest: {
            manifestId: known.id,
            ticket: known.ticket ?? known.manifest.ticket,
            phase: phaseIndex,
            step: stepIndex,
            differences,
          },
        };
      });
    });
  }
  return best?.nearest;
}
