/**
 * `npm start`: the local release desk. Brings up Anvil with the Safe contracts, the guarded demo Safe and the
 * OpenZeppelin proxies, writes a sample release package, starts the Transaction Service stand-in, the Safe App and
 * the Safe-like host page, prints where everything is, and keeps it all up until Ctrl-C (SIGINT), SIGTERM or SIGHUP.
 *
 * Everything but Anvil runs in this process; Anvil runs under a watchdog that stops it when this process ends,
 * however it ends (see devnet/anvilWatchdog.mjs). `npm start` runs this file with `node --import tsx` so that no
 * signal-relaying wrapper sits between `npm` and the desk.
 *
 * Flags: see `npm start -- --help` (`deskUsage`). The scripted story is `npm run demo` (shared/devkit/demo/main.ts).
 */
import { findLeftovers, formatStartedAt, stopLeftover } from './leftovers.js';
import { type DeskOptions, deskUsage, parseDeskOptions } from './options.js';
import { waitForDeskPortsFree } from './ports.js';
import { readyText } from './readyText.js';
import { type RunningDesk, startDesk } from './startDesk.js';

/** After a stop is requested, the process exits after this long even if a service does not close. */
const STOP_DEADLINE_MS = 20_000;

/** Stops the desks of earlier starts that hold one of this start's ports (`--stop`, `--replace`). */
async function stopLeftovers(options: DeskOptions): Promise<void> {
  const leftovers = await findLeftovers(options.outDir, Object.values(options.ports));
  if (leftovers.length === 0) {
    console.log(
      `No desk from an earlier \`npm start\` recorded in ${options.outDir} holds ports ` +
        `${Object.values(options.ports).join(', ')}.`,
    );
    return;
  }
  for (const leftover of leftovers) {
    const { pid, startedAt } = leftover.record;
    console.log(
      `Stopping the desk from an earlier \`npm start\` (pid ${pid}, started at ${formatStartedAt(startedAt)})`,
    );
    const stopped = await stopLeftover(options.outDir, leftover);
    for (const p of stopped) console.log(`  stopped ${p.role.padEnd(8)} pid ${p.pid}`);
  }
  if (!(await waitForDeskPortsFree(options, 10_000)))
    console.log('Some of the ports are still in use by another process.');
}

async function main(): Promise<number> {
  const options = parseDeskOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    console.log(deskUsage);
    return 0;
  }
  if (options.mode === 'stop') {
    await stopLeftovers(options);
    return 0;
  }
  const started = Date.now();
  let stopRequested: ((code: number) => void) | undefined;
  const stopped = new Promise<number>((resolve) => (stopRequested = resolve));
  const requestStop = (reason: string, code: number) => {
    if (!stopRequested) return;
    console.log(`\n${reason}: stopping the desk…`);
    stopRequested(code);
    stopRequested = undefined;
    setTimeout(() => {
      console.error(`The desk did not stop within ${STOP_DEADLINE_MS / 1000} s; exiting (its Anvil stops with it).`);
      process.exit(code === 0 ? 1 : code);
    }, STOP_DEADLINE_MS).unref();
  };
  // A closed terminal sends SIGHUP (and makes writing to it fail): stop all the same.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => requestStop(signal, 0));
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  process.on('uncaughtException', (error) => {
    console.error(`\n${error.name}: ${error.message}`);
    requestStop('Unexpected error', 1);
  });
  // A parent that dies without passing the signal on (a killed `npm`) must not leave the desk running.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && requestStop('The parent process ended', 0), 1000).unref();

  console.log('Manifest Guard local release desk');
  if (options.mode === 'replace') await stopLeftovers(options);
  const starting = startDesk(options, (message) => console.log(`• ${message}`));
  const first = await Promise.race([starting.then((desk) => desk), stopped.then(() => undefined)]);
  if (!first) {
    // Stopped while starting: let the start finish (or fail) and stop whatever came up.
    await starting.then((desk) => desk.stop()).catch(() => {});
    console.log('Stopped.');
    return stopped;
  }
  const running: RunningDesk = first;
  console.log(`\n${readyText(running, (Date.now() - started) / 1000)}`);
  const code = await stopped;
  await running.stop();
  console.log('Stopped.');
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`\n${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    process.exit(1);
  },
);
