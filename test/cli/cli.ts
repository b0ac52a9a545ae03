import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { type Hex, bytesToHex } from 'viem';
import type { HDAccount } from 'viem/accounts';

/** The repository root: the CLI runs from here as a user would run it. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

export type CliResult = { code: number; stdout: string; stderr: string; json: any };

/**
 * Runs `node shared/bin/manifest-guard.mjs <args>` as a separate process, with only the MANIFEST_GUARD_* variables
 * given in `env` (none inherited), and returns its exit code and output (stdout parsed when it is JSON).
 */
export function cli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('MANIFEST_GUARD_')),
  ) as NodeJS.ProcessEnv;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['shared/bin/manifest-guard.mjs', ...args],
      { cwd: root, env: { ...inherited, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        let json: unknown;
        try {
          json = JSON.parse(stdout);
        } catch {
          json = undefined;
        }
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, json });
      },
    );
  });
}

/** The raw private key of a mnemonic account (the local desk's), for MANIFEST_GUARD_PRIVATE_KEY. */
export function keyOf(account: HDAccount): Hex {
  return bytesToHex(account.getHdKey().privateKey!);
}

/** The environment that makes `account` the signer: `{ MANIFEST_GUARD_PRIVATE_KEY }`. */
export const signer = (account: HDAccount) => ({ MANIFEST_GUARD_PRIVATE_KEY: keyOf(account) });

/** A long-running `manifest-guard` (e.g. `watch`): its output so far, a wait for a line, its exit. */
export type CliProcess = {
  stdout: () => string;
  /** Resolves once a stdout line satisfies `predicate`; rejects after `timeoutMs` or when the process exits first. */
  waitForLine: (predicate: (line: string) => boolean, timeoutMs: number) => Promise<string>;
  exited: Promise<CliResult>;
  stop: () => void;
};

export function startCli(args: readonly string[], env: Record<string, string> = {}): CliProcess {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('MANIFEST_GUARD_')),
  ) as NodeJS.ProcessEnv;
  const child = spawn(process.execPath, ['shared/bin/manifest-guard.mjs', ...args], {
    cwd: root,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let done = false;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<CliResult>((resolve) =>
    child.on('close', (code) => {
      done = true;
      resolve({ code: code ?? -1, stdout, stderr, json: undefined });
    }),
  );
  const waitForLine = async (predicate: (line: string) => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = stdout.split('\n').find(predicate);
      if (line !== undefined) return line;
      if (done) throw new Error(`manifest-guard ${args[0]} exited before the line came:\n${stdout}\n${stderr}`);
      if (Date.now() > deadline) throw new Error(`no such line within ${timeoutMs} ms:\n${stdout}\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return { stdout: () => stdout, waitForLine, exited, stop: () => void (done || child.kill('SIGTERM')) };
}
