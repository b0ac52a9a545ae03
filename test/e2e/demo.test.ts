import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** Runs a command from the repository root and collects its output. */
function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

test('npm run demo: the local desk comes up and every attack is stopped with its expected error', async () => {
  const { code, output } = await run('npx', ['tsx', 'shared/devkit/demo/main.ts', '--exit', '--port', '8612']);
  expect(output).toMatch(/Ready in \d+\.\d s/);
  expect(output).toContain('ManifestGuard  0x');
  for (const error of [
    'ManifestGuardSoakNotElapsed',
    'ManifestGuardPhaseGateClosed',
    'ManifestGuardNoMatchingStep',
    'ManifestGuardDelegateCallForbidden',
    'ManifestGuardNotExecutor',
    'ManifestGuardTooEarly',
    'ManifestGuardExpired',
    'ManifestGuardManifestHalted',
  ]) {
    expect(output).toContain(`rejected: ${error}(`);
  }
  // A drifted payload is said in words under the raw error.
  expect(output).toMatch(
    /rejected: ManifestGuardNoMatchingStep\(.*\)\n\s+No live manifest has this transaction \(to 0x/,
  );
  expect(output).toMatch(/(\d+) of \1 stopped with the expected error\./);
  expect(output).toContain('RB-43 Completed: pool fee back to 30 bps');
  expect(code).toBe(0);
}, 240_000);

test('a second start on a taken port says so plainly', async () => {
  const { createServer } = await import('node:net');
  const server = createServer().listen(8613, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { code, output } = await run('npx', ['tsx', 'shared/devkit/demo/main.ts', '--exit', '--port', '8613']);
    expect(output).toContain('Port 8613 on 127.0.0.1 is already in use');
    expect(code).toBe(1);
  } finally {
    server.close();
  }
}, 60_000);
