import { useEffect, useMemo, useState } from 'react';
import { type Hex, getAddress, isAddress } from 'viem';

import { manifestGuardAbi, manifestGuardBytecode } from '../../../shared/src/generated/manifestGuard.js';
import { type GuardConfig, guardConfigHash, type InstallDryRunReport } from '../../../shared/src/index.js';
import { confirmQueued } from '../cosign/confirmQueued.js';
import { executeQueued } from '../cosign/executeQueued.js';
import { useGuardStatus } from '../guard/useGuard.js';
import { InvalidFieldError } from '../inspect/errors.js';
import { SignerRequiredError } from '../safe/errors.js';
import { useConnection } from '../safe/useSafeAppsSdk.js';
import { ErrorNotice } from '../ui/ErrorNotice.js';
import { Hash } from '../ui/Hash.js';
import { Progress } from '../ui/Progress.js';
import { useAction, useAsync } from '../ui/useAsync.js';
import { type ConfigDraft, draftFromConfig, emptyDraft, parseConfigDraft } from './configForm.js';
import { DryRun } from './DryRun.js';
import { readGuardToSet } from './guardToSet.js';
import { installCall } from './installSteps.js';
import { type PreflightIssue, preflight } from './preflight.js';
import { ReversePath } from './ReversePath.js';
import { dryRunKey, setGuardBlocker } from './setGuardGate.js';

/**
 * Install: configure the guard, a preflight, a dry run on a fork (the roles install it, use it and remove it again),
 * deploy, then the setGuard transaction (only for the configuration the dry run proved); and the way back.
 */
export default function Install({ params }: { params: URLSearchParams }) {
  const connection = useConnection();
  const guard = useGuardStatus(connection);
  if (guard.status === 'loading') return <Progress message="Reading the Safe’s guard…" />;
  if (guard.status === 'error') return <ErrorNotice error={guard.error} />;
  return (
    <section aria-labelledby="install-title">
      <h1 id="install-title">Install Manifest Guard</h1>
      {guard.value.kind === 'manifest-guard' ? (
        <ReversePath overview={guard.value.overview} />
      ) : (
        <>
          {guard.value.kind === 'foreign' && (
            <div className="notice notice-warning" data-testid="foreign-guard">
              Another guard (<code>{guard.value.guard}</code>) is installed: the setGuard transaction below must pass
              it.
            </div>
          )}
          <InstallFlow initialGuard={params.get('guard') ?? ''} />
        </>
      )}
    </section>
  );
}

const fields: [keyof ConfigDraft, string, 'list' | 'text'][] = [
  ['proposers', 'Proposers (one address per line)', 'list'],
  ['approvers', 'Approvers', 'list'],
  ['executors', 'Executors', 'list'],
  ['guardians', 'Guardians', 'list'],
  ['routineThreshold', 'Routine approvals', 'text'],
  ['privilegedThreshold', 'Privileged approvals', 'text'],
  ['routineDelayHours', 'Routine delay (hours)', 'text'],
  ['privilegedDelayHours', 'Privileged delay (hours)', 'text'],
  ['maxFreezeHours', 'Longest freeze (hours)', 'text'],
  ['freezeCooldownHours', 'Freeze cooldown (hours)', 'text'],
  ['multiSendCallOnly', 'MultiSendCallOnly of the Safe’s version', 'text'],
  ['authorities', 'Authority contracts (optional, one per line)', 'list'],
  ['privilegedSelectors', 'Extra privileged selectors (optional)', 'list'],
  ['containmentSelectors', 'Containment selectors an Emergency may call (optional; empty: pause() alone)', 'list'],
];

