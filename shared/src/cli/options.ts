import { parseArgs } from 'node:util';

import { PrivateKeyFlagError, UsageError } from './errors.js';

/** One command-line option: its parseArgs type and what the help says about it. */
export type OptionSpec = {
  type: 'string' | 'boolean';
  multiple?: boolean;
  /** What the value looks like in the help (`<file>`). */
  value?: string;
  description: string;
};
export type OptionSpecs = Record<string, OptionSpec>;

/** The options every command takes. */
export const globalOptions = {
  rpc: { type: 'string', value: '<url>', description: 'JSON-RPC URL of the chain (or MANIFEST_GUARD_RPC).' },
  guard: { type: 'string', value: '<address>', description: 'The ManifestGuard (default: the package\'s "guard").' },
  safe: {
    type: 'string',
    value: '<address>',
    description: "The upgrade Safe (default: the package's, or the guard's SAFE()).",
  },
  'chain-id': { type: 'string', value: '<id>', description: 'Expected chain id; the RPC must answer it.' },
  'tx-service': {
    type: 'string',
    value: '<url>',
    description: 'Safe Transaction Service URL (or MANIFEST_GUARD_TX_SERVICE).',
  },
  keystore: {
    type: 'string',
    value: '<file>',
    description: 'Encrypted keystore (Web3 Secret Storage v3); password in MANIFEST_GUARD_KEYSTORE_PASSWORD.',
  },
  'receipt-timeout': {
    type: 'string',
    value: '<duration>',
    description: "How long to wait for a sent transaction's receipt (default 2m); its hash is printed first.",
  },
  json: { type: 'boolean', description: 'Machine-readable JSON on stdout.' },
  progress: { type: 'boolean', description: 'Progress lines on stderr for every command, terminal or not.' },
  quiet: { type: 'boolean', description: 'No progress lines (and no "sent" lines) on stderr.' },
  help: { type: 'boolean', description: 'Show this help.' },
} satisfies OptionSpecs;

export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

const refusedKeyFlags = ['--private-key', '--privatekey', '--key', '--mnemonic'];

/** @throws {PrivateKeyFlagError} when `args` carry a key (`--private-key`, `--key`, `--mnemonic`). */
export function refuseKeyFlags(args: readonly string[]): void {
  for (const arg of args) {
    const flag = arg.split('=')[0]!.toLowerCase();
    if (refusedKeyFlags.includes(flag)) throw new PrivateKeyFlagError();
  }
}

/**
 * Parses `args` against the global options and the command's own (node:util parseArgs, strict). Refuses a key on
 * the command line before anything else.
 *
 * @throws {PrivateKeyFlagError} for `--private-key` (and `--key`, `--mnemonic`).
 * @throws {UsageError} for an unknown option, a missing value or a stray argument, naming the command's help.
 */
export function parseOptions(command: string, args: readonly string[], specs: OptionSpecs): ParsedValues {
  refuseKeyFlags(args);
  const all: OptionSpecs = { ...(globalOptions as OptionSpecs), ...specs };
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(all)) {
    options[name] = spec.multiple ? { type: spec.type, multiple: true } : { type: spec.type };
  }
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
    if (positionals.length > 0) {
      const position = args.indexOf(positionals[0]!);
      const before = position > 1 ? args[position - 2] : undefined;
      const repeated = before?.startsWith('--') && all[before.slice(2)]?.multiple ? before : undefined;
      throw new UsageError(
        `\`${command}\` takes no argument "${positionals[0]}".`,
        repeated
          ? `Repeat ${repeated} before each value: ${repeated} ${args[position - 1]} ${repeated} ${positionals[0]}.`
          : `Every input is an option (--name value). See \`manifest-guard ${command} --help\`.`,
      );
    }
    return values as ParsedValues;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = (error as Error).message
      .split('\n')[0]!
      .replace(/\. To specify.*$/, '')
      .replace(/\.+$/, '');
    const ambiguous = /^Option '(--[\w-]+)'(?: \S+)? argument is ambiguous/.exec(message);
    if (ambiguous) {
      const flag = ambiguous[1]!;
      const value = args[args.indexOf(flag) + 1] ?? '';
      throw new UsageError(
        `${flag} "${value}": a value that starts with "-" reads as another option.`,
        `If "${value}" is meant as the value, write ${flag}=${value}; otherwise give ${flag} its value. ` +
          `See \`manifest-guard ${command} --help\`.`,
      );
    }
    throw new UsageError(`${message}.`, `See \`manifest-guard ${command} --help\` for the options.`);
  }
}

/** The help text of a command's options (global ones last). */
export function optionHelp(specs: OptionSpecs): string {
  const line = ([name, spec]: [string, OptionSpec]) => {
    const flag = `--${name}${spec.value ? ` ${spec.value}` : ''}`;
    const description = spec.multiple ? `${spec.description} Repeat the option for each value.` : spec.description;
    return `  ${flag.padEnd(34)} ${description}`;
  };
  const own = Object.entries(specs).map(line);
  const global = Object.entries(globalOptions as OptionSpecs).map(line);
  return [...(own.length > 0 ? ['Options:', ...own, ''] : []), 'Global options:', ...global].join('\n');
}

/** A string option's value, or undefined. */
export function stringOption(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A repeatable string option's values. */
export function listOption(values: ParsedValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

/** A required string option. @throws {UsageError} when it is missing. */
export function requiredOption(values: ParsedValues, command: string, name: string, what: string): string {
  const value = stringOption(values, name);
  if (value === undefined || value === '') {
    throw new UsageError(`\`${command}\` needs --${name} (${what}).`, `See \`manifest-guard ${command} --help\`.`);
  }
  return value;
}
