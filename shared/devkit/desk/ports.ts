import { createServer } from 'node:net';

import { type DeskOptions, type DeskService, deskPorts } from './options.js';
import { DeskLeftoverError, DeskPortInUseError } from './errors.js';
import { findLeftovers, formatStartedAt, holderOf } from './leftovers.js';

export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Checks every port of the desk before anything starts, so a taken port stops the start with nothing to clean up.
 *
 * @throws {DeskLeftoverError} when a desk from an earlier start (recorded in the `--out` directory) still holds it:
 *   names that desk and the `--stop` / `--replace` commands.
 * @throws {DeskPortInUseError} for a port held by any other process: names the port, its service and the flag that
 *   moves it.
 */
export async function assertDeskPortsFree(options: DeskOptions): Promise<void> {
  for (const [service, port] of Object.entries(options.ports) as [DeskService, number][]) {
    if (await portFree(port)) continue;
    const { label, flag } = deskPorts[service];
    for (const leftover of await findLeftovers(options.outDir, [port])) {
      const holder = holderOf(leftover, port);
      if (!holder) continue;
      const { pid, startedAt } = leftover.record;
      throw new DeskLeftoverError(label, port, { pid, startedAt: formatStartedAt(startedAt), holder }, options.args);
    }
    throw new DeskPortInUseError(label, port, flag);
  }
}

/** Resolves true once every port of the desk is free, false after `timeoutMs`. */
export async function waitForDeskPortsFree(options: DeskOptions, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const free = await Promise.all(Object.values(options.ports).map(portFree));
    if (free.every(Boolean)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
