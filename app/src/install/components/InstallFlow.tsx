import { useState } from 'react';

import type { InstallDryRunReport } from '../../../../shared/src/index.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { ActionNotices } from '../../ui/ActionNotices.js';
import { useAction } from '../../ui/useAsync.js';
import type { ConfigDraft } from '../configForm.js';
import { useConfigDraft } from '../hooks/useConfigDraft.js';
import { useDeployGuard } from '../hooks/useDeployGuard.js';
import { useGuardToSet } from '../hooks/useGuardToSet.js';
import { useInstallPreflight } from '../hooks/useInstallPreflight.js';
import { useSetGuardProposal } from '../hooks/useSetGuardProposal.js';
import { dryRunKey, setGuardBlocker } from '../setGuardGate.js';
import { ConfigForm } from './ConfigForm.js';
import { DeployCard } from './DeployCard.js';
import { DryRun } from './DryRun.js';
import { PreflightRefused } from './PreflightRefused.js';
import { QueuedSetGuard } from './QueuedSetGuard.js';
import { SetGuardCard } from './SetGuardCard.js';

/** No Manifest Guard yet: configure, preflight, dry run, deploy, then propose setGuard and see it through the queue. */
export function InstallFlow({ initialGuard }: { initialGuard: string }) {
  const connection = useConnection();
  const { state } = connection;
  const action = useAction();
  const target = useGuardToSet(initialGuard);
  const setGuard = useSetGuardProposal({ guard: target.guard, guardAddress: target.guardAddress, action });
  const config = useConfigDraft(target.verified);
  const preflight = useInstallPreflight(config.draft, action);
  const [dryRun, setDryRun] = useState<{ key: string; report: InstallDryRunReport }>();
  const deploy = useDeployGuard(preflight.checked, action, target.setGuard);
  const blocker = setGuardBlocker({
    safe: state.safe,
    shownConfig: config.shownConfig,
    dryRun: dryRun && { key: dryRun.key, ok: dryRun.report.ok },
    guardConfig: target.verified?.config,
  });

  const update = (key: keyof ConfigDraft, value: string) => {
    config.edit(key, value);
    preflight.reset();
    setDryRun(undefined);
  };

  return (
    <>
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
        guard={target.verified?.forSafe ? target.guardAddress : undefined}
        report={dryRun?.report}
        onReport={(result) => setDryRun(result && { key: dryRunKey(state.safe, result.config), report: result.report })}
      />
      {preflight.passed && <DeployCard signer={connection.wallet?.label} busy={action.busy} onDeploy={deploy} />}
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
