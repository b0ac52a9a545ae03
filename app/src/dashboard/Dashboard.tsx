import type { Address } from 'viem';

import { type GuardConfig, hasModuleGuard, ManifestStatus } from '../../../shared/src/index.js';
import { guardWords } from '../guard/explain.js';
import { isPending, kindLabel, laneLabel, statusLabel } from '../guard/labels.js';
import type { GuardOverview, ManifestEntry } from '../guard/readGuard.js';
import { useGuardStatus } from '../guard/useGuard.js';
import { go } from '../routes.js';
import type { SafeState } from '../safe/connection.js';
import { useConnection } from '../safe/useSafeAppsSdk.js';
import { Countdown, duration } from '../ui/Countdown.js';
import { ErrorNotice } from '../ui/ErrorNotice.js';
import { Hash, Short } from '../ui/Hash.js';
import { Progress } from '../ui/Progress.js';

/** Is the guard installed, how is it configured, is the Safe frozen, which manifests run. */
export default function Dashboard() {
  const connection = useConnection();
  const guard = useGuardStatus(connection);
  const { state } = connection;

  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">Dashboard</h1>
      <SafeSummary state={state} />
      {guard.status === 'loading' && <Progress message="Reading the guard…" />}
      {guard.status === 'error' && (
        <>
          <ErrorNotice error={guard.error} />
          <button type="button" onClick={guard.reload}>
            Retry
          </button>
        </>
      )}
      {guard.status === 'done' && guard.value.kind === 'none' && (
        <div className="notice notice-warning" data-testid="guard-status" data-guard="none">
          <strong>No guard is installed on this Safe.</strong>
          <p>Any transaction the owners sign can execute. Install Manifest Guard so only approved releases can.</p>
          <button type="button" onClick={() => go('install')} data-testid="go-install">
            Install the guard
          </button>
        </div>
      )}
      {guard.status === 'done' && guard.value.kind === 'foreign' && (
        <div className="notice notice-warning" data-testid="guard-status" data-guard="foreign">
          <strong>Another guard is installed.</strong>
          <p>
            <Hash value={guard.value.guard} /> is not a Manifest Guard for this Safe. Replacing it is a Safe transaction
            the current guard must allow.
          </p>
        </div>
      )}
      {guard.status === 'done' && guard.value.kind === 'manifest-guard' && (
        <GuardDetails overview={guard.value.overview} state={state} />
      )}
    </section>
  );
}

function SafeSummary({ state }: { state: SafeState }) {
  const unguardedModules = state.modules.length > 0 && !hasModuleGuard(state.version);
  const moduleGuardMissing =
    state.modules.length > 0 && hasModuleGuard(state.version) && (!state.guard || state.moduleGuard !== state.guard);
  return (
    <div className="card" data-testid="safe-summary">
      <h2>Safe</h2>
      <dl className="facts">
        <dt>Address</dt>
        <dd>
          <Hash value={state.safe} />
        </dd>
        <dt>Version</dt>
        <dd data-testid="safe-version">{state.version}</dd>
        <dt>Owners</dt>
        <dd>
          {state.threshold} of {state.owners.length}
        </dd>
        <dt>Nonce</dt>
        <dd data-testid="safe-nonce">{state.nonce.toString()}</dd>
        <dt>Modules</dt>
        <dd data-testid="modules">
          {state.modules.length === 0 ? 'none' : state.modules.map((m) => <Short key={m} value={m} />)}
        </dd>
      </dl>
      {unguardedModules && (
        <div className="notice notice-error" role="alert" data-testid="modules-warning">
          <strong>Modules bypass the guard on Safe {state.version}.</strong>
          <p>
            Module transactions skip transaction guards before Safe 1.5.0. Remove the modules, or upgrade the Safe to
            1.5.0 and set Manifest Guard as module guard too.
          </p>
        </div>
      )}
      {moduleGuardMissing && (
        <div className="notice notice-warning" role="alert" data-testid="module-guard-warning">
          <strong>Module transactions are not checked by the guard.</strong>
          <p>
            Safe {state.version} has a separate module guard, and it is{' '}
            {state.moduleGuard ? 'another contract' : 'not set'}. Set Manifest Guard as module guard too (Install does
            both), or remove the modules.
          </p>
        </div>
      )}
    </div>
  );
}

function GuardDetails({ overview, state }: { overview: GuardOverview; state: SafeState }) {
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
            <Countdown until={overview.frozenUntil} now={overview.now} testId="freeze-countdown" />.
          </>
        ) : (
          'Not frozen.'
        )}
      </div>
      <RolesCard config={overview.config} />
      <ManifestsCard overview={overview} state={state} />
    </>
  );
}

function RolesCard({ config }: { config: GuardConfig }) {
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

function ManifestsCard({ overview }: { overview: GuardOverview; state: SafeState }) {
  if (overview.manifests.length === 0) {
    return (
      <div className="card" data-testid="manifests">
        <h2>Manifests</h2>
        <p data-testid="no-manifests">No manifest is registered yet. Assemble one and register it.</p>
      </div>
    );
  }
  return (
    <div className="card" data-testid="manifests">
      <h2>Manifests</h2>
      <ul className="manifest-list">
        {[...overview.manifests].reverse().map((entry) => (
          <ManifestRow key={entry.id} entry={entry} now={overview.now} />
        ))}
      </ul>
    </div>
  );
}

function ManifestRow({ entry, now }: { entry: ManifestEntry; now: bigint }) {
  const { state, facts } = entry;
  const pending = isPending(state.status);
  const next = guardWords(state.reason);
  return (
    <li
      className="manifest"
      data-testid="manifest-row"
      data-manifest-id={entry.id}
      data-status={statusLabel(state.status)}
    >
      <div className="manifest-head">
        <strong>{entry.ticket || '(no ticket)'}</strong>
        <span className={`badge badge-${statusLabel(state.status).toLowerCase()}`} data-testid="manifest-status">
          {statusLabel(state.status)}
        </span>
        <span className="badge">{kindLabel(state.kind)}</span>
        <span className={`badge badge-${laneLabel(state.lane)}`} data-testid="manifest-lane">
          {laneLabel(state.lane)}
        </span>
      </div>
      <Hash value={entry.id} label="id" />
      <div data-testid="manifest-progress">
        phase {Math.min(state.nextPhase + 1, facts.phaseCount)} of {facts.phaseCount}, next step {state.nextStep + 1}
        <progress
          max={facts.phaseCount}
          value={state.status === ManifestStatus.Completed ? facts.phaseCount : state.nextPhase}
        />
      </div>
      <div>
        approvals {state.approvals} / {state.requiredApprovals}
        {pending && state.executableFrom > 0n && (
          <>
            {' '}
            · executable <Countdown until={state.executableFrom} now={now} testId="executable-countdown" />
          </>
        )}
        {pending && (
          <>
            {' '}
            · expires <Countdown until={facts.expiry} now={now} testId="expiry-countdown" />
          </>
        )}
      </div>
      {pending && (
        <div data-testid="manifest-next" data-open={String(state.open)} data-rule={next?.rule}>
          {state.open ? 'The guard lets its next step run now.' : `Next step: ${next?.sentence ?? ''}`}
        </div>
      )}
      <div className="actions">
        <button type="button" onClick={() => go('cosign', { manifest: entry.id })} data-testid="open-cosign">
          Co-sign
        </button>
      </div>
    </li>
  );
}
