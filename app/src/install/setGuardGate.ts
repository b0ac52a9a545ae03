import type { Address } from 'viem';

import { configDifferences, type GuardConfig } from '../../../shared/src/index.js';

/** The configuration a dry run proved, as a key: the Safe and every field, in order. */
export const dryRunKey = (safe: Address, config: GuardConfig): string => JSON.stringify([safe, config]);

/** What the setGuard proposal waits for. */
export type SetGuardGateInput = {
  safe: Address;
  /** The configuration in the form, when it parses. */
  shownConfig: GuardConfig | undefined;
  /** The last dry run: the key of the configuration it ran for, and whether it passed. */
  dryRun: { key: string; ok: boolean } | undefined;
  /** The guard to set: its configuration, read from the chain (undefined until read). */
  guardConfig: GuardConfig | undefined;
};

/**
 * Why the setGuard transaction may not be proposed yet, or undefined when it may: the dry run passed for exactly
 * the configuration shown, and the guard to set holds exactly that configuration.
 *
 * @example
 * setGuardBlocker({ safe, shownConfig, dryRun: undefined, guardConfig }); // 'Run the dry run (step 2) first: …'
 */
export function setGuardBlocker({ safe, shownConfig, dryRun, guardConfig }: SetGuardGateInput): string | undefined {
  if (!shownConfig) return 'Fill in the configuration (step 1): the dry run and the guard are checked against it.';
  if (!dryRun) {
    return 'Run the dry run (step 2) first: it proves on a fork that this configuration can install the guard and remove it again.';
  }
  if (dryRun.key !== dryRunKey(safe, shownConfig)) {
    return 'The configuration changed since the dry run: run the dry run again.';
  }
  if (!dryRun.ok) return 'The dry run failed: change the configuration as it says and run it again.';
  if (!guardConfig) return undefined;
  const differences = configDifferences(shownConfig, guardConfig);
  if (differences.length > 0) {
    return `This guard holds another configuration than the one shown and dry-run (${differences.join('; ')}): deploy a guard with the configuration shown.`;
  }
  return undefined;
}
