import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export type StartedDesk = {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Its output has ended: every process writing to it (npm, the desk) has exited. */
  closed: Promise<void>;
  /** The ready line was printed (false: the process ended first). */
  ready: boolean;
};

/**
 * `npm start -- <args>` as a user runs it, from the repository root; resolves once the ready line is printed (or
 * the process ended). `env` is added to this process's environment.
 */
export async function npmStart(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<StartedDesk> {
  const child = spawn('npm', ['start', '--', ...args], {
    cwd: root,
    env: { ...process.env, FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const closed = new Promise<void>((resolve) => child.stdout!.once('close', () => resolve()));
  const ready = await new Promise<boolean>((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ready in \d+\.\d s/.test(output)) resolve(true);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => resolve(false));
  });
  return { child, output: () => output, exited, closed, ready };
}
