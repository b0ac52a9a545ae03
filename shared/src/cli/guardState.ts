import type { Address, Hex } from 'viem';

import {
  decodeGuardError,
  guardHint,
  laneName,
  type ManifestDerivedState,
  ManifestStatus,
  type ManifestView,
  readManifestState,
  readManifestView,
  statusName,
} from '../node.js';
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
  /** The guard's own answers (`manifestState`): may the next step run now, and if not, its error in words. */
  nextStepOpen: boolean;
  nextStepBlockedBy: string | null;
  laneCurrent: boolean;
  rollbackReady: boolean;
  rollbackBlockedBy: string | null;
  reinstatable: boolean;
};

/** The guard's error bytes as a sentence (null when there is none). */
function inWords(reason: Hex | undefined, id: Hex): string | null {
  if (!reason || reason === '0x') return null;
  const decoded = decodeGuardError(reason);
  if (!decoded) return reason;
  const hint = guardHint(decoded, { action: 'the next step', manifestId: id });
  return hint ? `${hint.sentence} ${hint.fix}` : decoded.summary;
}

const kindNames = ['Release', 'Rollback', 'Emergency'];

export function manifestState(id: Hex, view: ManifestView, derived?: ManifestDerivedState): ManifestState {
  return {
    id,
    status: statusName(view.status),
    kind: kindNames[view.kind] ?? String(view.kind),
    lane: laneName(view.lane),
    approvals: `${view.approvals}/${view.requiredApprovals}`,
    phase: `${view.status === ManifestStatus.Completed ? view.phaseCount : Math.min(view.currentPhase, view.phaseCount)}/${view.phaseCount}`,
    nextStep: view.nextStep,
    gateOpen: view.gateOpen,
    notBefore: view.notBefore,
    expiry: view.expiry,
    executableFrom: view.executableFrom,
    phaseCompletedAt: view.phaseCompletedAt,
    rollback: view.rollback,
    nextStepOpen: derived?.open ?? false,
    nextStepBlockedBy: derived ? inWords(derived.reason, id) : 'The guard does not know this manifest: register it.',
    laneCurrent: derived?.laneCurrent ?? true,
    rollbackReady: derived?.rollbackReady ?? false,
    rollbackBlockedBy: derived ? inWords(derived.rollbackReason, id) : null,
    reinstatable: derived?.reinstatable ?? false,
  };
}

export async function readState(chain: CliChain, guard: Address, id: Hex): Promise<ManifestState> {
  const [view, derived] = await Promise.all([
    readManifestView(chain.publicClient, guard, id),
    readManifestState(chain.publicClient, guard, id),
  ]);
  return manifestState(id, view, derived);
}

/** One line: `Approved, phase 1/2, approvals 2/2, window … → …`. */
export function stateLine(state: ManifestState): string {
  const time = (seconds: bigint) => (seconds === 0n ? '-' : new Date(Number(seconds) * 1000).toISOString());
  return (
    `${state.status}, ${state.kind}, ${state.lane}, phase ${state.phase} (next step ${state.nextStep}` +
    `${state.gateOpen ? ', gate open' : ''}), approvals ${state.approvals}, window ${time(state.notBefore)} → ` +
    `${time(state.expiry)}, executable from ${time(state.executableFrom)}` +
    (state.nextStepOpen
      ? '; next step open'
      : state.nextStepBlockedBy
        ? `; next step: ${state.nextStepBlockedBy}`
        : '') +
    (state.laneCurrent ? '' : '; lane stale: run `manifest-guard reclassify`') +
    (state.reinstatable ? '; halted by a guardian: approvers may reinstate it' : '')
  );
}
