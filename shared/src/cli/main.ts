import { BaseError } from '../node.js';
import type { Command } from './command.js';
import { UsageError } from './errors.js';
import { optionHelp, parseOptions, refuseKeyFlags } from './options.js';
import { type ExitCode, createOutput, exitCode, progressOn } from './output.js';

/** The commands, loaded on use (so `--help` and quick commands do not load the simulator). */
export const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  preflight: {
    summary: 'Before installing: dry-run the guard on a fork (roles register, approve, execute; the guard comes off).',
    load: async () => (await import('./commands/preflight.js')).preflight,
  },
  init: {
    summary: 'Build a release package from proxies and new implementations.',
    load: async () => (await import('./commands/init.js')).init,
  },
  'import foundry': {
    summary: "Build a release package from a forge script's broadcast: the Safe's calls as steps, in phases.",
    load: async () => (await import('./commands/importFoundry.js')).importFoundry,
  },
  'import oz': {
    summary: "Build a release and its rollback from an upgrade OpenZeppelin's Upgrades plugins prepared.",
    load: async () => (await import('./commands/importOz.js')).importOz,
  },
  validate: {
    summary: 'Check a release package (and its evidence packet) against the schema.',
    load: async () => (await import('./commands/validate.js')).validate,
  },
  evidence: {
    summary: 'Add invariants and sign-offs to an evidence packet; say what it still lacks.',
    load: async () => (await import('./commands/evidence.js')).evidence,
  },
  hash: {
    summary: "Manifest id, evidence hash and package hash (and the guard's own id with --rpc).",
    load: async () => (await import('./commands/hash.js')).hash,
  },
  lane: {
    summary: 'The lane the guard computes (routine or privileged) and why.',
    load: async () => (await import('./commands/lane.js')).lane,
  },
  gate: {
    summary: 'May this Safe transaction be released now? release, hold or reject.',
    load: async () => (await import('./commands/gate.js')).gate,
  },
  simulate: {
    summary: 'Run the phases and the rollback on a throwaway fork; JSON report.',
    load: async () => (await import('./commands/simulate.js')).simulate,
  },
  authority: {
    summary: 'Who can upgrade each proxy, and findings.',
    load: async () => (await import('./commands/authority.js')).authority,
  },
  register: {
    summary: 'Register the manifest on the guard (proposer).',
    load: async () => (await import('./commands/register.js')).register,
  },
  approve: {
    summary: 'Approve a manifest on chain, or sign / submit an EIP-712 approval.',
    load: async () => (await import('./commands/approve.js')).approve,
  },
  'clear-sign': {
    summary: 'What a clear-signing device (ERC-7730) shows for an approval or a call to the guard.',
    load: async () => (await import('./commands/clearSign.js')).clearSign,
  },
  cancel: {
    summary: 'Withdraw a registered manifest before it is approved (its proposer).',
    load: async () => (await import('./commands/cancel.js')).cancel,
  },
  reclassify: {
    summary: "Compute a manifest's lane again after a configuration change (anyone).",
    load: async () => (await import('./commands/reclassify.js')).reclassify,
  },
  propose: {
    summary: "Owners sign the current phase's Safe transactions: to the Safe queue, or approveHash on chain.",
    load: async () => (await import('./commands/propose.js')).propose,
  },
  execute: {
    summary: "Gate, then execute the current phase's Safe transactions (executor).",
    load: async () => (await import('./commands/execute.js')).execute,
  },
  advance: {
    summary: 'Attest "continue" between canary phases (approver).',
    load: async () => (await import('./commands/advance.js')).advance,
  },
  verify: {
    summary: 'After a phase: compare events, slots, owners, roles and checks with the manifest.',
    load: async () => (await import('./commands/verify.js')).verify,
  },
  watch: {
    summary: 'Follow new blocks: verify every phase as it completes and keep re-verifying; alert and contain.',
    load: async () => (await import('./commands/watch.js')).watch,
  },
  halt: {
    summary: 'Halt a manifest: its rollback becomes executable at once (guardian).',
    load: async () => (await import('./commands/halt.js')).halt,
  },
  freeze: {
    summary: 'Freeze the Safe for a bounded time (guardian), or vote to lift a freeze (approver).',
    load: async () => (await import('./commands/freeze.js')).freeze,
  },
  status: {
    summary: 'Guard configuration, freeze, manifests with state, phase and window.',
    load: async () => (await import('./commands/status.js')).status,
  },
};

/**
 * The command's name and its arguments: one word, or two for a command with a subject (`import oz`, `import
 * foundry`), when `commands` has the two-word name.
 */
