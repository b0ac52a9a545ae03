import { useState } from 'react';
import type { Hex } from 'viem';

import { type StepProposal, loadProposals, saveProposal } from '../proposals.js';

/**
 * The manifest's steps proposed from this browser (kept in localStorage), and `record` for a new proposal.
 *
 * @example
 * const [proposals, record] = useProposals(entry.id);
 */
export function useProposals(manifestId: Hex) {
  const [proposals, setProposals] = useState<StepProposal[]>(() => loadProposals(manifestId));
  const record = (proposal: StepProposal) => setProposals(saveProposal(manifestId, proposal));
  return [proposals, record] as const;
}
