import { useEffect, useState } from 'react';

import type { InstallDryRunReport } from '../../../../shared/src/index.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { ActionNotices } from '../../ui/ActionNotices.js';
import { Progress } from '../../ui/Progress.js';
import { useAction } from '../../ui/useAsync.js';
import type { ConfigDraft } from '../configForm.js';
import { useConfigDraft } from '../hooks/useConfigDraft.js';
import { useDeployGuard } from '../hooks/useDeployGuard.js';
import { useGuardToSet } from '../hooks/useGuardToSet.js';
import { useInstallPreflight } from '../hooks/useInstallPreflight.js';
import { useInstallProgress } from '../hooks/useInstallProgress.js';
import { useSavedGuard } from '../hooks/useSavedGuard.js';
import { useSetGuardProposal } from '../hooks/useSetGuardProposal.js';
import { dryRunKey, setGuardBlocker } from '../setGuardGate.js';
import { ConfigForm } from './ConfigForm.js';
import { DeployCard } from './DeployCard.js';
import { DryRun } from './DryRun.js';
import { PreflightRefused } from './PreflightRefused.js';
import { QueuedSetGuard } from './QueuedSetGuard.js';
import { RestoredProgress } from './RestoredProgress.js';
import { SetGuardCard } from './SetGuardCard.js';

/**
 * No Manifest Guard yet: configure, preflight, dry run, deploy, then propose setGuard and see it through the queue.
 * The configuration, the guard deployed and the setGuard proposal are kept in this browser for this Safe, so a reload
 * or another signer picks up where the flow was; what the chain decides (the guard, the queue, the preflight, the dry
 * run) is read again.
 */
export function InstallFlow({ initialGuard }: { initialGuard: string }) {
  const connection = useConnection();
  const { state } = connection;
  const action = useAction();
  const progress = useInstallProgress();
  const { restored, save } = progress;
  const target = useGuardToSet(initialGuard);
  const saved = useSavedGuard(initialGuard ? undefined : restored?.guard, target.setGuard, () =>
    save({ guard: undefined }),
  );
  const config = useConfigDraft(target.verified, restored);
  const preflight = useInstallPreflight(config.draft, action);
  const [dryRun, setDryRun] = useState<{ key: string; report: InstallDryRunReport }>();
  const deploy = useDeployGuard(preflight.checked, action, target.setGuard);
  const deployed = target.verified?.forSafe ? target.guardAddress : undefined;
  const setGuard = useSetGuardProposal({
    guard: target.guard,
    guardAddress: target.guardAddress,
    multiSendCallOnly: target.verified?.config?.multiSendCallOnly,
    remembered: restored?.proposal,
    onProposed: (proposal) => save({ proposal }),
    action,
  });
  const blocker = setGuard.queued
    ? `This setGuard transaction is already in the Safe’s queue (nonce ${setGuard.queued.nonce}): confirm it below rather than propose a second one.`
    : setGuardBlocker({
        safe: state.safe,
        shownConfig: config.shownConfig,
        dryRun: dryRun && { key: dryRun.key, ok: dryRun.report.ok },
        guardConfig: target.verified?.config,
      });
  const previousDryRun =
    !dryRun && config.shownConfig && restored?.dryRun?.key === dryRunKey(state.safe, config.shownConfig)
      ? restored.dryRun
      : undefined;

  // Kept in this browser: the form, the guard deployed for this Safe, the setGuard transaction in the queue.
  useEffect(() => {
    if (config.touched || deployed) save({ draft: config.draft, touched: config.touched });
  }, [config.draft, config.touched, deployed, save]);
  useEffect(() => {
    if (deployed) save({ guard: deployed });
  }, [deployed, save]);
  const queuedHash = setGuard.queued?.safeTxHash;
  useEffect(() => {
    if (queuedHash && deployed) save({ proposal: { safeTxHash: queuedHash, guard: deployed } });
  }, [queuedHash, deployed, save]);
  // The preflight is the chain's answer: it runs again for a restored configuration.
  useEffect(() => {
    if (restored && config.shownConfig) void preflight.run();
    // Once, on mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const update = (key: keyof ConfigDraft, value: string) => {
    config.edit(key, value);
    preflight.reset();
    setDryRun(undefined);
  };

  return (
    <>
      <RestoredProgress
        restored={restored && { guard: restored.guard !== undefined, proposal: restored.proposal !== undefined }}
        discarded={progress.discarded}
        dropped={saved.dropped}
      />
      <ConfigForm draft={config.draft} onChange={update} busy={action.busy} onPreflight={preflight.run} />
      <ActionNotices
        action={action}
        progressTestId="install-progress"
        errorTestId="install-error"
        doneTestId="install-step-done"
      />
      {preflight.checked && preflight.checked.issues.length > 0 && (
        <PreflightRefused issues={preflight.checked.issues} />
      )}
      <DryRun
        config={preflight.passed}
        guard={deployed}
        report={dryRun?.report}
        previous={previousDryRun}
        onReport={(result) => {
          if (!result) return setDryRun(undefined);
          const key = dryRunKey(state.safe, result.config);
          setDryRun({ key, report: result.report });
          const { rpcUrl, blockNumber } = result.report.fork;
          save({ dryRun: { key, ok: result.report.ok, rpcUrl, blockNumber: String(blockNumber) } });
        }}
      />
      {(preflight.passed || deployed) && (
        <DeployCard
          passed={preflight.passed !== undefined}
          deployed={deployed}
          signer={connection.wallet?.label}
          busy={action.busy}
          onDeploy={deploy}
        />
      )}
      {saved.checking && <Progress message="Checking the guard saved in this browser on chain…" />}
      <SetGuardCard
        guard={target.guard}
        onGuard={target.setGuard}
        guardAddress={target.guardAddress}
        verified={target.verified}
        blocker={blocker}
        busy={action.busy}
        onPropose={setGuard.propose}
      >
        {setGuard.proposal && (
          <QueuedSetGuard
            proposal={setGuard.proposal}
            queued={setGuard.queued}
            busy={action.busy}
            onConfirm={setGuard.confirm}
            onExecute={setGuard.execute}
          />
        )}
      </SetGuardCard>
    </>
  );
}
