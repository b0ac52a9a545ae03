import { go } from '../../routes.js';

/** No guard on the Safe: any signed transaction can execute; the way to Install. */
export function NoGuardNotice() {
  return (
    <div className="notice notice-warning" data-testid="guard-status" data-guard="none">
      <strong>No guard is installed on this Safe.</strong>
      <p>Any transaction the owners sign can execute. Install Manifest Guard so only approved releases can.</p>
      <button type="button" onClick={() => go('install')} data-testid="go-install">
        Install the guard
      </button>
    </div>
  );
}