function commandName(argv: readonly string[]): [string | undefined, readonly string[]] {
  const [first, second, ...rest] = argv;
  if (first !== undefined && second !== undefined && Object.hasOwn(commands, `${first} ${second}`)) {
    return [`${first} ${second}`, rest];
  }
  return [first, argv.slice(1)];
}

export function mainHelp(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  return [
    'manifest-guard: make the approved release manifest the only thing the upgrade Safe can execute.',
    '',
    'Usage: manifest-guard <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`),
    '',
    'Exit codes: 0 release / ok, 1 hold, 2 reject or usage error (the reason is printed).',
    'Keys: MANIFEST_GUARD_PRIVATE_KEY or --keystore <file> + MANIFEST_GUARD_KEYSTORE_PASSWORD, never a flag.',
    "Run `manifest-guard <command> --help` for a command's options.",
  ].join('\n');
}

export function commandHelp(command: Command): string {
  return [
    commands[command.name]?.summary ?? '',
    '',
    'Usage:',
    ...command.usage.map((line) => `  manifest-guard ${line}`),
    '',
    command.description,
    '',
    optionHelp(command.options),
  ].join('\n');
}

/**
 * Runs `manifest-guard` with `argv` (without node and the script) and returns the exit code: 0 release / ok,
 * 1 hold, 2 reject or error. Results go to stdout (JSON with --json), errors to stderr (and as JSON on stdout with
 * --json).
 *
 * @example
 * process.exitCode = await main(['gate', '--package', 'release.json', '--json']);
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<ExitCode> {
  const json = argv.includes('--json');
  const [name, args] = commandName(argv);
  let out = createOutput(json, { progress: progressOn(name, {}) });
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      process.stdout.write(`${mainHelp()}\n`);
      return name === undefined ? exitCode.reject : exitCode.ok;
    }
    if (name === '--version') {
      process.stdout.write('manifest-guard 0.1.0\n');
      return exitCode.ok;
    }
    const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (!entry && name !== undefined) {
      const subjects = Object.keys(commands).filter((candidate) => candidate.startsWith(`${name} `));
      if (subjects.length > 0) {
        throw new UsageError(
          `\`${[name, ...args.slice(0, 1)].join(' ')}\` names no source to import from.`,
          `Write one of: ${subjects.map((subject) => `manifest-guard ${subject}`).join(', ')}.`,
        );
      }
    }
    if (!entry) {
      const near = Object.keys(commands).find((candidate) => candidate.startsWith(name.replace(/^-+/, '').slice(0, 3)));
      throw new UsageError(
        `"${name}" is not a manifest-guard command.${near ? ` Did you mean "${near}"?` : ''}`,
        `The commands are: ${Object.keys(commands).join(', ')}. Run \`manifest-guard --help\`.`,
      );
    }
    refuseKeyFlags(args);
    const command = await entry.load();
    const values = parseOptions(name, args, command.options);
    if (values.help) {
      process.stdout.write(`${commandHelp(command)}\n`);
      return exitCode.ok;
    }
    out = createOutput(json, { progress: progressOn(name, values), quiet: !!values.quiet });
    const { createContext } = await import('./command.js');
    return await command.run(createContext(name, values, out, env));
  } catch (error) {
    return await report(error, json);
  }
}

async function report(error: unknown, json: boolean): Promise<ExitCode> {
  // A node that went away mid-command reads as that, not as the action that happened to be running.
  const { transportFailure } = await import('./chain.js');
  const { name, short, details } = describe(transportFailure(error) ?? error);
  process.stderr.write(`error: ${short}\n${details.map((line) => `  ${line}\n`).join('')}`);
  if (json) process.stdout.write(`${JSON.stringify({ error: { name, message: short, details } }, null, 2)}\n`);
  return exitCode.reject;
}

function describe(error: unknown): { name: string; short: string; details: string[] } {
  if (error instanceof BaseError) {
    return { name: error.name, short: error.shortMessage, details: [...error.metaMessages].filter((line) => line) };
  }
  const viem = error as { shortMessage?: unknown; metaMessages?: unknown; name?: unknown };
  if (error instanceof Error && typeof viem.shortMessage === 'string') {
    const details = Array.isArray(viem.metaMessages)
      ? viem.metaMessages.filter((line) => typeof line === 'string' && line)
      : [];
    return { name: error.name, short: viem.shortMessage, details };
  }
  if (error instanceof Error) {
    return { name: error.name, short: error.message.split('\n')[0]!, details: error.message.split('\n').slice(1) };
  }
  return { name: 'Error', short: String(error), details: [] };
}
