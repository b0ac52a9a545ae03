import type { GuardOverview } from '../../guard/readGuard.js';
import { Countdown } from '../../ui/Countdown.js';
import { Hash } from '../../ui/Hash.js';
import { ManifestsCard } from './ManifestsCard.js';
import { RolesCard } from './RolesCard.js';

/** Manifest Guard installed: its address, whether the Safe is frozen, its roles and its manifests. */
export function GuardDetails({ overview }: { overview: GuardOverview }) {
  const frozen = overview.frozenUntil > overview.now;
  return (
    <>
      <div className="notice notice-ok" data-testid="guard-status" data-guard="manifest-guard">
        <strong>Manifest Guard is installed.</strong> <Hash value={overview.guard} testId="guard-address" />
      </div>
      <div className={frozen ? 'notice notice-error' : 'card'} data-testid="freeze-status" data-frozen={frozen}>
        {frozen ? (
          <>
            <strong>The Safe is frozen.</strong> Only rollback and emergency steps may run. The freeze ends{' '}
            <Countdown until={overview.frozenUntil} now={overview.now} testId="freeze-countdown" at />.
          </>
        ) : (
          'Not frozen.'
        )}
      </div>
      <RolesCard config={overview.config} />
      <ManifestsCard overview={overview} />
    </>
  );
}
