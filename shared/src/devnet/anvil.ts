import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';

/**
 * The native Anvil binary of `@foundry-rs/anvil` (spawned directly, so stopping it stops the chain itself, not a
 * wrapper process).
 */
export function anvilBinary(): string {
  const arch = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch];
  const os = ({ linux: 'linux', darwin: 'darwin', win32: 'win32' } as Record<string, string>)[process.platform];
  if (!arch || !os) throw new AnvilStartError(`Anvil has no npm binary for ${process.platform}/${process.arch}.`);
  const require = createRequire(import.meta.url);
  return require.resolve(`@foundry-rs/anvil-${os}-${arch}/bin/anvil${os === 'win32' ? '.exe' : ''}`);
}

/** A running local chain. */
export type AnvilInstance = {
  rpcUrl: string;
  port: number;
  chainId: number;
  /** Stops the chain and waits for the process to exit. */
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
 * Starts Anvil (the npm `@foundry-rs/anvil` binary) on 127.0.0.1 and waits until it answers.
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
  const child = spawn(anvilBinary(), args, {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const rpcUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new AnvilStartError(`Anvil exited with code ${child.exitCode}: ${stderr.trim()}`);
    }
    if (await answers(rpcUrl)) return { rpcUrl, port, chainId, stop: () => stopProcess(child) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopProcess(child);
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

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
