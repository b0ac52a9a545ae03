import type { Hex } from 'viem';

/** The queue's safeTxHash differs from the one the transaction hashes to: never sign. */
export function HashMismatchNotice({ claimed, computed }: { claimed: Hex; computed: Hex }) {
  return (
    <div className="notice notice-error" role="alert" data-testid="hash-mismatch">
      <strong>The queue’s safeTxHash does not match this transaction.</strong>
      <p>
        The queue says {claimed}, the transaction hashes to {computed}. Do not sign: what you would sign is not what is
        shown.
      </p>
    </div>
  );
}
