import type { Hex } from 'viem';

/** A step proposed to the Safe queue: which manifest position, under which safeTxHash. */
export type StepProposal = { phase: number; step: number; safeTxHash: Hex };

const key = (manifestId: Hex) => `manifest-guard:proposals:${manifestId}`;

/** The proposals made from this browser for a manifest (kept across reloads). */
export function loadProposals(manifestId: Hex): StepProposal[] {
  try {
    return JSON.parse(localStorage.getItem(key(manifestId)) ?? '[]') as StepProposal[];
  } catch {
    return [];
  }
}

export function saveProposal(manifestId: Hex, proposal: StepProposal): StepProposal[] {
  const next = [
    ...loadProposals(manifestId).filter((p) => !(p.phase === proposal.phase && p.step === proposal.step)),
    proposal,
  ].sort((a, b) => a.phase - b.phase || a.step - b.step);
  localStorage.setItem(key(manifestId), JSON.stringify(next));
  return next;
}
