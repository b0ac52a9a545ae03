import type { Address } from 'viem';

import { Hash } from '../../ui/Hash.js';

/**
 * Step 3 of Install: deploy the guard from the connected wallet once the preflight passed; a guard already deployed
 * for this Safe (just now, or kept in this browser and checked on chain) is shown.
 */
export function DeployCard({
  passed,
  deployed,
  signer,
  busy,
  onDeploy,
}: {
  /** The preflight passed for the configuration shown. */
  passed: boolean;
  /** A Manifest Guard for this Safe, deployed and not yet installed. */
  deployed: Address | undefined;
  /** The connected wallet's label; undefined without a wallet. */
  signer: string | undefined;
  busy: boolean;
  onDeploy: () => void;
}) {
  return (
    <div className="card" data-testid={passed ? 'preflight-passed' : 'deploy-card'}>
      <h2>3. Deploy</h2>
      {deployed && (
        <p data-testid="deployed-guard">
          Deployed for this Safe (its SAFE() is this Safe), not installed yet: <Hash value={deployed} />
        </p>
      )}
      {passed ? (
        <>
          <p>
            The preflight passed: every role is present and distinct, thresholds are reachable, the guard accepts it.
          </p>
          <button type="button" disabled={busy || signer === undefined} onClick={onDeploy} data-testid="deploy">
            Deploy {deployed ? 'another' : 'the'} guard{signer !== undefined ? ` from ${signer}` : ''}
          </button>
          {signer === undefined && (
            <p>
              Deploying needs a wallet: open the app standalone with any funded account, then paste the address below.
            </p>
          )}
        </>
      ) : (
        <p>Run the preflight (step 1) to deploy a guard with the configuration shown.</p>
      )}
    </div>
  );
}
