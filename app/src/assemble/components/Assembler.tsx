import type { GuardOverview } from '../../guard/readGuard.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { analyzeDraft } from '../analyzeDraft.js';
import type { DraftUpdate } from '../draft.js';
import { registrationIssues } from '../registrationIssues.js';
import { useDraft } from '../hooks/useDraft.js';
import { useRegisterDryRun } from '../hooks/useRegisterDryRun.js';
import { useRegisterManifest } from '../hooks/useRegisterManifest.js';
import { useRollbackState } from '../hooks/useRollbackState.js';
import { AddUpgrade } from './AddUpgrade.js';
import { DraftSummary } from './DraftSummary.js';
import { EvidenceCard } from './EvidenceCard.js';
import { PackageIO } from './PackageIO.js';
import { PhasesEditor } from './PhasesEditor.js';
import { ReleaseFields } from './ReleaseFields.js';

/** The draft, kept as typed: its fields, steps and phases, evidence, id and lane, register, import and export. */
export function Assembler({ overview }: { overview: GuardOverview }) {
  const connection = useConnection();
  const { state } = connection;
  const [draft, setDraft, discard] = useDraft(state.safe, state.chainId, overview.now);
  const update: DraftUpdate = (change) => setDraft((previous) => change(previous));
  const { manifest } = draft;
  const analysis = analyzeDraft({ draft, chainId: state.chainId, safe: state.safe, overview });
  const rollback = useRollbackState(overview.guard, manifest.rollback);
  const registered = overview.manifests.some((entry) => entry.id === analysis.id);
  const { action, register } = useRegisterManifest(overview.guard, manifest, analysis.id);
  const dryRun = useRegisterDryRun(overview.guard, manifest, analysis.id, overview.config.proposers);

  return (
    <section aria-labelledby="assemble-title">
      <h1 id="assemble-title">Assemble a manifest</h1>
      <p className="hash-label" data-testid="draft-saved">
        The draft is kept in this browser as you type.{' '}
        <button type="button" className="link" onClick={discard} data-testid="discard-draft">
          Start over
        </button>
      </p>
      <ReleaseFields draft={draft} update={update} rollback={rollback} />
      <AddUpgrade phases={manifest.phases.length} update={update} />
      <PhasesEditor manifest={manifest} overview={overview} safe={state.safe} update={update} />
      <EvidenceCard draft={draft} manifest={manifest} evidence={analysis.evidence} update={update} />
      <DraftSummary
        analysis={analysis}
        registered={registered}
        signer={connection.wallet?.label}
        action={action}
        onRegister={register}
        issues={registrationIssues(manifest, rollback)}
        dryRun={dryRun}
      />
      <PackageIO
        pkg={analysis.pkg}
        phases={manifest.phases.length}
        update={update}
        target={{ safe: state.safe, guard: overview.guard, chainId: state.chainId, now: overview.now }}
      />
    </section>
  );
}
