/** Step 3 of Install, once the preflight passed: deploy the guard from the connected wallet. */
export function DeployCard({
  signer,
  busy,
  onDeploy,
}: {
  /** The connected wallet's label; undefined without a wallet. */
  signer: string | undefined;
  busy: boolean;
  onDeploy: () => void;
}) {
  return (
    <div className="card" data-testid="preflight-passed">
      <h2>3. Deploy</h2>
      <p>The preflight passed: every role is present and distinct, thresholds are reachable, the guard accepts it.</p>
      <button type="button" disabled={busy || signer === undefined} onClick={onDeploy} data-testid="deploy">
        Deploy the guard{signer !== undefined ? ` from ${signer}` : ''}
      </button>
      {signer === undefined && (
        <p>Deploying needs a wallet: open the app standalone with any funded account, then paste the address below.</p>
      )}
    </div>
  );
}