function InstallFlow({ initialGuard }: { initialGuard: string }) {
  const connection = useConnection();
  const { state } = connection;
  const [draft, setDraft] = useState<ConfigDraft>(emptyDraft);
  const [touched, setTouched] = useState(false);
  const [checked, setChecked] = useState<{ config: GuardConfig; issues: PreflightIssue[] }>();
  const [dryRun, setDryRun] = useState<{ key: string; report: InstallDryRunReport }>();
  const [guard, setGuard] = useState(initialGuard);
  const [proposal, setProposal] = useState<Hex>();
  const action = useAction();
  const guardAddress = isAddress(guard.trim()) ? getAddress(guard.trim()) : undefined;
  const guardToSet = useAsync(
    () =>
      guardAddress
        ? readGuardToSet(connection.client, guardAddress, state.safe)
        : Promise.resolve({ forSafe: false, config: undefined }),
    [guardAddress],
  );
  const verified = guardToSet.status === 'done' ? guardToSet.value : undefined;
  const queued = useAsync(
    () => (proposal ? connection.queued(proposal) : Promise.resolve(undefined)),
    [proposal, action.busy, state.nonce],
  );
  const shownConfig = useMemo(() => {
    try {
      return parseConfigDraft(draft);
    } catch {
      return undefined;
    }
  }, [draft]);
  const blocker = setGuardBlocker({
    safe: state.safe,
    shownConfig,
    dryRun: dryRun && { key: dryRun.key, ok: dryRun.report.ok },
    guardConfig: verified?.config,
  });

  // A deployed guard pasted into an untouched form: show (and check) the configuration it holds.
  useEffect(() => {
    if (!touched && verified?.forSafe && verified.config) setDraft(draftFromConfig(verified.config));
  }, [verified, touched]);

  const update = (key: keyof ConfigDraft, value: string) => {
    setDraft((previous) => ({ ...previous, [key]: value }));
    setTouched(true);
    setChecked(undefined);
    setDryRun(undefined);
  };

  const runPreflight = () =>
    action.run('Preflight: checking the configuration and running the guard’s constructor on the node…', async () => {
      const config = parseConfigDraft(draft);
      setChecked({ config, issues: await preflight({ client: connection.client, safe: state, config }) });
    });

  const deploy = () =>
    action.run(
      'Deploying the guard…',
      async (step) => {
        if (!checked || checked.issues.length > 0) return;
        const wallet = connection.wallet;
        if (!wallet) throw new SignerRequiredError('deploy the guard');
        const hash = await wallet.client.deployContract({
          abi: manifestGuardAbi,
          bytecode: manifestGuardBytecode,
          args: [state.safe, guardConfigHash(checked.config)],
          account: wallet.account,
          chain: connection.chain,
        });
        step(`Waiting for the deployment ${hash}…`);
        const receipt = await connection.client.waitForTransactionReceipt({ hash });
        if (!receipt.contractAddress)
          throw new Error(`The deployment ${hash} created no contract. Check the transaction.`);
        // The deployment commits to the configuration's hash; this call sets exactly that configuration.
        const initialize = await wallet.client.writeContract({
          address: receipt.contractAddress,
          abi: manifestGuardAbi,
          functionName: 'initialize',
          args: [checked.config],
          account: wallet.account,
          chain: connection.chain,
        });
        step(`Waiting for initialize(config) ${initialize}…`);
        await connection.client.waitForTransactionReceipt({ hash: initialize });
        setGuard(receipt.contractAddress);
      },
      'Guard deployed. Next: the setGuard transaction.',
    );

  const proposeInstall = () =>
    action.run(
      'Proposing the setGuard transaction…',
      async () => {
        if (!guardAddress) throw new InvalidFieldError('Guard', guard, 'the deployed guard’s address');
        const multiSendCallOnly = await connection.client.readContract({
          address: guardAddress,
          abi: manifestGuardAbi,
          functionName: 'getConfig',
        });
        const { safeTxHash } = await connection.propose(
          installCall(state, guardAddress, multiSendCallOnly.multiSendCallOnly),
        );
        setProposal(safeTxHash);
      },
      'The setGuard transaction is in the Safe queue: owners confirm and execute it.',
    );

  return (
    <>
      <form className="card" onSubmit={(e) => (e.preventDefault(), runPreflight())} data-testid="install-form">
        <h2>1. Configure</h2>
        {fields.map(([key, label, kind]) => (
          <label key={key}>
            {label}
            {kind === 'list' ? (
              <textarea
                value={draft[key]}
                onChange={(e) => update(key, e.target.value)}
                data-testid={`config-${key}`}
                rows={2}
              />
            ) : (
              <input value={draft[key]} onChange={(e) => update(key, e.target.value)} data-testid={`config-${key}`} />
            )}
          </label>
        ))}
        <button type="submit" disabled={action.busy} data-testid="preflight">
          Run the preflight
        </button>
      </form>
      {action.progress && <Progress message={action.progress} testId="install-progress" />}
      {action.error !== undefined && <ErrorNotice error={action.error} testId="install-error" />}
      {action.done && (
        <div className="notice notice-ok" role="status" data-testid="install-step-done">
          {action.done}
        </div>
      )}
      {checked && checked.issues.length > 0 && (
        <div className="notice notice-error" data-testid="preflight-refused">
          <strong>Refused: this configuration could lock the Safe.</strong>
          <ul>
            {checked.issues.map((issue, index) => (
              <li key={index} data-testid="preflight-issue" data-rule={issue.rule}>
                {issue.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <DryRun
        config={checked && checked.issues.length === 0 ? checked.config : undefined}
        guard={verified?.forSafe ? guardAddress : undefined}
        report={dryRun?.report}
        onReport={(result) => setDryRun(result && { key: dryRunKey(state.safe, result.config), report: result.report })}
      />
      {checked && checked.issues.length === 0 && (
        <div className="card" data-testid="preflight-passed">
          <h2>3. Deploy</h2>
          <p>
            The preflight passed: every role is present and distinct, thresholds are reachable, the guard accepts it.
          </p>
          <button type="button" disabled={action.busy || !connection.wallet} onClick={deploy} data-testid="deploy">
            Deploy the guard{connection.wallet ? ` from ${connection.wallet.label}` : ''}
          </button>
          {!connection.wallet && (
            <p>
              Deploying needs a wallet: open the app standalone with any funded account, then paste the address below.
            </p>
          )}
        </div>
      )}
      <div className="card" data-testid="set-guard">
        <h2>4. Set the guard</h2>
        <label>
          Guard address
          <input value={guard} onChange={(e) => setGuard(e.target.value)} placeholder="0x…" data-testid="guard-input" />
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
          disabled={action.busy || !verified?.forSafe || blocker !== undefined}
          onClick={proposeInstall}
          data-testid="propose-set-guard"
        >
          Propose setGuard{state.version && ` (Safe ${state.version})`}
        </button>
        {proposal && (
          <div data-testid="install-proposal">
            <Hash value={proposal} label="safeTxHash" />
            {queued.status === 'done' && queued.value && (
              <>
                <p data-testid="install-confirmations">
                  Confirmations {queued.value.confirmations.length} of {state.threshold}
                </p>
                {connection.mode === 'standalone' && (
                  <div className="actions">
                    <button
                      type="button"
                      disabled={action.busy}
                      onClick={() => action.run('Confirming…', () => confirmQueued(connection, queued.value!))}
                    >
                      Confirm
                    </button>
                    <button
                      type="button"
                      disabled={action.busy || queued.value.confirmations.length < state.threshold}
                      onClick={() =>
                        action.run(
                          'Executing setGuard…',
                          async () => {
                            await executeQueued(connection, queued.value!);
                            await connection.refresh();
                          },
                          'Manifest Guard is installed.',
                        )
                      }
                    >
                      Execute
                    </button>
                  </div>
                )}
              </>
            )}
          </div>
        )}
      </div>
    </>
  );
}
