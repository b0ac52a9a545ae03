import type { Address } from 'viem';

import type { GuardConfig } from '../../../../shared/src/index.js';
import { duration } from '../../ui/Countdown.js';
import { Short } from '../../ui/Hash.js';

/** The guard's configuration: its roles, approval thresholds, delays, freeze bounds and the rest. */
export function RolesCard({ config }: { config: GuardConfig }) {
  const roles: [string, readonly Address[]][] = [
    ['Proposers', config.proposers],
    ['Approvers', config.approvers],
    ['Executors', config.executors],
    ['Guardians', config.guardians],
  ];
  return (
    <div className="card" data-testid="guard-config">
      <h2>Configuration and roles</h2>
      <dl className="facts">
        {roles.map(([name, members]) => (
          <div key={name} className="fact-row">
            <dt>{name}</dt>
            <dd data-testid={`role-${name.toLowerCase()}`}>
              {members.length === 0 ? 'none' : members.map((member) => <Short key={member} value={member} />)}
            </dd>
          </div>
        ))}
        <dt>Approvals</dt>
        <dd data-testid="thresholds">
          routine {config.routineThreshold}, privileged {config.privilegedThreshold} of {config.approvers.length}
        </dd>
        <dt>Delays</dt>
        <dd>
          routine {duration(config.routineDelay)}, privileged {duration(config.privilegedDelay)}
        </dd>
        <dt>Freeze</dt>
        <dd>
          at most {duration(config.maxFreeze)}, cooldown {duration(config.freezeCooldown)}
        </dd>
        <dt>MultiSendCallOnly</dt>
        <dd>
          <Short value={config.multiSendCallOnly} />
        </dd>
        <dt>Authorities</dt>
        <dd>{config.authorities.length === 0 ? 'none' : config.authorities.map((a) => <Short key={a} value={a} />)}</dd>
        <dt>Extra privileged selectors</dt>
        <dd>{config.privilegedSelectors.length === 0 ? 'none' : config.privilegedSelectors.join(', ')}</dd>
      </dl>
    </div>
  );
}
