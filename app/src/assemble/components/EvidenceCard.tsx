import type { Manifest } from '../../../../shared/src/index.js';
import type { DraftAnalysis } from '../analyzeDraft.js';
import { type AssembleDraft, type DraftUpdate, withManifest } from '../draft.js';

/** The evidence packet: its JSON, its completeness checklist, and attaching its hash to the manifest. */
export function EvidenceCard({
  draft,
  manifest,
  evidence,
  update,
}: {
  draft: AssembleDraft;
  manifest: Manifest;
  evidence: DraftAnalysis['evidence'];
  update: DraftUpdate;
}) {
  return (
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
          <ul className="checklist" data-testid="evidence-checklist" data-complete={String(evidence.gaps.length === 0)}>
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
  );
}
