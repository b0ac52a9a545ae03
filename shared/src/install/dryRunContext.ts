import type { Address, Hex } from 'viem';

import type { GuardConfig, Manifest, Step } from '../guard/manifest.js';
import type { InstallSafe } from './installSafe.js';
import type { SimulationEndpoint } from './simulationEndpoint.js';

/** A manifest the dry run registered on the fork. */
/** A dry-run Release and the id of its (registered, never executed) Rollback. */
export type DryRunManifest = {
  id: Hex;
  rollbackId: Hex;
  manifest: Manifest;
  step: Step;
  lane: 'routine' | 'privileged';
};

/** What the steps of one dry run share: the fork, the Safe, the configuration, and what earlier steps made. */
export type DryRunContext = {
  endpoint: SimulationEndpoint;
  safe: InstallSafe;
  config: GuardConfig;
  /** The guard given by the caller, or the one `deployGuard` deployed. */
  guard: Address | undefined;
  deployedOnFork: boolean;
  routine: DryRunManifest | undefined;
  removal: DryRunManifest | undefined;
};

/** What a passed step reports. */
export type StepOutcome = { detail: string; txHash?: Hex };
