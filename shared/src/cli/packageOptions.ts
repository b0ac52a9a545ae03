import type { Hex } from 'viem';

import { manifestId, toManifest } from '../node.js';
import { UsageError } from './errors.js';
import { readPackage } from './files.js';
import type { OptionSpecs } from './options.js';

/**
 * The options every command that builds a release package shares (`init`, `import oz`, `import foundry`): what the
 * package is, its window and soak, its checks' view and response, and where the evidence skeleton goes.
 */
export const packageOptions = {
  ticket: { type: 'string', value: '<id>', description: 'The change ticket.' },
  title: { type: 'string', value: '<text>', description: 'A short title (default: the ticket).' },
  description: { type: 'string', value: '<text>', description: 'A description.' },
  'not-before': {
    type: 'string',
    value: '<time>',
    description: 'Window start: unix seconds or ISO-8601 (default: now).',
  },
  soak: {
    type: 'string',
    value: '<duration>',
    description: 'Minimum soak after each phase but the last (default 0).',
  },
  'check-view': {
    type: 'string',
    value: '<signature>',
    description: 'A view the new implementation answers, for v5/UUPS checks (default "version()").',
  },
  response: {
    type: 'string',
    value: '<response>',
    description: 'What a failed check means: rollback (default), contain, observe.',
  },
} satisfies OptionSpecs;

/** `--kind`, `--rollback` and `--window` as `init` and `import foundry` read them (a Release names its Rollback). */
export const kindOptions = {
  kind: { type: 'string', value: '<kind>', description: 'Release (default), Rollback or Emergency.' },
  rollback: { type: 'string', value: '<id|file>', description: "A Release's Rollback manifest (its id or package)." },
  window: { type: 'string', value: '<duration>', description: 'Window length (default 30d; 60d for a Rollback).' },
} satisfies OptionSpecs;

/** `value` when it is one of `names`; a usage error naming `option` and the choices otherwise. */
export function oneOf<const T extends string>(value: string, names: readonly T[], option: string): T {
  if ((names as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} "${value}" is not one of ${names.join(', ')}.`, `Use one of ${names.join(', ')}.`);
}

/** `--not-before`: unix seconds, "now" (`now`), or ISO-8601 with a zone. */
export function parseTime(value: string | undefined, now: bigint): bigint {
  if (value === undefined || value === 'now') return now;
  if (/^[0-9]+$/.test(value)) return BigInt(value);
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !/[zZ]|[+-]\d{2}:\d{2}$/.test(value)) {
    throw new UsageError(
      `--not-before "${value}" is not a time.`,
      'Use unix seconds, "now", or ISO-8601 with a zone (2025-06-01T12:00:00Z).',
    );
  }
  return BigInt(Math.floor(ms / 1000));
}

/** `--rollback`: a 32-byte manifest id, or a Rollback package file (its manifest id). */
export async function rollbackId(value: string): Promise<Hex> {
  if (/^0x[0-9a-fA-F]{64}$/.test(value)) return value.toLowerCase() as Hex;
  const rollback = await readPackage(value);
  if (rollback.kind !== 'Rollback') {
    throw new UsageError(`--rollback ${value} is a ${rollback.kind} package.`, "Pass the Rollback manifest's package.");
  }
  return manifestId({ manifest: toManifest(rollback), chainId: rollback.chainId, guard: rollback.guard });
}

/**
 * The Rollback a package of `kind` names: a Release must name one (`--rollback`), the other kinds none.
 *
 * @throws {UsageError} when a Release has no --rollback, or another kind has one.
 */
export async function rollbackOfKind(kind: string, option: string | undefined): Promise<Hex | undefined> {
  if (kind === 'Release') {
    if (!option) {
      throw new UsageError(
        'A Release needs its Rollback manifest (--rollback).',
        'Build the rollback first (`init --kind Rollback …`), then pass its package file or id.',
      );
    }
    return rollbackId(option);
  }
  if (option)
    throw new UsageError(`--rollback is set on a ${kind}.`, 'Only a Release names a rollback: drop --rollback.');
  return undefined;
}
