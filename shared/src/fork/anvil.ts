import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The native Anvil binary of `@foundry-rs/anvil` (run directly by the watchdog, so stopping it stops the chain
 * itself, not a wrapper process).
 */
export function anvilBinary(): string {
  const arch = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch];
  const os = ({ linux: 'linux', darwin: 'darwin', win32: 'win32' } as Record<string, string>)[process.platform];
  if (!arch || !os) throw new AnvilStartError(`Anvil has no npm binary for ${process.platform}/${process.arch}.`);
  const require = createRequire(import.meta.url);
  return require.resolve(`@foundry-rs/anvil-${os}-${arch}/bin/anvil${os === 'win32' ? '.exe' : ''}`);
}

/**
 * The small process between this one and Anvil (anvilWatchdog.mjs, plain Node): it stops Anvil when the pipe from
 * this process closes, so Anvil ends with this process however it ends (a signal, a crash, SIGKILL).
 */
// Not `new URL('./anvilWatchdog.mjs', import.meta.url)`: Vite rewrites that pattern into an asset URL under jsdom (app
// component tests), which is not a file.
export const anvilWatchdogFile = join(dirname(fileURLToPath(import.meta.url)), 'anvilWatchdog.mjs');

/** A running local chain. */
export type AnvilInstance = {
  rpcUrl: string;
  port: number;
  chainId: number;
  /** Anvil's process and the watchdog's (its parent, a child of this process). */
  pids: { anvil: number; watchdog: number };
  /** Stops the chain and waits until Anvil itself has exited (its port is free then). */
  stop: () => Promise<void>;
};

export type StartAnvilParameters = {
  port?: number;
  chainId?: number;
  /** Fork this RPC (e.g. another local Anvil) instead of starting an empty chain. */
  forkUrl?: string;
  /** Seconds to wait for the chain to answer before giving up. */
  timeoutSeconds?: number;
};

/** The port is taken by another process. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(readonly port: number) {
    super(
      `Port ${port} on 127.0.0.1 is already in use. Stop the process that holds it (for example an earlier ` +
        '`npm start` still running) or choose another port.',
    );
  }
}

/** Anvil did not answer on its port in time. */
export class AnvilStartError extends Error {
  override name = 'AnvilStartError';
}

/** Resolves when nothing listens on `port` of 127.0.0.1; rejects with `PortInUseError` otherwise. */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', () => reject(new PortInUseError(port)));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/**
 * Starts Anvil (the npm `@foundry-rs/anvil` binary) on 127.0.0.1 under its watchdog and waits until it answers.
 *
 * @example
 * const anvil = await startAnvil({ port: 8545 });
 * // ...
 * await anvil.stop();
 */
export async function startAnvil(parameters: StartAnvilParameters = {}): Promise<AnvilInstance> {
  const { port = 8545, chainId = 31337, forkUrl, timeoutSeconds = 30 } = parameters;
  await assertPortFree(port);
  const args = ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(chainId), '--silent'];
  if (forkUrl) args.push('--fork-url', forkUrl);
  const watchdog = spawn(process.execPath, [anvilWatchdogFile, anvilBinary(), ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // Nothing is written to the watchdog: only the end of this pipe matters (see anvilWatchdog.mjs).
  watchdog.stdin!.on('error', () => {});
  let stderr = '';
  watchdog.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let stdout = '';
  let anvilPid: number | undefined;
  watchdog.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const line = /^(\d+)\n/.exec(stdout);
    if (line && anvilPid === undefined) anvilPid = Number(line[1]);
  });
  const exited = new Promise<void>((resolve) => watchdog.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stopWatchdog(watchdog, exited, () => anvilPid));
  const rpcUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (Date.now() < deadline) {
    if (watchdog.exitCode !== null || watchdog.signalCode !== null) {
      await stop();
      const how = watchdog.exitCode !== null ? `code ${watchdog.exitCode}` : `signal ${watchdog.signalCode}`;
      throw new AnvilStartError(`Anvil exited with ${how}: ${stderr.trim()}`);
    }
    if (anvilPid !== undefined && (await answers(rpcUrl)))
      return { rpcUrl, port, chainId, pids: { anvil: anvilPid, watchdog: watchdog.pid! }, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new AnvilStartError(`Anvil did not answer on ${rpcUrl} within ${timeoutSeconds} s. ${stderr.trim()}`);
}

async function answers(rpcUrl: string): Promise<boolean> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'eth_chainId',
        params: [],
      }),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Whether process `pid` has ended. A zombie (ended, not yet reaped by a parent that does not wait for it) counts as
 * ended: it holds no port and runs no code.
 */
export function processEnded(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  if (process.platform !== 'linux') return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** Resolves true once `pid` has ended, false after `timeoutMs`. */
export async function waitForProcessEnd(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!processEnded(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

const WATCHDOG_GRACE_MS = 10_000;

/**
 * SIGTERMs the watchdog (it SIGTERMs Anvil, SIGKILL after a few seconds, and exits once Anvil has) and waits for it.
 * A watchdog that ended by a signal itself may have left Anvil running: Anvil is then stopped directly.
 */
async function stopWatchdog(watchdog: ChildProcess, exited: Promise<void>, anvilPid: () => number | undefined) {
  if (watchdog.exitCode === null && watchdog.signalCode === null) {
    watchdog.kill('SIGTERM');
    const timer = setTimeout(() => watchdog.kill('SIGKILL'), WATCHDOG_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
  const pid = anvilPid();
  if (watchdog.signalCode === null || pid === undefined || processEnded(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
    if (!(await waitForProcessEnd(pid, 3000))) process.kill(pid, 'SIGKILL');
  } catch {
    return; // already gone
  }
  await waitForProcessEnd(pid, 5000);
}
