import type { ManifestQueue } from '../queuedSteps.js';
import { ProposalRow, type ProposalRowProps } from './ProposalRow.js';

/**
 * The manifest's steps in the Safe queue (the shared queue every owner sees, or this browser's proposals when the
 * app cannot read it): confirmations against the threshold, nonce, execute or why not.
 */
export function ProposalList(props: Omit<ProposalRowProps, 'step' | 'entries'> & { queue: ManifestQueue }) {
  const { queue, ...rest } = props;
  if (queue.steps.length === 0) return null;
  const entries = queue.source === 'queue' ? queue.entries : undefined;
  return (
    <div className="card" data-testid="proposals" data-source={queue.source}>
      <h2>In the Safe queue</h2>
      {queue.source === 'browser' && (
        <p className="muted" data-testid="proposals-local">
          Proposed from this browser. {queue.why}
        </p>
      )}
      <ul className="manifest-list">
        {queue.steps.map((step) => (
          <ProposalRow key={step.safeTxHash} step={step} entries={entries} {...rest} />
        ))}
      </ul>
    </div>
  );
}
