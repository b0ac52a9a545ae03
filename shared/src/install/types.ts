import type { Address, Hex } from 'viem';

import type { GuardConfig } from '../guard/manifest.js';

/** The steps of the install dry run, in the order they run, with what each proves. */
export const installStepTitles = {
  deployGuard: 'The guard deploys for this Safe with this configuration',
  installGuard: 'The Safe installs it (setGuard, and setModuleGuard on Safe 1.5.0)',
  registerRoutine: 'A proposer registers a routine manifest',
  approveRoutine: 'Approvers reach the routine threshold',
  waitRoutineDelay: 'The routine delay passes',
  executeRoutine: 'An executor executes its step through the Safe',
  registerRemoval: 'A proposer registers the privileged manifest that removes the guard',
  approveRemoval: 'Approvers reach the privileged threshold',
  waitPrivilegedDelay: 'The privileged delay passes',
  executeRemoval: 'An executor removes the guard: the Safe is unguarded again',
} as const;

export type InstallStepName = keyof typeof installStepTitles;

/** The step names in the order they run. */
export const installStepNames = Object.keys(installStepTitles) as InstallStepName[];

/** Why a step failed and what to change. */
export type InstallStepError = {
  /** What went wrong, in one line. */
  message: string;
  /** The guard's custom error with its values (`ManifestGuardNotExecutor(0x…)`), when the guard refused. */
  guardError?: string;
  /** What to change before installing. */
  fix: string;
};

/** One step of the dry run: passed, failed (with the error), or not run because an earlier one failed. */
export type InstallDryRunStep = {
  name: InstallStepName;
  title: string;
  ok: boolean;
  /** What the step did on the fork (accounts, ids, transactions), or why it did not run. */
  detail: string;
  /** True when the step did not run because an earlier step failed. */
  skipped?: boolean;
  error?: InstallStepError;
  /** The fork transaction that proved the step, when there is one. */
  txHash?: Hex;
};

/** The dry run's result: JSON-serialisable (no bigints). */
export type InstallDryRunReport = {
  /** Every step passed: the configuration can install the guard and remove it again. */
  ok: boolean;
  safe: Address;
  /** `VERSION()` of the Safe. */
  safeVersion: string;
  /** The guard the dry run installed (an address on the fork unless `guard` was given). */
  guard: Address | null;
  /** Whether the guard was deployed on the fork (false: the given, already deployed guard was used). */
  deployedOnFork: boolean;
  steps: InstallDryRunStep[];
  /** The endpoint the dry run ran on and the block it started from (the state is reverted to it afterwards). */
  fork: { rpcUrl: string; chainId: number; blockNumber: number };
};

/** Progress of the dry run: a step starts, or a step ends with its result. */
export type InstallDryRunProgress =
  | { status: 'running'; name: InstallStepName; title: string; index: number }
  | { status: 'done'; name: InstallStepName; title: string; index: number; step: InstallDryRunStep };

export type InstallDryRunParameters = {
  /**
   * An Anvil-compatible JSON-RPC endpoint holding the Safe's chain: a fork (`npx anvil --fork-url <RPC>`), or the
   * local desk chain. It must answer `anvil_nodeInfo`; everything the dry run does is reverted (`evm_revert`).
   */
  rpcUrl: string;
  /** The Safe the guard is for. */
  safe: Address;
  /** The guard configuration to prove. */
  config: GuardConfig;
  /** A guard already deployed for the Safe (with `config`): dry-run it instead of deploying one on the fork. */
  guard?: Address;
  /** The Safe's chain id: the endpoint must answer it (a fork keeps the chain id it forks). */
  chainId?: number;
  /** Called as each step starts and ends. */
  onProgress?: (progress: InstallDryRunProgress) => void;
};
