import { zeroHash } from 'viem';

import { ManifestKind } from '../../../shared/src/index.js';
import { walletWrite } from '../cosign/guardWrite.js';
import { kindLabel, statusLabel } from '../guard/labels.js';
import { type GuardOverview, readManifestState } from '../guard/readGuard.js';
import { useGuardStatus } from '../guard/useGuard.js';
import { go } from '../routes.js';
import { useConnection } from '../safe/useSafeAppsSdk.js';
import { ErrorNotice } from '../ui/ErrorNotice.js';
import { Hash } from '../ui/Hash.js';
import { Progress } from '../ui/Progress.js';
import { useAction, useAsync } from '../ui/useAsync.js';
import { AddUpgrade } from './AddUpgrade.js';
import { analyzeDraft } from './analyzeDraft.js';
import { isHash, useDraft, withManifest } from './draft.js';
import { PackageIO } from './PackageIO.js';
import { PhasesEditor } from './PhasesEditor.js';

/** Assemble a manifest: proxies and implementations, phases, rollback and evidence, lane and id, register. */
export default function Assemble() {
  const connection = useConnection();
  const guard = useGuardStatus(connection);
  if (guard.status === 'loading') return <Progress message="Reading the guard…" />;
  if (guard.status === 'error') return <ErrorNotice error={guard.error} />;
  if (guard.value.kind !== 'manifest-guard') {
    return (
      <div className="notice notice-warning" data-testid="assemble-no-guard">
        <strong>This Safe has no Manifest Guard.</strong> A manifest is bound to its guard: install the guard first.
      </div>
    );
  }
  return <Assembler overview={guard.value.overview} />;
}

