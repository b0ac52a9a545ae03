import type { Hex } from 'viem';

import type { BatchResult } from './batchReads.js';
import { judgeState } from './judgeState.js';
import type { ChainFacts, StateContext } from './stateContext.js';
import { stateExpectations } from './stateExpectations.js';
import { planStateReads } from './stateReadPlan.js';
import type { StateReads } from './stateReads.js';

export type { ChainFacts, StateContext } from './stateContext.js';
import type { VerifyFinding } from './types.js';

/**
 * Plans the state reads of a verification and answers how to judge them, in three parts: what the phase should
 * leave on chain (`stateExpectations`: for each proxy it touches, its implementation and admin against the step's
 * calldata; `owner()` of each ProxyAdmin, beacon and UUPS proxy, the Safe unless a step transfers it; the roles steps
 * grant or revoke; the Safe's guard), where each read sits in the batch (`planStateReads`, with the manifest's cursor,
 * the phase's checks and the package's watched invariants), and the judgement of the answers (`judgeState`).
 *
 * @example
 * const reads = new StateReads();
 * const judge = planState(context, reads);
 * const { findings, facts } = judge(words, results);
 */
export function planState(
  context: StateContext,
  reads: StateReads,
): (words: readonly Hex[], results: readonly BatchResult[]) => { findings: VerifyFinding[]; facts: ChainFacts } {
  const plan = planStateReads(context, stateExpectations(context.effects, context.safe, context.guard), reads);
  return (words, results) => judgeState(context, plan, { words, results });
}
