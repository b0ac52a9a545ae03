import { zeroAddress } from 'viem';

import { Hash } from '../../ui/Hash.js';
import type { UnguardedInspection } from '../inspectUnguarded.js';
import { DecodedCallView } from './DecodedCallView.js';
import { HashMismatchNotice } from './HashMismatchNotice.js';
import { HashesCard } from './HashesCard.js';

/** The signer's view of a Safe transaction on a Safe without Manifest Guard: no verdict, the rest as usual. */
export function UnguardedInspectionView({ inspection }: { inspection: UnguardedInspection }) {
  const { hashes, guardsSet, simulation } = inspection;
  return (
    <div data-testid="inspection" data-guard="none">
      {inspection.claimedHashMismatch && (
        <HashMismatchNotice claimed={inspection.claimedHashMismatch} computed={hashes.safeTxHash} />
      )}
      <div className="notice notice-warning" role="status" data-testid="inspect-no-verdict">
        This Safe has no Manifest Guard yet: no guard verdict. Check the decoded calls and the hashes below yourself.
      </div>
      <HashesCard hashes={hashes} nonce={inspection.nonce} />
      <div className="card">
        <h2>What it does</h2>
        <ul className="calls" data-testid="inspect-decoded">
          <DecodedCallView call={inspection.decoded} />
        </ul>
      </div>
      <div className="card">
        <h2>Checks</h2>
        <dl className="facts">
          {guardsSet.map(({ functionName, guard, forSafe }, index) => (
            <div className="fact-row" key={index}>
              <dt>{functionName}</dt>
              <dd data-testid="inspect-guard-set" data-for-safe={String(forSafe)}>
                {guard === zeroAddress ? (
                  'removes the guard'
                ) : (
                  <>
                    <Hash value={guard} />{' '}
                    {forSafe
                      ? 'is a Manifest Guard for this Safe (its SAFE() is this Safe).'
                      : 'is not a Manifest Guard for this Safe: setting it could lock the Safe. Do not sign.'}
                  </>
                )}
              </dd>
            </div>
          ))}
          <dt>Dry run</dt>
          <dd data-testid="inspect-simulation" data-outcome={simulation.outcome}>
            {simulation.detail}
          </dd>
        </dl>
      </div>
    </div>
  );
}
