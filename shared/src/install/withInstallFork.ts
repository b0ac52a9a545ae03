import { freePort } from '../fork/freePort.js';
import { openFork } from '../simulate/fork.js';

/**
 * Node only: starts Anvil (from npm) forking `rpcUrl` with the same chain id on `port` (default: a free port),
 * runs `run` with the fork's URL, and stops the fork whatever happens. The way to dry-run an install against a
 * chain that is not Anvil itself (a public or private RPC of a live network).
 *
 * @throws {RpcUnreachableError} when `rpcUrl` does not answer; {PortInUseError} when `port` is taken.
 *
 * @example
 * const report = await withInstallFork('https://eth.example/rpc', (forkUrl) =>
 *   installDryRun({ rpcUrl: forkUrl, safe, config }),
 * );
 */
export async function withInstallFork<T>(
  rpcUrl: string,
  run: (forkUrl: string) => Promise<T>,
  options: { port?: number } = {},
): Promise<T> {
  const fork = await openFork({ rpcUrl, port: options.port ?? (await freePort()) });
  try {
    return await run(fork.anvil.rpcUrl);
  } finally {
    await fork.anvil.stop();
  }
}
