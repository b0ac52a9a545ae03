import type { Address } from 'viem';

import { Hash } from '../../ui/Hash.js';

/** Another contract is the Safe's guard: replacing it is a Safe transaction that guard must allow. */
export function ForeignGuardNotice({ guard }: { guard: Address }) {
  return (
    <div className="notice notice-warning" data-testid="guard-status" data-guard="foreign">
      <strong>Another guard is installed.</strong>
      <p>
        <Hash value={guard} /> is not a Manifest Guard for this Safe. Replacing it is a Safe transaction the current
        guard must allow.
      </p>
    </div>
  );
}
