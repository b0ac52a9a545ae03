import type { Inspection } from '../inspectTransaction.js';
import { ClearSigningCard } from './ClearSigningCard.js';
import { DecodedCallView } from './DecodedCallView.js';
import { HashMismatchNotice } from './HashMismatchNotice.js';
import { HashesCard } from './HashesCard.js';
import { RulesCard } from './RulesCard.js';
import { VerdictNotice } from './VerdictNotice.js';

/** The signer's view of one Safe transaction. */
export function InspectionView({ inspection }: { inspection: Inspection }) {
  const { verdict, manifest, hashes } = inspection;
  return (
    <div data-testid="inspection">
      {inspection.claimedHashMismatch && (
        <HashMismatchNotice claimed={inspection.claimedHashMismatch} computed={hashes.safeTxHash} />
      )}
      <VerdictNotice verdict={verdict} manifest={manifest} />

      <HashesCard hashes={hashes} nonce={inspection.nonce} />
      <ClearSigningCard step={inspection.onDevice.step} approval={inspection.onDevice.approval} />

      <div className="card">
        <h2>What it does</h2>
        <ul className="calls" data-testid="inspect-decoded">
          <DecodedCallView call={inspection.decoded} />
        </ul>
      </div>

      <RulesCard inspection={inspection} />
    </div>
  );
}
