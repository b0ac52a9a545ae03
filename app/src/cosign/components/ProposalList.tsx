import type { StepProposal } from '../proposals.js';
import { ProposalRow, type ProposalRowProps } from './ProposalRow.js';

/** The manifest's steps in the Safe queue: confirmations against the threshold, nonce, execute or why not. */
export function ProposalList(props: Omit<ProposalRowProps, 'proposal'> & { proposals: StepProposal[] }) {
  if (props.proposals.length === 0) return null;
  return (
    <div className="card" data-testid="proposals">
      <h2>In the Safe queue</h2>
      <ul className="manifest-list">
        {props.proposals.map((proposal) => (
          <ProposalRow key={proposal.safeTxHash} proposal={proposal} {...props} />
        ))}
      </ul>
    </div>
  );
}
