import { createServer } from 'node:net';

import { type DeskOptions, type DeskService, deskPorts } from './options.js';
import { DeskPortInUseError } from './errors.js';

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Checks every port of the desk before anything starts, so a taken port stops the start with nothing to clean up.
 *
 * @throws {DeskPortInUseError} naming the first taken port, its service and the flag that moves it.
 */
export async function assertDeskPortsFree(options: DeskOptions): Promise<void> {
  for (const [service, port] of Object.entries(options.ports) as [DeskService, number][]) {
    if (!(await portFree(port))) throw new DeskPortInUseError(deskPorts[service].label, port, deskPorts[service].flag);
  }
}
