import type { GuardConfig } from '../guard/manifest.js';

const fields = [
  'proposers',
  'approvers',
  'executors',
  'guardians',
  'routineThreshold',
  'privilegedThreshold',
  'routineDelay',
  'privilegedDelay',
  'maxFreeze',
  'freezeCooldown',
  'multiSendCallOnly',
  'authorities',
  'privilegedSelectors',
] as const satisfies readonly (keyof GuardConfig)[];

/**
 * The fields in which two guard configurations differ, each as `field: expected ≠ actual` (addresses and selectors
 * compared without case, lists in order).
 *
 * @example
 * configDifferences(shown, await guard.read.getConfig()); // ['routineDelay: 3600 ≠ 7200']
 */
export function configDifferences(expected: GuardConfig, actual: GuardConfig): string[] {
  const differences: string[] = [];
  for (const field of fields) {
    const a = show(expected[field]);
    const b = show(actual[field]);
    if (a !== b) differences.push(`${field}: ${a} ≠ ${b}`);
  }
  return differences;
}

function show(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  return String(value).toLowerCase();
}
