import { type Address, getAddress, zeroAddress } from 'viem';

import { type GuardConfig, type Manifest, ManifestKind, ManifestStatus, laneName } from '../guard/manifest.js';
import { classifyLane } from '../lane/classifyLane.js';
import type { ChainState, ComputedLane, ManifestView } from './readChainState.js';
import type { StepIndex } from './stepMatch.js';

/**
 * The step the proposed transaction is compared with: the guard's cursor for a registered manifest, else the first
 * step; `null` when none is left (completed, or the cursor past the last phase).
 */
export function nextStep(manifest: Manifest, view: ManifestView | undefined): StepIndex | null {
  if (!view || view.status === ManifestStatus.None) return { phase: 0, step: 0 };
  if (view.status === ManifestStatus.Completed || view.currentPhase >= manifest.phases.length) return null;
  return { phase: view.currentPhase, step: view.nextStep };
}

/**
 * Whether the release's way back is ready: with a chain, the guard's derived state says so (approved, inside its
 * window); offline, the evidence must at least name the rollback manifest. A rollback is always ready.
 */
export function rollbackReadiness(manifest: Manifest, state: ChainState | undefined, evidence: unknown): boolean {
  if (manifest.kind !== ManifestKind.Release) return true;
  if (state) return state.derived?.rollbackReady ?? false;
  const named = (evidence as { rollback?: { rollbackManifestId?: unknown } } | undefined)?.rollback?.rollbackManifestId;
  return typeof named === 'string' && named.toLowerCase() === manifest.rollback.toLowerCase();
}

/**
 * The manifest's lane: with a chain the guard's (the registered manifest's, or its `computeLane` view for one it
 * does not know yet); offline classified here, without the Safe's fallback handler (unknown offline). With `error`,
 * the refusal to classify it (the lane is then `privileged`, the stricter one).
 */
export function manifestLane(
  manifest: Manifest,
  state: ChainState | undefined,
  context: { safe: Address; guard: Address; config: Partial<GuardConfig> | undefined },
): ComputedLane {
  const view = state?.manifest;
  if (view && view.status !== ManifestStatus.None) return { lane: laneName(view.lane) as 'routine' | 'privileged' };
  if (state?.computedLane) return state.computedLane;
  try {
    return {
      lane: classifyLane({
        manifest,
        safe: context.safe,
        guard: context.guard,
        multiSendCallOnly: context.config?.multiSendCallOnly ?? delegatecallTarget(manifest),
        fallbackHandler: undefined,
        authorities: context.config?.authorities,
        privilegedSelectors: context.config?.privilegedSelectors,
        containmentSelectors: context.config?.containmentSelectors,
      }).lane,
    };
  } catch (error) {
    return {
      lane: 'privileged',
      error: `The guard cannot classify the manifest: ${(error as Error).message.split('\n')[0]}`,
    };
  }
}

/**
 * Offline, without a configuration, the MultiSendCallOnly is not known: the one address the manifest delegatecalls
 * stands for it, so a batch is classified by its calls (offline the gate holds anyway; with a chain, the guard's
 * configuration decides). Several delegatecall targets, or none: the zero address (the classifier then refuses
 * every delegatecall).
 */
function delegatecallTarget(manifest: Manifest): Address {
  const targets = new Set(
    manifest.phases.flatMap((phase) =>
      phase.steps.filter((step) => step.operation === 1).map((step) => step.to.toLowerCase()),
    ),
  );
  return targets.size === 1 ? getAddress([...targets][0]!) : zeroAddress;
}
