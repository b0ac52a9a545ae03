import type { Address } from 'viem';

import type { GuardOverview, ManifestEntry } from '../../guard/readGuard.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { ActionNotices } from '../../ui/ActionNotices.js';
import { ErrorNotice } from '../../ui/ErrorNotice.js';
import { useAction } from '../../ui/useAsync.js';
import { useExecutor } from '../hooks/useExecutor.js';
import { useGuardCall } from '../hooks/useGuardCall.js';
import { useManifestSteps } from '../hooks/useManifestSteps.js';
import { useNextStepVerdict } from '../hooks/useNextStepVerdict.js';
import { useProposals } from '../hooks/useProposals.js';
import { useProposePhase } from '../hooks/useProposePhase.js';
import { releaseCursor } from '../releaseCursor.js';
import { useAccountRoles } from '../../roles/useAccountRoles.js';
import { useActionLog } from '../../roles/useActionLog.js';
import { ActionLog } from './ActionLog.js';
import { AttestContinue } from './AttestContinue.js';
import { HaltedRelease } from './HaltedRelease.js';
import { ManifestStepsStatus } from './ManifestStepsStatus.js';
import { NextPhaseCard } from './NextPhaseCard.js';
import { ProposalList } from './ProposalList.js';
import { ReleaseSummary } from './ReleaseSummary.js';
import { RoleActions } from './RoleActions.js';

/**
 * One manifest's release: its state, the actions of the connected account's roles (approve, cancel, halt, reinstate,
 * freeze, lift), propose the next phase, the queue, attest “continue”, the way to the rollback, the action log.
 */
export function Release({
  overview,
  entry,
  reload,
}: {
  overview: GuardOverview;
  entry: ManifestEntry;
  reload: () => void;
}) {
  const connection = useConnection();
  const { state: manifestState, facts } = entry;
  const steps = useManifestSteps(overview, entry);
  const [proposals, record] = useProposals(entry.id);
  const action = useAction();
  const [executor, setExecutor] = useExecutor(overview);
  const { refresh, guardCall } = useGuardCall(overview.guard, action, reload);
  const cursor = releaseCursor(manifestState, steps.manifest, proposals);
  const { phase } = cursor;
  const verdict = useNextStepVerdict({ overview, entry, executor, nextCall: cursor.nextCall });
  const proposePhase = useProposePhase({ entry, cursor, action, record, refresh });
  const roles = useAccountRoles(overview.guard);
  const [log, appendLog] = useActionLog(overview.guard);

  return (
    <div data-testid="release" data-manifest-id={entry.id}>
      <ReleaseSummary
        entry={entry}
        now={overview.now}
        manifest={steps.manifest}
        nextWords={cursor.nextWords}
        busy={action.busy}
        onRefresh={() => action.run('Reading the Safe and the guard again…', refresh)}
      />
      <ManifestStepsStatus
        full={steps.full}
        packageJson={steps.packageJson}
        onPackageJson={steps.setPackageJson}
        onApply={steps.applyPackage}
      />
      <ActionNotices
        action={action}
        progressTestId="cosign-progress"
        errorTestId="cosign-error"
        doneTestId="cosign-done"
      />
      {roles.status === 'error' && <ErrorNotice error={roles.error} testId="roles-error" />}
      {roles.status === 'done' && (
        <RoleActions
          overview={overview}
          entry={entry}
          roles={roles.value}
          needsApprovals={cursor.needsApprovals}
          signer={connection.wallet?.label}
          action={action}
          refresh={refresh}
          log={appendLog}
        />
      )}
      {cursor.awaitsAttestation && (
        <AttestContinue
          phase={phase}
          soakReadyAt={cursor.soakReadyAt}
          now={overview.now}
          busy={action.busy}
          onAttest={(metricsHash) =>
            guardCall(
              'attestContinue',
              [entry.id, BigInt(phase), metricsHash],
              'attest “continue”',
              `Attesting “continue” to phase ${phase + 1}…`,
            )
          }
        />
      )}
      {cursor.live && cursor.remaining.length > 0 && (
        <NextPhaseCard
          phase={phase}
          nextStep={manifestState.nextStep}
          executors={overview.config.executors}
          executor={executor}
          onExecutor={setExecutor}
          verdict={verdict.status === 'done' ? verdict.value : undefined}
          unproposed={cursor.unproposed}
          busy={action.busy}
          onPropose={proposePhase}
        />
      )}
      <ProposalList
        overview={overview}
        entry={entry}
        proposals={proposals}
        executor={executor as Address}
        action={action}
        onChanged={refresh}
      />
      <HaltedRelease state={manifestState} facts={facts} />
      <ActionLog log={log} />
    </div>
  );
}
