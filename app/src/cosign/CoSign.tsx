import { useState } from 'react';
import { type Address, isAddressEqual } from 'viem';

import { ManifestStatus, type WriteFunctionArgs, type WriteFunctionName } from '../../../shared/src/index.js';
import { manifestGuardAbi } from '../../../shared/src/generated/manifestGuard.js';
import { explain, guardArgument, guardWords } from '../guard/explain.js';
import { isPending, kindLabel, laneLabel, statusLabel } from '../guard/labels.js';
import type { GuardOverview, ManifestEntry } from '../guard/readGuard.js';
import { useGuardStatus } from '../guard/useGuard.js';
import { go } from '../routes.js';
import type { SafeCall } from '../safe/connection.js';
import { useConnection } from '../safe/useSafeAppsSdk.js';
import { Countdown } from '../ui/Countdown.js';
import { ErrorNotice } from '../ui/ErrorNotice.js';
import { Hash } from '../ui/Hash.js';
import { Progress } from '../ui/Progress.js';
import { useAction, useAsync } from '../ui/useAsync.js';
import { AttestContinue, StopActions } from './ReleaseActions.js';
import { QueuedStepMismatchError } from './errors.js';
import { walletAddress, walletWrite } from './guardWrite.js';
import { loadManifest } from './loadManifest.js';
import { PhaseTimeline } from './PhaseTimeline.js';
import { ProposalList } from './ProposalList.js';
import { type StepProposal, loadProposals, saveProposal } from './proposals.js';

/** Co-sign and release: propose the next phase, confirmations, execute, attest "continue", halt, roll back. */
export default function CoSign({ params }: { params: URLSearchParams }) {
  const connection = useConnection();
  const guard = useGuardStatus(connection);
  const selected = params.get('manifest') ?? '';
  if (guard.status === 'loading') return <Progress message="Reading the guard…" />;
  if (guard.status === 'error') return <ErrorNotice error={guard.error} />;
  if (guard.value.kind !== 'manifest-guard') {
    return (
      <div className="notice notice-warning" data-testid="cosign-no-guard">
        <strong>This Safe has no Manifest Guard.</strong> Install it first: there is no manifest to release.
      </div>
    );
  }
  const { overview } = guard.value;
  const entries = [...overview.manifests].reverse();
  // By default the manifest whose next step the guard would let run now, else the latest still pending.
  const entry =
    entries.find((item) => item.id === selected) ??
    entries.find((item) => item.state.open) ??
    entries.find((item) => isPending(item.state.status)) ??
    entries[0];
  return (
    <section aria-labelledby="cosign-title">
      <h1 id="cosign-title">Co-sign and release</h1>
      {entries.length === 0 ? (
        <p data-testid="cosign-empty">No manifest is registered on this guard yet.</p>
      ) : (
        <label>
          Manifest
          <select
            value={entry?.id}
            onChange={(e) => go('cosign', { manifest: e.target.value })}
            data-testid="cosign-manifest-select"
          >
            {entries.map((item) => (
              <option key={item.id} value={item.id}>
                {item.ticket || item.id.slice(0, 10)} · {statusLabel(item.state.status)}
              </option>
            ))}
          </select>
        </label>
      )}
      {entry && <Release key={entry.id} overview={overview} entry={entry} reload={guard.reload} />}
    </section>
  );
}

