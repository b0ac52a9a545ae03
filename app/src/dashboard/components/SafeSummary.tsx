import { hasModuleGuard } from '../../../../shared/src/index.js';
import type { SafeState } from '../../safe/connection.js';
import { Hash, Short } from '../../ui/Hash.js';

/** The Safe: address, version, owners, nonce, modules, and a warning when modules bypass the guard. */
export function SafeSummary({ state }: { state: SafeState }) {
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
