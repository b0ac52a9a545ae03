/**
 * The registrar's bounds on a manifest's shape (`ManifestGuardStorage`: `MAX_PHASES`, `MAX_STEPS_PER_PHASE`,
 * `MAX_STEPS`, `MAX_CHECKS`, `MAX_CONDITIONS`, `MAX_SOAK`), and the largest `expiry` the guard stores (`type(uint40).max`).
 * `manifestBounds.anvil.test.ts` reads the constants from a deployed guard, so these cannot drift.
 *
 * @example
 * if (manifest.phases.length > manifestBounds.maxPhases) throw new Error('too many phases');
 */
export const manifestBounds = {
  maxPhases: 16,
  maxStepsPerPhase: 32,
  maxSteps: 64,
  maxChecks: 8,
  maxConditions: 4,
  /** `MAX_SOAK`: 90 days, in seconds. */
  maxSoak: 7_776_000n,
  /** `type(uint40).max`: the registrar rejects a later expiry. */
  maxExpiry: 2n ** 40n - 1n,
} as const;