function Release({ overview, entry, reload }: { overview: GuardOverview; entry: ManifestEntry; reload: () => void }) {
  const connection = useConnection();
  const { state: manifestState, facts } = entry;
  const [packageJson, setPackageJson] = useState('');
  const [packageApplied, setPackageApplied] = useState('');
  const full = useAsync(
    () =>
      loadManifest({
        client: connection.client,
        guard: overview.guard,
        chainId: connection.state.chainId,
        id: entry.id,
        registeredIn: entry.registeredIn,
        packageJson: packageApplied,
      }),
    [entry.id, packageApplied],
  );
  const manifest = full.status === 'done' ? full.value : undefined;
  const [proposals, setProposals] = useState<StepProposal[]>(() => loadProposals(entry.id));
  const action = useAction();
  const me = walletAddress(connection.wallet);
  const [executor, setExecutor] = useState<string>(
    me && overview.config.executors.some((e) => isAddressEqual(e, me)) ? me : (overview.config.executors[0] ?? ''),
  );

  const done = async () => {
    await connection.refresh();
    reload();
  };
  const guardCall = <functionName extends WriteFunctionName<typeof manifestGuardAbi>>(
    functionName: functionName,
    args: WriteFunctionArgs<typeof manifestGuardAbi, functionName>,
    what: string,
    message: string,
  ) =>
    action.run(
      message,
      async () => {
        await walletWrite(connection, { address: overview.guard, functionName, args }, what);
        await done();
      },
      `${message.replace(/…$/, '')}: done.`,
    );

  const phase = manifestState.nextPhase;
  const live = manifestState.status === ManifestStatus.Approved;
  // What the guard says about the next step: open, or its error (the phase gate and the soak among them).
  const nextWords = guardWords(manifestState.reason);
  const awaitsAttestation =
    nextWords?.rule === 'ManifestGuardPhaseGateClosed' || nextWords?.rule === 'ManifestGuardSoakNotElapsed';
  const soakReadyAt =
    nextWords?.rule === 'ManifestGuardSoakNotElapsed'
      ? (guardArgument(manifestState.reason, 'readyAt') as bigint)
      : undefined;
  const needsApprovals =
    manifestState.status === ManifestStatus.Registered || nextWords?.rule === 'ManifestGuardApprovalsLapsed';
  const remaining: { step: number; call: SafeCall }[] =
    manifest && live && phase < manifest.phases.length
      ? manifest.phases[phase]!.steps.slice(manifestState.nextStep).map((step, offset) => ({
          step: manifestState.nextStep + offset,
          call: { to: step.to, value: step.value, data: step.data, operation: step.operation === 1 ? 1 : 0 },
        }))
      : [];
  const unproposed = remaining.filter((r) => !proposals.some((p) => p.phase === phase && p.step === r.step));
  const nextCall = remaining[0]?.call;
  const verdict = useAsync(
    () =>
      nextCall && executor
        ? explain(connection.client, overview.guard, nextCall, executor as Address)
        : Promise.resolve(undefined),
    [
      entry.id,
      manifestState.nextStep,
      manifestState.nextPhase,
      manifestState.reason,
      executor,
      nextCall?.data,
      overview.now,
    ],
  );

  const proposePhase = () =>
    action.run(
      `Proposing phase ${phase + 1}…`,
      async (step) => {
        for (const item of unproposed) {
          step(`Proposing phase ${phase + 1}, step ${item.step + 1} of ${remaining.length + manifestState.nextStep}…`);
          const { safeTxHash } = await connection.propose(item.call);
          const queued = await connection.queued(safeTxHash);
          if (queued && !sameCall(queued.call, item.call)) {
            throw new QueuedStepMismatchError(safeTxHash, item.call, queued.call);
          }
          setProposals(saveProposal(entry.id, { phase, step: item.step, safeTxHash }));
        }
        await done();
      },
      `Phase ${phase + 1} is in the Safe queue: owners confirm it there.`,
    );

  return (
    <div data-testid="release" data-manifest-id={entry.id}>
      <div className="card">
        <div className="manifest-head">
          <strong>{entry.ticket || '(no ticket)'}</strong>
          <span className="badge" data-testid="cosign-status">
            {statusLabel(manifestState.status)}
          </span>
          <span className="badge">{kindLabel(manifestState.kind)}</span>
          <span className={`badge badge-${laneLabel(manifestState.lane)}`}>{laneLabel(manifestState.lane)}</span>
        </div>
        <Hash value={entry.id} label="id" />
        <p>
          Approvals {manifestState.approvals} / {manifestState.requiredApprovals}
          {manifestState.executableFrom > 0n && (
            <>
              {' '}
              · executable from <Countdown until={manifestState.executableFrom} now={overview.now} />
            </>
          )}{' '}
          · expires <Countdown until={facts.expiry} now={overview.now} />
        </p>
        <p
          data-testid="cosign-next"
          data-open={String(manifestState.open)}
          data-rule={nextWords?.rule}
          className={manifestState.open ? undefined : 'hash-label'}
        >
          {manifestState.open
            ? 'The guard lets the next step run now.'
            : `Next step: ${nextWords?.sentence ?? ''}${nextWords?.advice ? ` ${nextWords.advice}` : ''}`}
        </p>
        <PhaseTimeline state={manifestState} facts={facts} manifest={manifest} />
        <button
          type="button"
          className="secondary"
          disabled={action.busy}
          onClick={() => action.run('Reading the Safe and the guard again…', done)}
          data-testid="refresh"
        >
          Refresh
        </button>
      </div>

      {full.status === 'loading' && <Progress message="Reading the manifest’s steps…" />}
      {full.status === 'error' && <ErrorNotice error={full.error} testId="package-error" />}
      {full.status === 'done' && !manifest && (
        <div className="card" data-testid="need-package">
          <p>
            The steps’ calldata is not readable from the registration transaction (registered through a contract?).
            Paste the release package JSON it was registered from.
          </p>
          <textarea value={packageJson} onChange={(e) => setPackageJson(e.target.value)} data-testid="package-input" />
          <button type="button" onClick={() => setPackageApplied(packageJson)} data-testid="package-apply">
            Load package
          </button>
        </div>
      )}

      {action.progress && <Progress message={action.progress} testId="cosign-progress" />}
      {action.error !== undefined && <ErrorNotice error={action.error} testId="cosign-error" />}
      {action.done && (
        <div className="notice notice-ok" role="status" data-testid="cosign-done">
          {action.done}
        </div>
      )}

      {needsApprovals && (
        <div className="card" data-testid="needs-approval">
          <p>
            {manifestState.status === ManifestStatus.Registered ? 'Not approved yet' : 'Approvals lapsed'}:{' '}
            {manifestState.approvals} of {manifestState.requiredApprovals} approvals from current approvers. Approvers
            approve with their own account.
          </p>
          <button
            type="button"
            disabled={action.busy}
            onClick={() => guardCall('approve', [entry.id], 'approve the manifest', 'Approving the manifest…')}
            data-testid="approve"
          >
            Approve as {connection.wallet?.label ?? 'approver'}
          </button>
        </div>
      )}

      {awaitsAttestation && (
        <AttestContinue
          phase={phase}
          soakReadyAt={soakReadyAt}
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

      {live && remaining.length > 0 && (
        <div className="card" data-testid="next-phase">
          <h2>Phase {phase + 1}</h2>
          <label>
            Executor
            <select value={executor} onChange={(e) => setExecutor(e.target.value)} data-testid="cosign-executor">
              {overview.config.executors.map((address) => (
                <option key={address} value={address}>
                  {address}
                </option>
              ))}
            </select>
          </label>
          {verdict.status === 'done' && verdict.value && (
            <div
              className={verdict.value.allowed ? 'notice notice-ok' : 'notice notice-error'}
              data-testid="next-step-verdict"
              data-allowed={String(verdict.value.allowed)}
            >
              {verdict.value.allowed
                ? `Step ${manifestState.nextStep + 1} would pass the guard now.`
                : `Step ${manifestState.nextStep + 1} would not pass now: ${verdict.value.words?.sentence}`}
            </div>
          )}
          <button
            type="button"
            disabled={action.busy || unproposed.length === 0}
            onClick={proposePhase}
            data-testid="propose-phase"
          >
            {unproposed.length === 0
              ? `Phase ${phase + 1} is proposed`
              : `Propose phase ${phase + 1} (${unproposed.length} Safe transaction${unproposed.length === 1 ? '' : 's'})`}
          </button>
        </div>
      )}

      <ProposalList
        overview={overview}
        entry={entry}
        proposals={proposals}
        executor={executor as Address}
        action={action}
        onChanged={done}
      />

      <StopActions
        state={manifestState}
        facts={facts}
        busy={action.busy}
        onHalt={() => guardCall('halt', [entry.id], 'halt the manifest', 'Halting the manifest…')}
      />
    </div>
  );
}

const sameCall = (a: SafeCall, b: SafeCall) =>
  isAddressEqual(a.to, b.to) &&
  a.value === b.value &&
  a.data.toLowerCase() === b.data.toLowerCase() &&
  a.operation === b.operation;
