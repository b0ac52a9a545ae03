import type { Address, Hex } from 'viem';

import { type ManifestView, readManifestView } from '../gate/readChainState.js';
import { laneName, statusName } from '../guard/manifest.js';
import type { CliChain } from './chain.js';

/** A manifest's on-chain state for people and JSON: names instead of enum numbers, times as unix seconds. */
export type ManifestState = {
  id: Hex;
  status: string;
  kind: string;
  lane: string;
  approvals: string;
  phase: string;
  nextStep: number;
  gateOpen: boolean;
  notBefore: bigint;
  expiry: bigint;
  executableFrom: bigint;
  phaseCompletedAt: bigint;
  rollback: Hex;
};

const kindNames = ['Release', 'Rollback', 'Emergency'];

export function manifestState(id: Hex, view: ManifestView): ManifestState {
  return {
    id,
    status: statusName(view.status),
    kind: kindNames[view.kind] ?? String(view.kind),
    lane: laneName(view.lane),
    approvals: `${view.approvals}/${view.requiredApprovals}`,
    phase: `${view.status === 3 ? view.phaseCount : Math.min(view.currentPhase, view.phaseCount)}/${view.phaseCount}`,
    nextStep: view.nextStep,
    gateOpen: view.gateOpen,
    notBefore: view.notBefore,
    expiry: view.expiry,
    executableFrom: view.executableFrom,
    phaseCompletedAt: view.phaseCompletedAt,
    rollback: view.rollback,
  };
}

export async function readState(chain: CliChain, guard: Address, id: Hex): Promise<ManifestState> {
  return manifestState(id, await readManifestView(chain.publicClient, guard, id));
}

/** One line: `Approved, phase 1/2, approvals 2/2, window … → …`. */
export function stateLine(state: ManifestState): string {
  const time = (seconds: bigint) => (seconds === 0n ? '-' : new Date(Number(seconds) * 1000).toISOString());
  return (
    `${state.status}, ${state.kind}, ${state.lane}, phase ${state.phase} (next step ${state.nextStep}` +
    `${state.gateOpen ? ', gate open' : ''}), approvals ${state.approvals}, window ${time(state.notBefore)} → ` +
    `${time(state.expiry)}, executable from ${time(state.executableFrom)}`
  );
}
