import { Hash } from '../../ui/Hash.js';
import type { Inspection } from '../inspectTransaction.js';

/** The safeTxHash with its EIP-712 domain and message hashes and the nonce, to compare with a hardware wallet. */
export function HashesCard({ hashes, nonce }: Pick<Inspection, 'hashes' | 'nonce'>) {
  return (
    <div className="card">
      <h2>Compare with your hardware wallet</h2>
      <dl className="facts">
        <dt>safeTxHash</dt>
        <dd>
          <Hash value={hashes.safeTxHash} testId="inspect-safe-tx-hash" />
        </dd>
        <dt>Domain hash</dt>
        <dd>
          <Hash value={hashes.domainHash} testId="inspect-domain-hash" />
        </dd>
        <dt>Message hash</dt>
        <dd>
          <Hash value={hashes.messageHash} testId="inspect-message-hash" />
        </dd>
        <dt>Nonce</dt>
        <dd data-testid="inspect-nonce">{nonce.toString()}</dd>
      </dl>
    </div>
  );
}
