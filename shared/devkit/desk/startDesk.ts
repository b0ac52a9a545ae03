import { join } from 'node:path';

import { type AnvilInstance, startAnvil } from '../../src/fork/anvil.js';
import { type LocalDesk, deployLocalDesk, deskClients } from '../devnet/localDesk.js';
import { startSafeHost } from '../safehost/server.js';
import { startTxService } from '../txservice/server.js';
import { startAppServer } from './appServer.js';
import { writeDeskEnv } from './deskEnv.js';
import { type DeskProcess, forgetDesk, processStartTicks, recordDesk } from './leftovers.js';
import type { DeskOptions } from './options.js';
import { assertDeskPortsFree } from './ports.js';
import { type WriteSamplePackagesReturnType, writeSamplePackages } from './samplePackage.js';

/** Everything `npm start` runs, and one `stop` for all of it. */
export type RunningDesk = {
  desk: LocalDesk;
  rpcUrl: string;
  txServiceUrl: string;
  appUrl: string;
  hostUrl: string;
  packages: WriteSamplePackagesReturnType;
  /** `<outDir>/desk.env`: the desk's variables for a shell (`source` it), `manifest-guard` on the PATH. */
  envFile: string;
  /** Stops every service, the last started first; safe to call twice. */
  stop: () => Promise<void>;
};

/**
 * Brings up the local release desk on 127.0.0.1: Anvil with the Safe contracts, the guarded 2-of-3 demo Safe and the
 * OpenZeppelin proxies, the sample release packages, the Transaction Service stand-in, the Safe App (Vite) and the
 * Safe-like host page that embeds it. When a step fails, what already started is stopped before the error surfaces.
 * While it runs, the desk's processes (this one, Anvil and its watchdog) and ports are recorded in
 * `<outDir>/desks/<pid>.json`, so that a later start can tell a leftover desk from a foreign process.
 *
 * @throws {DeskLeftoverError} before anything starts when a desk from an earlier start still holds a port.
 * @throws {DeskPortInUseError} before anything starts when another process holds a port.
 *
 * @example
 * const running = await startDesk(parseDeskOptions([], process.env), console.log);
 * console.log(running.hostUrl);
 * await running.stop();
 */
export async function startDesk(options: DeskOptions, progress: (message: string) => void): Promise<RunningDesk> {
  await assertDeskPortsFree(options);
  const stops: (() => Promise<void>)[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      for (const stopOne of stops.reverse()) await stopOne().catch(() => {});
    })());
  const self: DeskProcess = {
    role: 'desk',
    pid: process.pid,
    ports: Object.values(options.ports),
    startTicks: processStartTicks(process.pid),
  };
  const record = { pid: process.pid, startedAt: new Date().toISOString(), ports: options.ports, processes: [self] };
  try {
    await recordDesk(options.outDir, record);
    stops.push(() => forgetDesk(options.outDir, process.pid));
    progress(`Starting Anvil on 127.0.0.1:${options.ports.anvil} (chain ${options.chainId})`);
    const anvil: AnvilInstance = await startAnvil({ port: options.ports.anvil, chainId: options.chainId });
    stops.push(anvil.stop);
    const anvilPorts = [options.ports.anvil];
    record.processes.push(
      {
        role: 'watchdog',
        pid: anvil.pids.watchdog,
        ports: anvilPorts,
        startTicks: processStartTicks(anvil.pids.watchdog),
      },
      { role: 'anvil', pid: anvil.pids.anvil, ports: anvilPorts, startTicks: processStartTicks(anvil.pids.anvil) },
    );
    await recordDesk(options.outDir, record);
    const desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: options.chainId, onProgress: progress });

    progress('Writing the sample release package (REL-42) and its rollback (RB-42)');
    const { publicClient } = deskClients(anvil.rpcUrl, options.chainId);
    const now = (await publicClient.getBlock()).timestamp;
    const packages = await writeSamplePackages(desk, options.outDir, now, anvil);

    progress(`Starting the Safe Transaction Service stand-in on port ${options.ports.txService}`);
    const txService = await startTxService({
      rpcUrl: anvil.rpcUrl,
      chainId: options.chainId,
      port: options.ports.txService,
    });
    stops.push(txService.stop);

    progress(`Starting the Safe App (Vite dev server) on port ${options.ports.app}`);
    const app = await startAppServer({ port: options.ports.app, rpcUrl: anvil.rpcUrl });
    stops.push(app.stop);

    progress(`Starting the Safe-like host page on port ${options.ports.host}`);
    const host = await startSafeHost({
      rpcUrl: anvil.rpcUrl,
      chainId: options.chainId,
      safe: desk.safe,
      appUrl: app.url,
      txServiceUrl: txService.url,
      port: options.ports.host,
    });
    stops.push(host.stop);

    const running = {
      desk,
      rpcUrl: anvil.rpcUrl,
      txServiceUrl: txService.url,
      appUrl: app.url,
      hostUrl: host.url,
      packages,
      envFile: join(options.outDir, 'desk.env'),
      stop,
    };
    await writeDeskEnv(running, options.outDir);
    return running;
  } catch (error) {
    await stop();
    throw error;
  }
}
