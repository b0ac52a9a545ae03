import { ManifestStatus } from '../../../../shared/src/index.js';
import type { ManifestState } from '../../guard/readGuard.js';
import { type Refusal, RefusalNote, refused } from './RefusalNote.js';

/** Not approved yet, or approvals lapsed: how many approvals the manifest has, and an approver's approve button. */
export function ApproveCard({
  state,
  signer,
  refusal,
  busy,
  onApprove,
}: {
  state: ManifestState;
  /** The connected wallet's label, if any. */
  signer: string | undefined;
  refusal: Refusal;
  busy: boolean;
  onApprove: () => void;
}) {
  return (
    <div className="card" data-testid="needs-approval">
      <p>
        {state.status === ManifestStatus.Registered ? 'Not approved yet' : 'Approvals lapsed'}: {state.approvals} of{' '}
        {state.requiredApprovals} approvals from current approvers. Approvers approve with their own account.
      </p>
      <button type="button" disabled={busy || refused(refusal)} onClick={onApprove} data-testid="approve">
        Approve as {signer ?? 'approver'}
      </button>{' '}
      <RefusalNote refusal={refusal} testId="approve-refused" />
    </div>
  );
}
