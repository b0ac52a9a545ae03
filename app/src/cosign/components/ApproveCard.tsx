import { ManifestStatus } from '../../../../shared/src/index.js';
import type { ManifestState } from '../../guard/readGuard.js';

/** Not approved yet, or approvals lapsed: how many approvals the manifest has, and an approve button. */
export function ApproveCard({
  state,
  signer,
  busy,
  onApprove,
}: {
  state: ManifestState;
  /** The connected wallet's label, if any. */
  signer: string | undefined;
  busy: boolean;
  onApprove: () => void;
}) {
  return (
    <div className="card" data-testid="needs-approval">
      <p>
        {state.status === ManifestStatus.Registered ? 'Not approved yet' : 'Approvals lapsed'}: {state.approvals} of{' '}
        {state.requiredApprovals} approvals from current approvers. Approvers approve with their own account.
      </p>
      <button type="button" disabled={busy} onClick={onApprove} data-testid="approve">
        Approve as {signer ?? 'approver'}
      </button>
    </div>
  );
}
