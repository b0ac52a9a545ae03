import { useState } from 'react';
import type { Address } from 'viem';

import { placeProposals } from '../../../../shared/src/index.js';

import type { GuardOverview, ManifestEntry } from '../../guard/readGuard.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { ActionNotices } from '../../ui/ActionNotices.js';
import { ErrorNotice } from '../../ui/ErrorNotice.js';
import { useAction } from '../../ui/useAsync.js';
import { useExecutor } from '../hooks/useExecutor.js';
import { useGuardCall } from '../hooks/useGuardCall.js';
import { useManifestSteps } from '../hooks/useManifestSteps.js';
import { useNextStepVerdict } from '../hooks/useNextStepVerdict.js';
import { useProposePhase } from '../hooks/useProposePhase.js';
import { useReleaseQueue } from '../hooks/useReleaseQueue.js';
import { hostNonceAdvice, misplacedSentence, placementSentence } from '../placementWords.js';
import { releaseCursor } from '../releaseCursor.js';
import { useAccountRoles } from '../../roles/useAccountRoles.js';
import { useActionLog } from '../../roles/useActionLog.js';
import { ActionLog } from './ActionLog.js';
import { AttestContinue } from './AttestContinue.js';
import { HaltedRelease } from './HaltedRelease.js';
import { ManifestStepsStatus } from './ManifestStepsStatus.js';
import { NextPhaseCard, type PlacementNote } from './NextPhaseCard.js';
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
  const action = useAction();
  const [executor, setExecutor] = useExecutor(overview);
  const shared = useReleaseQueue(overview, entry.id, executor as Address);
  const { refresh: refreshGuard, guardCall } = useGuardCall(overview.guard, action, reload);
  // Proposals and confirmations mine no block: the shared queue is read again after them.
  const refresh = async () => {
    await refreshGuard();
    shared.reload();
  };
  const cursor = releaseCursor(manifestState, steps.manifest, shared.proposed);
  const { phase } = cursor;
  const verdict = useNextStepVerdict({ overview, entry, executor, nextCall: cursor.nextCall });
  const placement =
    shared.queue.source === 'queue' && cursor.unproposed.length > 0
      ? placeProposals(shared.queue.entries, connection.state.nonce, cursor.unproposed.length)
      : undefined;
  const placementNote: PlacementNote | undefined = placement && {
    nonce: placement.nonce,
    sentence: placementSentence(placement, cursor.unproposed.length),
    hostAdvice: connection.mode === 'safe-app' ? hostNonceAdvice(placement, cursor.unproposed.length) : undefined,
  };
  const [misplaced, setMisplaced] = useState<string[]>([]);
  const proposePhase = useProposePhase({
    entry,
    cursor,
    placement,
    action,
    record: shared.record,
    refresh,
    onMisplaced: (list) =>
      setMisplaced(
        placement
          ? list.map((m) =>
              misplacedSentence(m, placement, shared.queue.source === 'queue' ? shared.queue.entries : undefined),
            )
          : [],
      ),
  });
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
          placement={placementNote}
          blockedBy={placementWait(shared.queue)}
          misplaced={misplaced}
          busy={action.busy}
          onPropose={proposePhase}
        />
      )}
      {shared.queue.source === 'unknown' && shared.queue.error !== undefined && (
        <ErrorNotice error={shared.queue.error} testId="queue-error" />
      )}
      <ProposalList
        overview={overview}
        entry={entry}
        queue={shared.queue}
        executor={executor as Address}
        action={action}
        onChanged={refresh}
      />
      <HaltedRelease overview={overview} state={manifestState} facts={facts} />
      <ActionLog log={log} />
    </div>
  );
}

/** Why proposing waits: the shared queue is still read, or could not be (its error is shown above the list). */
function placementWait(queue: ReturnType<typeof useReleaseQueue>['queue']): string | undefined {
  if (queue.source !== 'unknown') return undefined;
  return queue.error === undefined
    ? 'Reading the Safe’s queue to find the nonce the proposals go to…'
    : 'The Safe’s queue could not be read, so the app cannot say at which nonce the proposals would run: reload.';
}
