import type { ReactNode } from 'react';
import type { Address } from 'viem';

import { useConnection } from '../../safe/useSafeAppsSdk.js';
import type { GuardToSet } from '../guardToSet.js';

/**
 * Step 4 of Install: the guard to set (is it a Manifest Guard for this Safe?), why setGuard may not be proposed yet,
 * and the proposal (`children`).
 */
export function SetGuardCard({
  guard,
  onGuard,
  guardAddress,
  verified,
  blocker,
  busy,
  onPropose,
  children,
}: {
  guard: string;
  onGuard: (guard: string) => void;
  guardAddress: Address | undefined;
  verified: GuardToSet | undefined;
  blocker: string | undefined;
  busy: boolean;
  onPropose: () => void;
  children?: ReactNode;
}) {
  const { state } = useConnection();
  return (
    <div className="card" data-testid="set-guard">
      <h2>4. Set the guard</h2>
      <label>
        Guard address
        <input value={guard} onChange={(e) => onGuard(e.target.value)} placeholder="0x…" data-testid="guard-input" />
      </label>
      {guardAddress && verified && (
        <p data-testid="guard-verified" data-ok={String(verified.forSafe)}>
          {verified.forSafe
            ? 'This is a Manifest Guard for this Safe.'
            : 'This address is not a Manifest Guard for this Safe: setting it could lock the Safe.'}
        </p>
      )}
      {verified?.forSafe && blocker && (
        <p className="field-error" data-testid="propose-blocked">
          {blocker}
        </p>
      )}
      <button
        type="button"
        disabled={busy || !verified?.forSafe || blocker !== undefined}
        onClick={onPropose}
        data-testid="propose-set-guard"
      >
        Propose setGuard{state.version && ` (Safe ${state.version})`}
      </button>
      {children}
    </div>
  );
}
