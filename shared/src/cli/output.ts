import { toJson } from '../simulate/toJson.js';

/** The exit codes of every command (SPEC "CLI"): release/ok, hold, reject or usage error. */
export const exitCode = { ok: 0, hold: 1, reject: 2 } as const;
export type ExitCode = (typeof exitCode)[keyof typeof exitCode];

/** The exit code of a gate decision. */
export function decisionExit(decision: 'release' | 'hold' | 'reject'): ExitCode {
  return decision === 'release' ? exitCode.ok : decision === 'hold' ? exitCode.hold : exitCode.reject;
}

/** Where a command writes: the result on stdout (JSON with `--json`), progress lines on stderr when it is a TTY. */
export type Output = {
  json: boolean;
  /** Prints the command's result: `value` as JSON with `--json`, else the `human` text. */
  result: (value: unknown, human: string) => void;
  /** One line on stdout as it happens (streaming commands such as `watch`). */
  line: (text: string) => void;
  /** A progress line on stderr, only when stderr is a terminal (CI logs stay clean). */
  progress: (line: string) => void;
  /** A warning on stderr, always. */
  warn: (line: string) => void;
};

export function createOutput(json: boolean): Output {
  return {
    json,
    result: (value, human) => {
      process.stdout.write(json ? `${JSON.stringify(toJson(value), null, 2)}\n` : `${human}\n`);
    },
    line: (text) => {
      process.stdout.write(`${text}\n`);
    },
    progress: (line) => {
      if (process.stderr.isTTY) process.stderr.write(`… ${line}\n`);
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
