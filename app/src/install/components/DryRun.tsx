import { useState } from 'react';
import type { Address } from 'viem';

import {
  type GuardConfig,
  type InstallDryRunReport,
  type InstallDryRunStep,
  type InstallStepName,
  installStepNames,
  installStepTitles,
} from '../../../../shared/src/index.js';
import { holdingChainFollow } from '../../safe/chainFollowHold.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { ErrorNotice } from '../../ui/ErrorNotice.js';
import { Progress } from '../../ui/Progress.js';
import { useAction, useAsync } from '../../ui/useAsync.js';
import { defaultSimulationRpc } from '../simulationRpc.js';

type StepState = 'pending' | 'running' | InstallDryRunStep;

/**
 * Step 2 of Install: the dry run on a fork (shared/src/install), with each step's progress and result. It runs only
 * once the preflight passed (`config` is what it proved), on the simulation RPC the admin gives (by default the local
 * chain when the app is connected to Anvil), with the guard to set when one is already deployed.
 */
export function DryRun({
  config,
  guard,
  report,
  previous,
  onReport,
}: {
  /** The configuration the preflight passed; undefined until it has. */
  config: GuardConfig | undefined;
  /** A deployed guard for this Safe (dry-run as it is), or undefined to deploy one on the fork. */
  guard: Address | undefined;
  /** The last dry run's report for the configuration shown (cleared when the configuration changes). */
  report: InstallDryRunReport | undefined;
  /**
   * The dry run of the configuration shown before the page was reloaded, kept as a note only: its result is not
   * trusted across a reload (the chain may have moved), so it is run again.
   */
  previous: { ok: boolean; rpcUrl: string; blockNumber: string } | undefined;
  onReport: (result: { config: GuardConfig; report: InstallDryRunReport } | undefined) => void;
}) {
  const connection = useConnection();
  const { chain, state } = connection;
  const [typed, setTyped] = useState<string | undefined>(previous?.rpcUrl);
  const [steps, setSteps] = useState<Partial<Record<InstallStepName, StepState>>>({});
  const action = useAction();
  const local = useAsync(() => defaultSimulationRpc(connection), [chain.id, chain.rpcUrls.default.http[0]]);
  const localRpc = local.status === 'done' ? local.value : undefined;
  const rpc = (typed ?? localRpc ?? '').trim();

  const run = () =>
    action.run('Dry run on the fork…', async (progress) => {
      if (!config) return;
      onReport(undefined);
      setSteps(Object.fromEntries(installStepNames.map((name) => [name, 'pending'])));
      const { installDryRun } = await import('../../../../shared/src/install/installDryRun.js');
      // On the local chain the dry run runs on the chain itself: the app does not follow what it mines and reverts.
      const result = await holdingChainFollow(() =>
        installDryRun({
          rpcUrl: rpc,
          safe: state.safe,
          config,
          guard,
          chainId: chain.id,
          onProgress: (event) => {
            if (event.status === 'running')
              progress(`Dry run ${event.index + 1}/${installStepNames.length}: ${event.title}…`);
            setSteps((previous) => ({
              ...previous,
              [event.name]: event.status === 'running' ? 'running' : event.step,
            }));
          },
        }),
      );
      onReport({ config, report: result });
    });

  const shown = action.busy || report !== undefined;
  return (
    <div className="card" data-testid="dry-run">
      <h2>2. Dry run on a fork</h2>
      <p>
        Before anything is attached, on a fork of this chain: the guard is deployed for this Safe
        {guard ? ' (the one below, as it is)' : ''} and installed as the owners would install it; a proposer registers a
        routine manifest, the approvers approve it, the delay passes and an executor executes it through the Safe; then
        the privileged manifest that removes the guard runs the same way. Nothing is sent to the Safe’s chain, and
        setGuard can only be proposed once this passed for the configuration shown.
      </p>
      <label>
        Simulation RPC (an Anvil fork of this chain)
        <input
          value={typed ?? localRpc ?? ''}
          onChange={(e) => setTyped(e.target.value)}
          placeholder="http://127.0.0.1:8545"
          data-testid="dry-run-rpc"
        />
      </label>
      {rpc !== '' && rpc === localRpc && (
        <p data-testid="dry-run-local">
          This is the local chain (Anvil): the dry run runs on it and reverts everything afterwards (evm_snapshot,
          evm_revert).
        </p>
      )}
      {rpc === '' && (
        <p data-testid="dry-run-hint">
          Start a fork of this chain with <code>npx anvil --fork-url &lt;RPC of chain {chain.id}&gt;</code> and paste
          its URL (e.g. http://127.0.0.1:8545), or run{' '}
          <code>npx manifest-guard preflight --config &lt;file&gt; --rpc &lt;RPC&gt;</code> in a terminal.
        </p>
      )}
      <button type="button" disabled={action.busy || !config || rpc === ''} onClick={run} data-testid="run-dry-run">
        Run the dry run
      </button>
      {!config && <p data-testid="dry-run-waiting">Run the preflight (step 1) first.</p>}
      {previous && !report && !action.busy && (
        <p className="notice notice-warning" data-testid="dry-run-previous" data-ok={String(previous.ok)}>
          Before this page was reloaded, the dry run of this configuration {previous.ok ? 'passed' : 'failed'} on{' '}
          {previous.rpcUrl} (block {previous.blockNumber}). Its result is not kept: run it again, on the chain as it is
          now, to propose setGuard.
        </p>
      )}
      {action.progress && <Progress message={action.progress} testId="dry-run-progress" />}
      {action.error !== undefined && <ErrorNotice error={action.error} testId="dry-run-error" />}
      {shown && (
        <ol className="checklist" data-testid="dry-run-steps">
          {installStepNames.map((name) => (
            <DryRunStep key={name} name={name} state={steps[name] ?? 'pending'} />
          ))}
        </ol>
      )}
      {report && (
        <div
          className={`notice ${report.ok ? 'notice-ok' : 'notice-error'}`}
          role="status"
          data-testid="dry-run-result"
          data-ok={String(report.ok)}
        >
          {report.ok
            ? `Dry run passed on ${report.fork.rpcUrl} (block ${report.fork.blockNumber}): the configured roles can register, approve and execute a manifest, and remove the guard again. Nothing remains on that chain.`
            : 'Dry run failed: change the configuration as the failed step says, run the preflight and the dry run again.'}
        </div>
      )}
    </div>
  );
}

const marks = { pending: '○', running: '…', passed: '✓', failed: '✗', skipped: '–' } as const;

function DryRunStep({ name, state }: { name: InstallStepName; state: StepState }) {
  const status = typeof state === 'string' ? state : state.skipped ? 'skipped' : state.ok ? 'passed' : 'failed';
  const step = typeof state === 'string' ? undefined : state;
  return (
    <li data-testid="dry-run-step" data-name={name} data-state={status}>
      <span aria-hidden="true">{marks[status]} </span>
      <strong>{installStepTitles[name]}</strong>
      {step && !step.skipped && <p>{step.detail}</p>}
      {step?.error?.guardError && (
        <p>
          Guard error: <code>{step.error.guardError}</code>
        </p>
      )}
      {step?.error && <p data-testid="dry-run-fix">What to change: {step.error.fix}</p>}
    </li>
  );
}
