import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, test } from 'vitest';

import { type StartedDesk, npmStart as startNpm } from './npmStart.js';

// Off the defaults (8545, 5173-5175) so a desk a developer is running does not collide with the test.
const ports = { anvil: 8682, txService: 8786, app: 8787, host: 8788 };
const portFlags = [
  '--anvil-port',
  String(ports.anvil),
  '--tx-service-port',
  String(ports.txService),
  '--app-port',
  String(ports.app),
  '--host-port',
  String(ports.host),
];
// Each start writes its sample package and its record (desks/<pid>.json) to a directory of its own, unless a test
// means to share one.
const outRoot = mkdtempSync(join(tmpdir(), 'manifest-guard-start-test-'));
let outCount = 0;
const newOut = () => join(outRoot, `desk-${++outCount}`);
const deskArgs = (out: string, ...extra: string[]) => [...portFlags, '--out', out, ...extra];

/** `npm start -- <flags>`, remembered for the cleanup after the tests. */
async function npmStart(args: string[]): Promise<StartedDesk> {
  const desk = await startNpm(args);
  started.push(desk.child);
  return desk;
}

const started: ChildProcess[] = [];
afterAll(async () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGTERM');
  // A failed test must not leave a chain on the test's ports for the next run: kill what the desks recorded.
  for (const name of await readdir(outRoot).catch(() => []))
    for (const record of await readRecords(join(outRoot, name)))
      for (const p of record.processes)
        if (!ended(p.pid) && /anvil|desk\/main\.ts/.test(commandLine(p.pid))) process.kill(p.pid, 'SIGKILL');
  rmSync(outRoot, { recursive: true, force: true });
});

type DeskRecord = { pid: number; processes: { role: 'desk' | 'watchdog' | 'anvil'; pid: number }[] };

async function readRecords(out: string): Promise<DeskRecord[]> {
  const dir = join(out, 'desks');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.json'));
  return Promise.all(names.map(async (name) => JSON.parse(await readFile(join(dir, name), 'utf8')) as DeskRecord));
}

/** The record of the one desk started with `out`, and its pids by role. */
async function deskRecord(out: string): Promise<DeskRecord & { pids: Record<'desk' | 'watchdog' | 'anvil', number> }> {
  const records = await readRecords(out);
  expect(records, `records in ${out}`).toHaveLength(1);
  const record = records[0]!;
  const pidOf = (role: 'desk' | 'watchdog' | 'anvil') => {
    const found = record.processes.filter((p) => p.role === role);
    expect(found, `${role} in ${JSON.stringify(record)}`).toHaveLength(1);
    return found[0]!.pid;
  };
  return { ...record, pids: { desk: pidOf('desk'), watchdog: pidOf('watchdog'), anvil: pidOf('anvil') } };
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Whether `pid` has ended: no such process, or a zombie nobody reaped (it holds no port and runs nothing). */
function ended(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return process.platform === 'linux';
  }
}

/**
 * Waits up to `ms` for every pid to end and every desk port (unless `checkPorts` is false) to be free; returns what is
 * still running or held.
 */
