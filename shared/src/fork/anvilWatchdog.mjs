// Runs Anvil and makes sure it does not outlive the process that started it (see startAnvil in anvil.ts).
//
//   node anvilWatchdog.mjs <anvil binary> [anvil args…]
//
// stdin is a pipe from the starting process: when it closes (that process exited, even by SIGKILL) or this watchdog
// gets SIGINT, SIGTERM or SIGHUP, Anvil gets SIGTERM (SIGKILL after a few seconds) and the watchdog exits once Anvil
// is gone. When Anvil exits by itself, the watchdog exits with its code (128 + signal number when a signal ended it).
// The first line on stdout is Anvil's pid; Anvil's stderr is passed through.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const KILL_AFTER_MS = 3000;
const [binary, ...args] = process.argv.slice(2);
if (!binary) {
  process.stderr.write('usage: node anvilWatchdog.mjs <anvil binary> [args…]\n');
  process.exit(2);
}

let anvil;
let exited = false;
let stopping = false;

function stop() {
  if (stopping || exited) return;
  stopping = true;
  anvil.kill('SIGTERM');
  setTimeout(() => exited || anvil.kill('SIGKILL'), KILL_AFTER_MS).unref();
}

// The handlers come first, so that no signal can end the watchdog between starting Anvil and watching over it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, stop);
// The starting process reads stdout; if it is gone, writing the pid must not crash the watchdog before Anvil stops.
process.stdout.on('error', () => {});

anvil = spawn(binary, args, { stdio: ['ignore', 'ignore', 'inherit'] });
anvil.once('spawn', () => process.stdout.write(`${anvil.pid}\n`));
anvil.once('error', (error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(127);
});
anvil.once('exit', (code, signal) => {
  exited = true;
  process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
});

// Nothing is ever written to stdin: its end (or an error) means the starting process is gone or wants Anvil stopped.
process.stdin.on('data', () => {});
process.stdin.once('end', stop);
process.stdin.once('close', stop);
process.stdin.once('error', stop);
