import type { Inspection } from '../inspectTransaction.js';

/** The evidence packet against the manifest: its hash, and every part present or what is missing. */
export function EvidenceFact({ evidence, manifest }: Pick<Inspection, 'evidence' | 'manifest'>) {
  return (
    <dd
      data-testid="inspect-evidence"
      data-complete={evidence ? String(evidence.gaps.length === 0 && evidence.hashMatches) : 'none'}
    >
      {!evidence &&
        (manifest
          ? `not loaded: the manifest commits to evidence ${manifest.facts.evidence}. Paste the evidence packet to check it.`
          : '–')}
      {evidence && (
        <ul className="checklist">
          <li data-ok={String(evidence.hashMatches)}>
            {evidence.hashMatches
              ? 'hash matches the manifest'
              : `hash ${evidence.hash} differs from the manifest’s ${manifest?.facts.evidence}`}
          </li>
          {evidence.gaps.length === 0 && <li data-ok="true">every part present</li>}
          {evidence.gaps.map((gap, index) => (
            <li key={index} data-ok="false" data-testid="evidence-gap">
              {gap.part}: {gap.message}
            </li>
          ))}
        </ul>
      )}
    </dd>
  );
}
