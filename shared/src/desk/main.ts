/**
 * `npm start`: the local release desk. Brings up Anvil with the Safe contracts, the guarded demo Safe and the
 * OpenZeppelin proxies, writes a sample release package, starts the Transaction Service stand-in, the Safe App and
 * the Safe-like host page, prints where everything is, and keeps it all up until Ctrl-C (SIGINT) or SIGTERM.
 *
 * Flags: see `npm start -- --help` (`deskUsage`). The scripted story is `npm run demo` (shared/src/demo/main.ts).
 */
import { deskUsage, parseDeskOptions } from './options.js';
import { readyText } from './readyText.js';
import { type RunningDesk, startDesk } from './startDesk.js';

async function main(): Promise<number> {
  const options = parseDeskOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    console.log(deskUsage);
    return 0;
  }
  const started = Date.now();
  let stopRequested: ((code: number) => void) | undefined;
  const stopped = new Promise<number>((resolve) => (stopRequested = resolve));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      console.log(`\n${signal}: stopping the desk…`);
      stopRequested?.(0);
    });
  }
  // A parent that dies without passing the signal on (a killed `npm`, a closed terminal) must not leave the chain running.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && stopRequested?.(0), 1000).unref();
  console.log('Manifest Guard local release desk');
  const starting = startDesk(options, (message) => console.log(`• ${message}`));
  const first = await Promise.race([starting.then((desk) => desk), stopped.then(() => undefined)]);
  if (!first) {
    // Stopped while starting: let the start finish (or fail) and stop whatever came up.
    await starting.then((desk) => desk.stop()).catch(() => {});
    console.log('Stopped.');
    return 0;
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
