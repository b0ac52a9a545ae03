import { toJson } from '../node.js';

/** The exit codes of every command (SPEC "CLI"): release/ok, hold, reject or usage error. */
export const exitCode = { ok: 0, hold: 1, reject: 2 } as const;
export type ExitCode = (typeof exitCode)[keyof typeof exitCode];

/** The exit code of a gate decision. */
export function decisionExit(decision: 'release' | 'hold' | 'reject'): ExitCode {
  return decision === 'release' ? exitCode.ok : decision === 'hold' ? exitCode.hold : exitCode.reject;
}

/**
 * Where a command writes: the result on stdout (JSON with `--json`); progress, "sent" lines and warnings on stderr.
 */
export type Output = {
  json: boolean;
  /** Prints the command's result: `value` as JSON with `--json`, else the `human` text. */
  result: (value: unknown, human: string) => void;
  /** One line on stdout as it happens (streaming commands such as `watch`). */
  line: (text: string) => void;
  /** A progress line on stderr (`… what is happening`), when progress is on (see `progressOn`). */
  progress: (line: string) => void;
  /** A transaction was sent: its hash on stderr at once (before any receipt), unless `--quiet`. */
  sent: (line: string) => void;
  /** A warning on stderr, always. */
  warn: (line: string) => void;
};

/** The commands that run long enough to print progress even where stderr is not a terminal (CI logs). */
export const longRunning = new Set(['simulate', 'execute', 'watch', 'preflight']);

/**
 * Whether progress lines are printed: never with `--quiet`, always with `--progress`, else for the long-running
 * commands, and for the others when stderr is a terminal.
 */
export function progressOn(command: string | undefined, flags: { progress?: unknown; quiet?: unknown }): boolean {
  if (flags.quiet) return false;
  if (flags.progress) return true;
  return (command !== undefined && longRunning.has(command)) || !!process.stderr.isTTY;
}

export function createOutput(json: boolean, options: { progress?: boolean; quiet?: boolean } = {}): Output {
  const progress = options.progress ?? !!process.stderr.isTTY;
  return {
    json,
    result: (value, human) => {
      process.stdout.write(json ? `${JSON.stringify(toJson(value), null, 2)}\n` : `${human}\n`);
    },
    line: (text) => {
      process.stdout.write(`${text}\n`);
    },
    progress: (line) => {
      if (progress) process.stderr.write(`… ${line}\n`);
    },
    sent: (line) => {
      if (!options.quiet) process.stderr.write(`sent: ${line}\n`);
    },
    warn: (line) => {
      process.stderr.write(`warning: ${line}\n`);
    },
  };
}

/** `key: value` lines, aligned. */
export function table(rows: readonly (readonly [string, unknown])[]): string {
  const width = Math.max(...rows.map(([key]) => key.length));
  return rows.map(([key, value]) => `${`${key}:`.padEnd(width + 2)}${String(value)}`).join('\n');
}
