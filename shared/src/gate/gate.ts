import { getAddress } from 'viem';

import { readGateContext } from './context.js';
import { packageHash } from './packageHash.js';
import type { GateParameters, GateReturnType } from './parameters.js';
import { gateRules } from './rules/index.js';
import { simulation, simulationReasons } from './rules/simulation.js';
import type { GateDecision, GateReason } from './types.js';

export type { GateAuthorityEffects, GateChain, GateErrorType, GateParameters, GateReturnType } from './parameters.js';

/**
 * The execution gate (SPEC "The gate"): may this Safe transaction be released now? `reject` when it is not the
 * manifest's next step (target, value, operation or calldata; drift names the step), or the chain, Safe, executor
 * or refund parameters are wrong, or the manifest is expired, halted, cancelled or completed; `hold` when the
 * evidence is missing or incomplete, the window is not open, the manifest is not registered or approved, the
 * rollback is not ready, the phase gate or soak is closed, a policy rule is unmet or the authority map has a
 * finding; `release` otherwise. With `chain`, everything the chain decides is read at one block (`chain` in the
 * answer), the guard's own verdict (`explainTransaction`) is a reason too (the on-chain rule wins), and the
 * transaction runs on a fork of that block to find authority that leaves the Safe or appears outside the declared
 * set (`authorityEffects`). Without `chain` the gate is offline and answers at most `hold` (rule `offline`).
 *
 * @throws {GateInputError} without a package or manifest, or a guard address for a bare manifest.
 * @throws {RpcUnreachableError} when `chain` does not answer.
 * @throws {RpcAnswerError} when `chain` answers something unusable.
 * @throws {SimulationError} when the fork for the authority simulation cannot be run.
 *
 * @example
 * const { decision, reasons } = await gate({ pkg, evidence, proposed, chainId: 1, safe, executor, chain: { publicClient, guard } });
 * // { packageHash: '0x…', targetProxy: '0x…', lane: 'routine', rollbackReady: true, decision: 'release',
 * //   offline: false, chain: { chainId: 1, blockNumber: 21000000, … }, authorityEffects: { findings: [], … }, reasons: [] }
 */
export async function gate(parameters: GateParameters): Promise<GateReturnType> {
  const context = await readGateContext(parameters);
  const reasons: GateReason[] = [];
  for (const rule of gateRules) reasons.push(...rule(context, reasons));
  const authorityEffects = await simulation(context, reasons);
  reasons.push(...simulationReasons(authorityEffects));

  const { state } = context;
  const { chain } = parameters;
  return {
    packageHash: packageHash(context.pkg),
    manifestId: context.id,
    targetProxy: context.target,
    lane: context.lane.lane,
    rollbackReady: context.rollbackReady,
    step: context.position,
    decision: decisionOf(reasons),
    offline: !state,
    chain:
      chain && state
        ? {
            chainId: state.chainId,
            blockNumber: Number(state.block.number),
            blockHash: state.block.hash,
            timestamp: Number(state.block.timestamp),
            guard: getAddress(chain.guard),
            safe: state.safe,
          }
        : null,
    authorityEffects,
    reasons,
  };
}

/** The most severe reason's decision; `release` only when there is no reason at all. */
function decisionOf(reasons: readonly GateReason[]): GateDecision {
  if (reasons.some((reason) => reason.decision === 'reject')) return 'reject';
  return reasons.length > 0 ? 'hold' : 'release';
}