async function waitUntilGone(pids: Record<string, number>, ms: number, checkPorts = true): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = Object.entries(pids)
      .filter(([, pid]) => !ended(pid))
      .map(([role, pid]) => `${role} (pid ${pid}) still running`);
    for (const [service, port] of checkPorts ? Object.entries(ports) : [])
      if (!(await portFree(port))) left.push(`port ${port} (${service}) still taken`);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The parent pid of `pid` (Linux). */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function expectServicesAnswer(output: string): Promise<void> {
  const rpc = await fetch(`http://127.0.0.1:${ports.anvil}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
  });
  expect(await rpc.json()).toMatchObject({ result: '0x7a69' });

  const about = await fetch(`http://127.0.0.1:${ports.txService}/api/v1/about/`);
  expect(about.status).toBe(200);
  expect(await about.json()).toMatchObject({ name: 'Safe Transaction Service' });

  const manifest = await fetch(`http://127.0.0.1:${ports.app}/manifest.json`, {
    headers: { origin: 'https://app.safe.global' },
  });
  expect(manifest.status).toBe(200);
  expect(manifest.headers.get('access-control-allow-origin')).toBe('*');
  expect(await manifest.json()).toMatchObject({ name: 'Manifest Guard' });

  const host = await fetch(`http://127.0.0.1:${ports.host}/`);
  expect(host.status).toBe(200);
  const page = await host.text();
  expect(page).toContain('data-testid="app-frame"');
  expect(page).toContain(`http://127.0.0.1:${ports.app}/`);

  // The sample release package it printed is a real file for this desk's Safe and guard.
  const packagePath = /Sample release package\s+(\S+)/.exec(output)?.[1];
  const guard = /ManifestGuard\s+(0x[0-9a-fA-F]{40})/.exec(output)?.[1];
  expect(packagePath).toBeDefined();
  const pkg = JSON.parse(await readFile(packagePath!, 'utf8')) as { guard: string; phases: unknown[]; kind: string };
  expect(pkg).toMatchObject({ guard, kind: 'Release' });
  expect(pkg.phases).toHaveLength(2);
}

/**
 * Runs `action` on a busy machine: two CPU burners on top of whatever else runs, until it ends. The desk and its
 * children then get the CPU late while they handle a signal (the condition in which a signal-relaying wrapper gave up
 * on the desk and orphaned its Anvil). Desks start before the burners, so a test does not spend minutes starting them
 * on a saturated machine.
 */
async function onBusyMachine<T>(action: () => Promise<T>): Promise<T> {
  const burners = [0, 1].map(() => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
  try {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    return await action();
  } finally {
    for (const burner of burners) burner.kill('SIGKILL');
  }
}

describe('npm start', () => {
  test('brings up every service, prints where they are, and Ctrl-C (SIGINT) on a busy machine stops them all', async () => {
    const startedAt = Date.now();
    const out = newOut();
    const desk = await npmStart(deskArgs(out));
    expect(desk.ready, desk.output()).toBe(true);
    expect(Date.now() - startedAt).toBeLessThan(90_000);
    const output = desk.output();
    expect(output.indexOf(`Open this:  http://127.0.0.1:${ports.host}/`)).toBeGreaterThan(output.indexOf('Ready in'));
    for (const role of ['owner', 'proposer', 'approver', 'executor', 'guardian'])
      expect(output).toMatch(new RegExp(`\\(${role}\\)\\s+0x[0-9a-fA-F]{40}`));
    expect(output).toContain(`export MANIFEST_GUARD_RPC=http://127.0.0.1:${ports.anvil}`);
    expect(output).toContain(`export MANIFEST_GUARD_TX_SERVICE=http://127.0.0.1:${ports.txService}/api`);
    expect(output).toContain('Ctrl-C');
    await expectServicesAnswer(output);
    const { pids } = await deskRecord(out);

    await onBusyMachine(async () => {
      desk.child.kill('SIGINT');
      expect(await waitUntilGone(pids, 15_000)).toEqual([]);
      expect(await desk.exited).toBe(0);
    });
    expect(desk.output()).toContain('Stopped.');
    for (const port of Object.values(ports)) expect(await portFree(port), `port ${port} still taken`).toBe(true);
  }, 120_000);

  test('a taken port is named with the flag that moves it, and nothing is left running', async () => {
    const blocker = createServer().listen(ports.app, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      const desk = await npmStart(deskArgs(newOut()));
      expect(desk.ready).toBe(false);
      expect(await desk.exited).toBe(1);
      expect(desk.output()).toContain(`Port ${ports.app} on 127.0.0.1 (Safe App (Vite)) is already in use.`);
      expect(desk.output()).toContain('npm start -- --app-port <port>');
      expect(await portFree(ports.anvil)).toBe(true);
    } finally {
      blocker.close();
    }
  }, 60_000);

  // A second start on the same ports after the first test's desk: nothing was left over. SIGINT is the first test's.
  test('on a busy machine, SIGTERM, SIGKILL of npm and SIGKILL of the desk each leave nothing running', async () => {
    for (const how of ['SIGTERM', 'SIGKILL of npm', 'SIGKILL of the desk'] as const) {
      const out = newOut();
      const desk = await npmStart(deskArgs(out));
      expect(desk.ready, `${how}: ${desk.output()}`).toBe(true);
      const { pids } = await deskRecord(out);
      for (const [role, pid] of Object.entries(pids)) expect(ended(pid), `${how}: ${role} ${pid} runs`).toBe(false);
      if (process.platform === 'linux') {
        // npm runs the desk itself (no shell or signal-relaying wrapper between them); Anvil runs under the watchdog.
        expect(parentOf(pids.desk), how).toBe(desk.child.pid);
        expect(parentOf(pids.watchdog), how).toBe(pids.desk);
        expect(parentOf(pids.anvil), how).toBe(pids.watchdog);
      }

      await onBusyMachine(async () => {
        if (how === 'SIGTERM') desk.child.kill(how);
        else if (how === 'SIGKILL of npm') desk.child.kill('SIGKILL');
        else process.kill(pids.desk, 'SIGKILL');
        expect(await waitUntilGone(pids, 15_000), how).toEqual([]);
        if (how === 'SIGTERM') {
          expect(await desk.exited, how).toBe(0);
          expect(desk.output(), how).toContain('Stopped.');
        }
        if (how === 'SIGKILL of npm') {
          await desk.closed;
          expect(desk.output()).toContain('The parent process ended: stopping the desk');
        }
      });
    }
  }, 360_000);

  test('a desk left over from an earlier start is named with the commands that stop it; --stop and --replace do', async () => {
    const out = newOut();
    // A desk whose watchdog and desk process were both SIGKILLed: its Anvil is left running on the port.
    const first = await npmStart(deskArgs(out));
    expect(first.ready, first.output()).toBe(true);
    const { pids } = await deskRecord(out);
    process.kill(pids.watchdog, 'SIGKILL');
    process.kill(pids.desk, 'SIGKILL');
    await first.exited;
    expect(await waitUntilGone({ desk: pids.desk, watchdog: pids.watchdog }, 15_000, false)).toEqual([]);
    expect(ended(pids.anvil)).toBe(false);
    expect(await portFree(ports.anvil)).toBe(false);

    const second = await npmStart(deskArgs(out));
    expect(second.ready).toBe(false);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(
      new RegExp(
        `A desk from an earlier \`npm start\` \\(pid ${pids.desk}, started at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\) ` +
          `still holds port ${ports.anvil} \\(Anvil RPC\\): the desk has ended but its Anvil \\(pid ${pids.anvil}\\) still runs\\.`,
      ),
    );
    expect(second.output()).toContain(`npm start -- ${deskArgs(out, '--stop').join(' ')}`);
    expect(second.output()).toContain(`npm start -- ${deskArgs(out, '--replace').join(' ')}`);
    expect(second.output()).not.toContain('is already in use');
    expect(ended(pids.anvil), 'a refused start stops nothing').toBe(false);

    const stop = await npmStart(deskArgs(out, '--stop'));
    expect(await stop.exited, stop.output()).toBe(0);
    expect(stop.output()).toContain(`Stopping the desk from an earlier \`npm start\` (pid ${pids.desk}`);
    expect(stop.output()).toMatch(new RegExp(`stopped anvil +pid ${pids.anvil}`));
    expect(await waitUntilGone(pids, 15_000)).toEqual([]);

    // A desk still running (say, in another terminal) counts as well: named, then replaced by --replace.
    const running = await npmStart(deskArgs(out));
    expect(running.ready, running.output()).toBe(true);
    const before = await deskRecord(out);
    const refused = await npmStart(deskArgs(out));
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toContain(`A desk from an earlier \`npm start\` (pid ${before.pids.desk}, started at `);
    expect(refused.output()).toContain(`still holds port ${ports.anvil} (Anvil RPC).`);

    const replacing = await npmStart(deskArgs(out, '--replace'));
    expect(replacing.ready, replacing.output()).toBe(true);
    expect(replacing.output()).toContain(`Stopping the desk from an earlier \`npm start\` (pid ${before.pids.desk}`);
    expect(await running.exited, 'the replaced desk stopped itself cleanly').toBe(0);
    for (const [role, pid] of Object.entries(before.pids)) expect(ended(pid), `old ${role} ${pid}`).toBe(true);
    const after = await deskRecord(out);
    expect(after.pids.desk).not.toBe(before.pids.desk);
    await expectServicesAnswer(replacing.output());

    replacing.child.kill('SIGINT');
    expect(await replacing.exited).toBe(0);
    expect(await waitUntilGone(after.pids, 15_000)).toEqual([]);
    expect(await readRecords(out), 'a stopped desk removes its record').toEqual([]);
  }, 300_000);
});
