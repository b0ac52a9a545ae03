import { type Address, type Hex, getAddress, isAddress } from 'viem';

import type { GuardConfig } from '../guard/manifest.js';
import { BaseError } from '../errors/base.js';

/** One problem of a configuration file: the field and what to do. */
export type InstallConfigIssue = { path: string; message: string };

/** The JSON is not a guard configuration in the format of `guard/script/DeployManifestGuard.s.sol`. */
export class InstallConfigError extends BaseError {
  override name = 'InstallConfigError';
  readonly issues: readonly InstallConfigIssue[];
  constructor(issues: readonly InstallConfigIssue[], source?: string) {
    const problem = `Invalid guard configuration: ${issues.length} problem${issues.length === 1 ? '' : 's'}.`;
    super(source ? `${source}: ${problem}` : problem, {
      metaMessages: [
        ...issues.map((issue) => `${issue.path}: ${issue.message}`),
        'The format is the header of guard/script/DeployManifestGuard.s.sol (every field required).',
      ],
    });
    this.issues = issues;
  }
}

const addressLists = ['proposers', 'approvers', 'executors', 'guardians', 'authorities'] as const;
const thresholds = ['routineThreshold', 'privilegedThreshold'] as const;
const durations = ['routineDelay', 'privilegedDelay', 'maxFreeze', 'freezeCooldown'] as const;
const known = new Set<string>([
  'safe',
  'multiSendCallOnly',
  'privilegedSelectors',
  'containmentSelectors',
  ...addressLists,
  ...thresholds,
  ...durations,
]);

/**
 * Reads a guard configuration in the JSON format `DeployManifestGuard.s.sol` documents: `safe`, `proposers`,
 * `approvers`, `executors`, `guardians`, `routineThreshold`, `privilegedThreshold`, `routineDelay`,
 * `privilegedDelay`, `maxFreeze`, `freezeCooldown` (seconds), `multiSendCallOnly`, `authorities`,
 * `privilegedSelectors` (4-byte hex). Whether the values make sense is the guard's constructor's call (the dry
 * run's first step); this only checks that they are there and well-formed.
 *
 * @throws {InstallConfigError} listing every missing, malformed or unknown field with what to write (its message
 * names `source`, the file, when given).
 *
 * @example
 * const { safe, config } = parseInstallConfig(await readFile('guard/deployments/my-safe.json', 'utf8'));
 */
export function parseInstallConfig(
  json: string | unknown,
  { source }: { source?: string } = {},
): { safe: Address; config: GuardConfig } {
  const issues: InstallConfigIssue[] = [];
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new InstallConfigError([{ path: '(root)', message: `not JSON (${(error as Error).message}).` }], source);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InstallConfigError(
      [{ path: '(root)', message: 'not a JSON object: write { "safe": "0x…", … }.' }],
      source,
    );
  }
  const input = value as Record<string, unknown>;
  const issue = (path: string, message: string) => issues.push({ path, message });

  const address = (path: string, raw: unknown): Address => {
    if (typeof raw === 'string' && isAddress(raw, { strict: false })) {
      if (isAddress(raw, { strict: true })) return getAddress(raw);
      issue(path, `"${raw}" has a wrong EIP-55 checksum: copy it again, or write it in lower case.`);
    } else {
      issue(path, `${JSON.stringify(raw) ?? 'missing'} is not an address: write "0x" and 40 hex digits.`);
    }
    return '0x0000000000000000000000000000000000000000';
  };
  const list = (path: string, raw: unknown): unknown[] => {
    if (Array.isArray(raw)) return raw;
    issue(path, raw === undefined ? 'missing: write a list ([] when empty).' : 'not a list: write [ … ].');
    return [];
  };
  const integer = (path: string, raw: unknown, max: number, unit: string): number => {
    if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw <= max) return raw;
    issue(path, `${JSON.stringify(raw) ?? 'missing'} is not ${unit} (a whole number from 0 to ${max}).`);
    return 0;
  };

  for (const key of Object.keys(input)) {
    if (!known.has(key)) issue(key, 'not a field of the configuration: remove it (or fix its spelling).');
  }
  const safe = address('safe', input.safe);
  const lists = Object.fromEntries(
    addressLists.map((key) => [key, list(key, input[key]).map((item, i) => address(`${key}[${i}]`, item))]),
  ) as Record<(typeof addressLists)[number], Address[]>;
  const counts = Object.fromEntries(
    thresholds.map((key) => [key, integer(key, input[key], 255, 'a number of approvals')]),
  ) as Record<(typeof thresholds)[number], number>;
  const seconds = Object.fromEntries(
    durations.map((key) => [key, integer(key, input[key], 2 ** 32 - 1, 'a number of seconds')]),
  ) as Record<(typeof durations)[number], number>;
  const multiSendCallOnly = address('multiSendCallOnly', input.multiSendCallOnly);
  const selectors = (key: 'privilegedSelectors' | 'containmentSelectors', raw: unknown) =>
    list(key, raw).map((item, i) => {
      if (typeof item === 'string' && /^0x[0-9a-fA-F]{8}$/.test(item)) return item.toLowerCase() as Hex;
      issue(`${key}[${i}]`, `${JSON.stringify(item)} is not a selector: write "0x" and 8 hex digits.`);
      return '0x00000000' as Hex;
    });
  const privilegedSelectors = selectors('privilegedSelectors', input.privilegedSelectors);
  // Optional: what an Emergency manifest may call; empty means `pause()` alone.
  const containmentSelectors = selectors('containmentSelectors', input.containmentSelectors ?? []);
  if (issues.length > 0) throw new InstallConfigError(issues, source);
  return {
    safe,
    config: { ...lists, ...counts, ...seconds, multiSendCallOnly, privilegedSelectors, containmentSelectors },
  };
}
