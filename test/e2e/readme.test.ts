import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createPublicClient, getAddress, http, parseAbi } from 'viem';
import { afterAll, describe, expect, test, vi } from 'vitest';

import { manifestGuardAbi } from '../../shared/src/generated/manifestGuard.js';
import { ManifestStatus } from '../../shared/src/guard/manifest.js';
import { parseReleasePackage } from '../../shared/src/package/parseReleasePackage.js';
import { toManifest } from '../../shared/src/package/toManifest.js';
import { npmStart } from './npmStart.js';

/** `npm start`, then about 25 CLI processes in a row (each ≈1 s; several seconds on a busy machine). */
vi.setConfig({ testTimeout: 420_000 });

const root = join(import.meta.dirname, '..', '..');
// Off the defaults and off the other desk tests' ports.
const ports = { anvil: 8693, txService: 8793, app: 8794, host: 8795 };
// The desk's default output directory is <TMPDIR>/manifest-guard-desk: a TMPDIR of the test's own keeps a desk a
// developer runs untouched, and the README's first line finds the env file there.
const tmp = mkdtempSync(join(tmpdir(), 'manifest-guard-readme-test-'));
const work = mkdtempSync(join(tmp, 'release-'));
const started: ChildProcess[] = [];

afterAll(async () => {
  for (const child of started) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
  }
  rmSync(tmp, { recursive: true, force: true });
});

/** The README's release-engineer block: the lines of the `sh` fence after its marker comment. */
function readmeBlock(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const marker = readme.indexOf('<!-- release-engineer-block:');
  expect(marker, 'the README marks the release-engineer block').toBeGreaterThan(0);
  const fence = readme.indexOf('```sh\n', marker);
  const end = readme.indexOf('\n```', fence + 6);
  return readme.slice(fence + 6, end).split('\n');
}

async function startDesk(): Promise<string> {
  const desk = await npmStart(
    [
      '--anvil-port',
      String(ports.anvil),
      '--tx-service-port',
      String(ports.txService),
      '--app-port',
      String(ports.app),
      '--host-port',
      String(ports.host),
    ],
    { TMPDIR: tmp },
  );
  started.push(desk.child);
  expect(desk.ready, desk.output()).toBe(true);
  return desk.output();
}

/**
 * Runs `lines` in one bash (`set -euo pipefail`) in `work`, printing a marker before each command so that each
 * command's output (stdout and stderr together) can be told apart. Resolves with the exit code and the sections.
 */
function runLines(lines: string[]): Promise<{ code: number | null; sections: { line: string; output: string }[] }> {
  const commands = lines.filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  const script = ['set -euo pipefail', ...commands.flatMap((line, i) => [`printf '\\n@@@ %s\\n' ${i}`, line])].join(
    '\n',
  );
  const child = spawn('bash', ['-c', script], {
    cwd: work,
    env: { ...process.env, TMPDIR: tmp, FORCE_COLOR: '0', MANIFEST_GUARD_PRIVATE_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) =>
    child.once('close', (code) => {
      const parts = output.split(/\n@@@ (\d+)\n/);
      const sections: { line: string; output: string }[] = [];
      for (let i = 1; i < parts.length; i += 2)
        sections.push({ line: commands[Number(parts[i])]!, output: parts[i + 1] ?? '' });
      resolve({ code, sections });
    }),
  );
}

describe("the README's release-engineer block, on `npm start`'s desk", () => {
  test('every line exits 0: the gate says release, REL-42 executes and verifies, the guard says Completed', async () => {
    const deskOutput = await startDesk();
    expect(deskOutput).toContain(`source ${join(tmp, 'manifest-guard-desk', 'desk.env')}`);
    const lines = readmeBlock();
    expect(lines[0]).toBe('source "${TMPDIR:-/tmp}/manifest-guard-desk/desk.env"');

    // The desk's own sample (REL-42 and RB-42) comes with the evidence packets its packages seal, complete.
    const deskDir = join(tmp, 'manifest-guard-desk');
    const samples = await runLines([
      lines[0]!,
      `manifest-guard validate --package ${deskDir}/rel-42.release.json --evidence ${deskDir}/rel-42.evidence.json --json`,
      `manifest-guard validate --package ${deskDir}/rb-42.rollback.json --evidence ${deskDir}/rb-42.evidence.json --json`,
    ]);
    expect(samples.code, JSON.stringify(samples.sections)).toBe(0);
    for (const sample of samples.sections.slice(1))
      expect(JSON.parse(sample.output).evidence).toMatchObject({ complete: true, gaps: [], hashMatches: true });

    const { code, sections } = await runLines(lines);
    const transcript = sections.map((section) => `$ ${section.line}\n${section.output}`).join('\n');
    expect(code, transcript).toBe(0);
    const commands = lines.filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
    expect(sections.map((section) => section.line)).toEqual(commands);

    const output = (prefix: string) => sections.find((section) => section.line.includes(prefix))!.output;
    // The gate released on chain state (not offline), naming the block it read.
    const gate = JSON.parse(output('manifest-guard gate ').slice(output('manifest-guard gate ').indexOf('{')));
    expect(gate).toMatchObject({ decision: 'release', offline: false, lane: 'routine', rollbackReady: true });
    expect(gate.chain).toMatchObject({ chainId: 31337 });
    // Both packets were complete when sealed (no --allow-incomplete anywhere in the block).
    expect(lines.join('\n')).not.toContain('--allow-incomplete');
    expect(output('manifest-guard validate ')).not.toMatch(/incomplete|missing/i);
    expect(output('execute --package release.json')).toMatch(/sent: 0x[0-9a-f]{64}/);

    // What the chain says: the release completed and the pool runs its v2 implementation.
    const env = Object.fromEntries(
      readFileSync(join(tmp, 'manifest-guard-desk', 'desk.env'), 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('export ') && !line.startsWith('export PATH='))
        .map((line) => {
          const [name, value] = line.slice('export '.length).split('=');
          return [name!, value!.replaceAll("'", '')];
        }),
    );
    const client = createPublicClient({ transport: http(env.MANIFEST_GUARD_RPC) });
    const release = JSON.parse(readFileSync(join(work, 'release.json'), 'utf8')) as { guard: `0x${string}` };
    const id = await client.readContract({
      address: release.guard,
      abi: manifestGuardAbi,
      functionName: 'manifestId',
      args: [await manifestOf(join(work, 'release.json'))],
    });
    const state = await client.readContract({
      address: release.guard,
      abi: manifestGuardAbi,
      functionName: 'getManifest',
      args: [id],
    });
    expect(state.status).toBe(ManifestStatus.Completed);
    const implementationSlot = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc';
    const slot = await client.getStorageAt({ address: env.POOL as `0x${string}`, slot: implementationSlot });
    expect(getAddress(`0x${slot!.slice(-40)}`)).toBe(getAddress(env.POOL_V2!));
    const version = await client.readContract({
      address: env.POOL as `0x${string}`,
      abi: parseAbi(['function version() view returns (string)']),
      functionName: 'version',
    });
    expect(version).toBe('2.0.0');
  });
});

async function manifestOf(path: string) {
  return toManifest(parseReleasePackage(readFileSync(path, 'utf8')));
}
