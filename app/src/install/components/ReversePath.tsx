import { stepReasons } from '../../../../shared/src/index.js';
import type { GuardOverview } from '../../guard/readGuard.js';
import { go } from '../../routes.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { Hash } from '../../ui/Hash.js';
import { removalCall } from '../installSteps.js';

/** Installed: how the guard is removed or replaced (a privileged manifest), with the step it takes. */
export function ReversePath({ overview }: { overview: GuardOverview }) {
  const { state } = useConnection();
  const removal = removalCall(state, overview.config.multiSendCallOnly);
  const reasons = stepReasons(removal, 0, 0, {
    safe: state.safe,
    guard: overview.guard,
    multiSendCallOnly: overview.config.multiSendCallOnly,
    fallbackHandler: overview.fallbackHandler,
  });
  return (
    <>
      <div className="notice notice-ok" data-testid="install-done">
        <strong>Manifest Guard is installed on this Safe.</strong> <Hash value={overview.guard} />
      </div>
      <div className="card" data-testid="reverse-path">
        <h2>Removing or replacing it</h2>
        <p>
          The guard only lets approved manifest steps through, so it is changed the same way: a proposer registers a{' '}
          <strong>privileged</strong> manifest whose step is the Safe transaction below (setGuard to the zero address to
          remove it, or to a new guard to replace it); {overview.config.privilegedThreshold} approvers approve it; after
          the privileged delay an executor executes it through the Safe as usual.
        </p>
        <p>
          Lane of the removal step:{' '}
          <strong data-testid="removal-lane">{reasons.length > 0 ? 'privileged' : 'routine'}</strong> (
          {reasons.map((reason) => reason.detail).join('; ')}).
        </p>
        <dl className="facts">
          <dt>to</dt>
          <dd>
            <code>{removal.to}</code>
          </dd>
          <dt>operation</dt>
          <dd>{removal.operation === 1 ? '1 (delegatecall to MultiSendCallOnly)' : '0 (call)'}</dd>
          <dt>data</dt>
          <dd>
            <code data-testid="removal-data">{removal.data}</code>
          </dd>
        </dl>
        <button type="button" className="secondary" onClick={() => go('assemble')}>
          Assemble the privileged manifest
        </button>
      </div>
    </>
  );
}