function Assembler({ overview }: { overview: GuardOverview }) {
  const connection = useConnection();
  const { state } = connection;
  const [draft, setDraft, discard] = useDraft(state.safe, state.chainId, overview.now);
  const update = (change: (d: typeof draft) => typeof draft) => setDraft((previous) => change(previous));
  const { manifest } = draft;
  const analysis = analyzeDraft({ draft, chainId: state.chainId, safe: state.safe, overview });
  const rollbackId = manifest.rollback;
  const rollback = useAsync(
    () =>
      isHash(rollbackId) && rollbackId !== zeroHash
        ? readManifestState(connection.client, overview.guard, rollbackId).then(
            (s) => s,
            () => undefined,
          )
        : Promise.resolve(undefined),
    [rollbackId],
  );
  const registered = overview.manifests.some((entry) => entry.id === analysis.id);
  const action = useAction();
  const evidence = analysis.evidence;

  const register = () =>
    action.run(
      'Registering the manifest…',
      async () => {
        await walletWrite(
          connection,
          { address: overview.guard, functionName: 'register', args: [manifest] },
          'register the manifest',
        );
        await connection.refresh();
      },
      `Registered as ${analysis.id}. Approvers approve it next.`,
    );

  return (
    <section aria-labelledby="assemble-title">
      <h1 id="assemble-title">Assemble a manifest</h1>
      <p className="hash-label" data-testid="draft-saved">
        The draft is kept in this browser as you type.{' '}
        <button type="button" className="link" onClick={discard} data-testid="discard-draft">
          Start over
        </button>
      </p>
      <div className="card" data-testid="release-fields">
        <h2>Release</h2>
        <div className="row">
          <label>
            Title
            <input
              value={draft.title}
              onChange={(e) => update((d) => ({ ...d, title: e.target.value }))}
              data-testid="draft-title"
            />
          </label>
          <label>
            Ticket
            <input
              value={manifest.ticket}
              onChange={(e) => update((d) => withManifest(d, { ticket: e.target.value }))}
              data-testid="draft-ticket"
            />
          </label>
          <label>
            Kind
            <select
              value={manifest.kind}
              onChange={(e) =>
                update((d) =>
                  withManifest(d, {
                    kind: Number(e.target.value),
                    rollback: Number(e.target.value) === ManifestKind.Release ? d.manifest.rollback : zeroHash,
                  }),
                )
              }
              data-testid="draft-kind"
            >
              {Object.values(ManifestKind).map((kind) => (
                <option key={kind} value={kind}>
                  {kindLabel(kind)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="row">
          <label>
            Opens (UTC)
            <input
              type="datetime-local"
              value={toLocal(manifest.notBefore)}
              onChange={(e) => update((d) => withManifest(d, { notBefore: fromLocal(e.target.value) }))}
              data-testid="draft-not-before"
            />
          </label>
          <label>
            Expires (UTC)
            <input
              type="datetime-local"
              value={toLocal(manifest.expiry)}
              onChange={(e) => update((d) => withManifest(d, { expiry: fromLocal(e.target.value) }))}
              data-testid="draft-expiry"
            />
          </label>
        </div>
        {manifest.kind === ManifestKind.Release && (
          <label>
            Rollback manifest id
            <input
              value={manifest.rollback === zeroHash ? '' : manifest.rollback}
              onChange={(e) =>
                update((d) =>
                  withManifest(d, {
                    rollback: (isHash(e.target.value.trim()) ? e.target.value.trim() : zeroHash) as `0x${string}`,
                  }),
                )
              }
              placeholder="0x… (register the rollback first)"
              data-testid="draft-rollback"
            />
          </label>
        )}
        {manifest.kind === ManifestKind.Release && rollback.status === 'done' && (
          <p data-testid="rollback-state">
            {rollback.value
              ? `Rollback manifest: ${kindLabel(rollback.value.kind)}, ${statusLabel(rollback.value.status)}, approvals ${rollback.value.approvals} / ${rollback.value.requiredApprovals}. ` +
                'The guard lets the release start only once this rollback is approved and executable on its own terms; Inspect and Co-sign show its answer once the release is registered.'
              : manifest.rollback === zeroHash
                ? 'A release needs its rollback manifest: assemble and register the rollback first, then paste its id.'
                : 'This guard does not know that rollback id.'}
          </p>
        )}
      </div>

      <AddUpgrade phases={manifest.phases.length} update={update} />
      <PhasesEditor manifest={manifest} overview={overview} safe={state.safe} update={update} />

      <div className="card" data-testid="evidence">
        <h2>Evidence packet</h2>
        <label>
          Evidence packet JSON
          <textarea
            value={draft.evidenceJson}
            onChange={(e) => update((d) => ({ ...d, evidenceJson: e.target.value }))}
            data-testid="evidence-input"
          />
        </label>
        {evidence && 'error' in evidence && <p className="field-error">{evidence.error}</p>}
        {evidence && 'gaps' in evidence && (
          <>
            <ul
              className="checklist"
              data-testid="evidence-checklist"
              data-complete={String(evidence.gaps.length === 0)}
            >
              {evidence.gaps.length === 0 && (
                <li data-ok="true">Complete: every part is present and matches the manifest.</li>
              )}
              {evidence.gaps.map((gap, index) => (
                <li key={index} data-ok="false" data-testid="evidence-gap">
                  {gap.part}: {gap.message}
                </li>
              ))}
            </ul>
            <p>
              Packet hash <code>{evidence.hash}</code>{' '}
              {manifest.evidence === evidence.hash ? (
                <span data-testid="evidence-attached">attached to the manifest</span>
              ) : (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => update((d) => withManifest(d, { evidence: evidence.hash }))}
                  data-testid="attach-evidence"
                >
                  Attach this packet’s hash
                </button>
              )}
            </p>
          </>
        )}
      </div>

      <div className="card" data-testid="draft-summary">
        <h2>Before registering</h2>
        <dl className="facts">
          <dt>Manifest id</dt>
          <dd>
            <Hash value={analysis.id} testId="draft-id" />
          </dd>
          <dt>Lane</dt>
          <dd data-testid="draft-lane" data-lane={analysis.lane?.lane ?? 'unclassifiable'}>
            {analysis.lane ? analysis.lane.lane : `cannot be classified: ${analysis.laneIssue}`}
            {analysis.lane?.reasons.map((reason, index) => (
              <span key={index}>
                · phase {reason.phase + 1} step {reason.step + 1}: {reason.detail}
              </span>
            ))}
          </dd>
        </dl>
        {analysis.packageIssues.length > 0 && (
          <ul data-testid="draft-issues">
            {analysis.packageIssues.map((issue, index) => (
              <li key={index} data-testid="draft-issue">
                {issue}
              </li>
            ))}
          </ul>
        )}
        {registered && (
          <p data-testid="already-registered">
            This exact manifest is registered.{' '}
            <button type="button" className="link" onClick={() => go('cosign', { manifest: analysis.id })}>
              Open it in Co-sign
            </button>
          </p>
        )}
        <button
          type="button"
          disabled={action.busy || analysis.packageIssues.length > 0 || !analysis.lane || registered}
          onClick={register}
          data-testid="register"
        >
          Register as {connection.wallet?.label ?? 'proposer'}
        </button>
        {action.progress && <Progress message={action.progress} />}
        {action.error !== undefined && <ErrorNotice error={action.error} testId="register-error" />}
        {action.done && (
          <div className="notice notice-ok" role="status" data-testid="register-done">
            {action.done}
          </div>
        )}
      </div>

      <PackageIO
        pkg={analysis.pkg}
        phases={manifest.phases.length}
        update={update}
        target={{ safe: state.safe, guard: overview.guard, chainId: state.chainId }}
      />
    </section>
  );
}

const toLocal = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString().slice(0, 16);
const fromLocal = (text: string) => BigInt(Math.floor(Date.parse(`${text}:00Z`) / 1000) || 0);
