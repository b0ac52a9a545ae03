import type { Address, Hex } from 'viem';

import {
  classifyLane,
  type ClassifyLaneReturnType,
  evidenceCompleteness,
  type EvidenceGap,
  evidenceHash,
  fromManifest,
  manifestId,
  type ReleasePackage,
} from '../../../shared/src/index.js';
import type { GuardOverview } from '../guard/readGuard.js';
import { describeError } from '../ui/describeError.js';
import type { AssembleDraft } from './draft.js';

/** What the draft is, as the guard will see it: its id, lane, the package's problems and the evidence's gaps. */
export type DraftAnalysis = {
  id: Hex;
  lane: ClassifyLaneReturnType | undefined;
  laneIssue: string | undefined;
  pkg: ReleasePackage | undefined;
  /** Why the draft is not a valid release package yet (one line per problem). */
  packageIssues: string[];
  evidence: { hash: Hex; gaps: EvidenceGap[] } | { error: string } | undefined;
};

/**
 * Analyzes a draft with the shared modules: `manifestId` (EIP-712, bound to chain and guard), `classifyLane` with
 * the guard's configuration, `fromManifest` (the release package rules), `evidenceCompleteness` and `evidenceHash`.
 */
export function analyzeDraft(args: {
  draft: AssembleDraft;
  chainId: number;
  safe: Address;
  overview: GuardOverview;
}): DraftAnalysis {
  const { draft, chainId, safe, overview } = args;
  const { manifest } = draft;
  const id = manifestId({ manifest, chainId, guard: overview.guard });
  let lane: ClassifyLaneReturnType | undefined;
  let laneIssue: string | undefined;
  try {
    lane = classifyLane({
      manifest,
      safe,
      guard: overview.guard,
      multiSendCallOnly: overview.config.multiSendCallOnly,
      fallbackHandler: overview.fallbackHandler,
      authorities: overview.config.authorities,
      privilegedSelectors: overview.config.privilegedSelectors,
      containmentSelectors: overview.config.containmentSelectors,
    });
  } catch (error) {
    laneIssue = describeError(error).details.join(' ') || describeError(error).title;
  }
  let pkg: ReleasePackage | undefined;
  let packageIssues: string[] = [];
  try {
    pkg = fromManifest({
      manifest,
      chainId,
      safe,
      guard: overview.guard,
      title: draft.title || '(untitled)',
      description: draft.description,
    });
  } catch (error) {
    const { title, details } = describeError(error);
    packageIssues = details.length > 0 ? details : [title];
  }
  let evidence: DraftAnalysis['evidence'];
  if (draft.evidenceJson.trim()) {
    try {
      const packet = JSON.parse(draft.evidenceJson) as unknown;
      evidence = { hash: evidenceHash(packet), gaps: evidenceCompleteness(packet, { manifest }) };
    } catch (error) {
      evidence = { error: `The evidence packet is not JSON: ${(error as Error).message}. Fix it or paste it again.` };
    }
  }
  return { id, lane, laneIssue, pkg, packageIssues, evidence };
}
