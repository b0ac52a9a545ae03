import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { afterAll, describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
// Off the defaults (8545, 5173-5175) so a desk a developer is running does not collide with the test.
const ports = { anvil: 8682, txService: 8786, app: 8787, host: 8788 };
const flags = [
  '--anvil-port',
  String(ports.anvil),
  '--tx-service-port',
  String(ports.txService),
  '--app-port',
  String(ports.app),
  '--host-port',
  String(ports.host),
];

type Started = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/** `npm start -- <flags>` as a user runs it; resolves once the ready line is printed (or the process ended). */
async function npmStart(args: string[]): Promise<Started & { ready: boolean }> {
  const child = spawn('npm', ['start', '--', ...args], {
    cwd: root,
    env: { ...process.env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await new Promise<boolean>((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ready in \d+\.\d s/.test(output)) resolve(true);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => resolve(false));
  });
  started.push(child);
  return { child, output: () => output, exited, ready };
}

const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGTERM');
});

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

describe('npm start', () => {
  test('brings up every service, prints where they are, and Ctrl-C (SIGINT) stops them all', async () => {
    const startedAt = Date.now();
    const desk = await npmStart(flags);
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

    desk.child.kill('SIGINT');
    expect(await desk.exited).toBe(0);
    expect(desk.output()).toContain('Stopped.');
    for (const port of Object.values(ports)) expect(await portFree(port), `port ${port} still taken`).toBe(true);
  }, 120_000);

  test('a second start on the same ports works (nothing left over), and SIGTERM stops it too', async () => {
    const desk = await npmStart(flags);
    expect(desk.ready, desk.output()).toBe(true);
    desk.child.kill('SIGTERM');
    expect(await desk.exited).toBe(0);
    for (const port of Object.values(ports)) expect(await portFree(port), `port ${port} still taken`).toBe(true);
  }, 120_000);

  test('a taken port is named with the flag that moves it, and nothing is left running', async () => {
    const blocker = createServer().listen(ports.app, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      const desk = await npmStart(flags);
      expect(desk.ready).toBe(false);
      expect(await desk.exited).toBe(1);
      expect(desk.output()).toContain(`Port ${ports.app} on 127.0.0.1 (Safe App (Vite)) is already in use.`);
      expect(desk.output()).toContain('npm start -- --app-port <port>');
      expect(await portFree(ports.anvil)).toBe(true);
    } finally {
      blocker.close();
    }
  }, 60_000);
});
