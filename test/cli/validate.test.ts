import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { keccak256 } from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { cli } from './cli.js';

vi.setConfig({ testTimeout: 60_000 });

const safe = '0x5B3120d0dA5FDcBA7aef87A9c3c64829C1c0D76B';
const guard = '0x1111111111111111111111111111111111111111';
const target = '0x2222222222222222222222222222222222222222';
const now = Math.floor(Date.now() / 1000);
let dir: string;

/** A valid Rollback package (no rollback id needed), its window open for a day, with `overrides`. */
const pkg = (overrides: Record<string, unknown> = {}) => ({
  schemaVersion: 1,
  chainId: 31337,
  safe,
  guard,
  title: 'Pool back to v1',
  kind: 'Rollback',
  ticket: 'RB-42',
  notBefore: now - 60,
  expiry: now + 86_400,
  evidence: `0x${'33'.repeat(32)}`,
  phases: [{ steps: [{ to: target, data: '0x01' }] }],
  ...overrides,
});

/** The evidence packet of `pkg()` that `evidenceCompleteness` finds complete, with `overrides`. */
const evidence = (overrides: Record<string, unknown> = {}) => ({
  ticket: 'RB-42',
  implementations: [{ address: target, codeHash: `0x${'ab'.repeat(32)}` }],
  calldataHashes: [{ phase: 0, step: 0, hash: keccak256('0x01') }],
  simulation: { success: true },
  invariants: [{ name: 'reserves cover deposits', category: 'balances' }],
  rollback: { signerSequence: [safe], dependencyOrder: ['pool'], fallbackThresholds: { privileged: 2 } },
  window: { notBefore: now - 60, expiry: now + 86_400 },
  approvals: [{ approver: 'release engineering' }],
  ...overrides,
});

const write = async (name: string, value: unknown) => {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(value, null, 2));
  return path;
};

/** `validate --json` of a package: the exit code and the issues by path. */
async function validate(name: string, value: unknown, more: string[] = []) {
  const result = await cli(['validate', '--package', await write(name, value), ...more, '--json']);
  const issues = Object.fromEntries(
    (result.json?.issues ?? []).map((issue: { path: string; message: string }) => [issue.path, issue.message]),
  );
  return { ...result, issues };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'manifest-guard-validate-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.concurrent('validate refuses what the guard (or a signer) would be hurt by, naming the field', () => {
  test('a valid package passes (the control case)', async () => {
    const { code, json } = await validate('valid.json', pkg());
    expect(code).toBe(0);
    expect(json.valid).toBe(true);
  });

  test('a step repeated in the manifest (the guard: ManifestGuardStepClaimed)', async () => {
    const step = { to: target, value: '0', data: '0xabcd' };
    const { code, issues } = await validate('repeated.json', pkg({ phases: [{ steps: [step] }, { steps: [step] }] }));
    expect(code).toBe(2);
    expect(issues['phases[1].steps[0]']).toMatch(/^is the same step as phases\[0\]\.steps\[0\] .*StepClaimed/);
  });

  test('a delegatecall to something that is not a MultiSendCallOnly (ManifestGuardDelegateCallForbidden)', async () => {
    const delegate = pkg({ phases: [{ steps: [{ to: target, data: '0x01', operation: 'delegatecall' }] }] });
    const { code, issues } = await validate('delegate.json', delegate);
    expect(code).toBe(2);
    expect(issues['phases[0].steps[0].to']).toContain(
      `delegatecall to ${target}, which is not a known MultiSendCallOnly`,
    );
    // The guard's own MultiSendCallOnly, named: then the batch itself is checked.
    const named = await validate('delegate-named.json', delegate, ['--multisend-call-only', target]);
    expect(named.code).toBe(2);
    expect(Object.keys(named.issues)).toEqual(['phases[0].steps[0].data']);
    expect(named.issues['phases[0].steps[0].data']).toContain('ManifestGuardMalformedMultiSend');
  });

  test('a window that has already ended (ManifestGuardInvalidWindow)', async () => {
    const { code, issues } = await validate('expired.json', pkg({ notBefore: now - 7_200, expiry: now - 3_600 }));
    expect(code).toBe(2);
    expect(issues.expiry).toContain('ManifestGuardInvalidWindow');
  });

  test('a 100,000-character ticket (about 4 M gas to register)', async () => {
    const { code, issues } = await validate('long.json', pkg({ ticket: 'R'.repeat(100_000) }));
    expect(code).toBe(2);
    expect(issues.ticket).toBe('is 100000 characters long, more than 128. Shorten it.');
  });

  test('control, bidi-override and invisible characters in what signers read', async () => {
    const { code, issues } = await validate(
      'hidden.json',
      pkg({
        ticket: 'RB-42\u202e',
        title: 'Pool\u0000 back',
        description: 'Fine\nlines, but \u2067this\u2069 is isolated',
        links: [{ label: 'Audit\u200b', url: 'https://example.org/audit' }],
      }),
    );
    expect(code).toBe(2);
    expect(issues).toMatchObject({
      ticket: expect.stringContaining('U+202E (RIGHT-TO-LEFT OVERRIDE) at character 6'),
      title: expect.stringContaining('U+0000 (a control character) at character 5'),
      description: expect.stringContaining('U+2067 (RIGHT-TO-LEFT ISOLATE)'),
      'links[0].label': expect.stringContaining('U+200B (ZERO WIDTH SPACE)'),
    });
  });

  test('evidence items are checked against their schema', async () => {
    const packagePath = await write('evidence-pkg.json', pkg());
    const evidencePath = await write(
      'bad-evidence.json',
      evidence({ invariants: [{ name: 'reserves', category: 'reserves' }], approvals: ['bob'] }),
    );
    const result = await cli(['validate', '--package', packagePath, '--evidence', evidencePath, '--json']);
    expect(result.code).toBe(2);
    expect(result.json.valid).toBe(false);
    expect(result.json.evidence.issues).toEqual([
      { path: 'invariants[0].category', message: expect.stringContaining('"reserves" is not an invariant category') },
      { path: 'approvals[0]', message: expect.stringContaining('"bob" is not an approval') },
    ]);
  });
});

describe.concurrent('hash --seal', () => {
  test('refuses an incomplete packet, naming what is missing; --allow-incomplete seals it with a warning', async () => {
    const packagePath = await write('seal.json', pkg());
    const evidencePath = await write('partial.json', evidence({ simulation: {}, approvals: [] }));
    const refused = await cli(['hash', '--package', packagePath, '--evidence', evidencePath, '--seal']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`error: ${evidencePath} is incomplete: simulation, approvals: not sealed.`);
    expect(refused.stderr).toContain('simulation: missing: add the simulation report');
    expect(refused.stderr).toContain('--allow-incomplete');
    expect(JSON.parse(await readFile(packagePath, 'utf8')).evidence).toBe(`0x${'33'.repeat(32)}`);

    const sealed = await cli([
      'hash',
      '--package',
      packagePath,
      '--evidence',
      evidencePath,
      '--seal',
      '--allow-incomplete',
      '--json',
    ]);
    expect(sealed.code).toBe(0);
    expect(sealed.json).toMatchObject({ sealed: true, incomplete: ['simulation', 'approvals'] });
    expect(sealed.stderr).toContain('warning: sealed an incomplete evidence packet (simulation, approvals)');
    expect(JSON.parse(await readFile(packagePath, 'utf8')).evidence).toBe(sealed.json.evidenceHash);
  });

  test('refuses a malformed packet even with --allow-incomplete; seals a complete one', async () => {
    const packagePath = await write('seal-2.json', pkg());
    const malformed = await write(
      'malformed.json',
      evidence({ calldataHashes: [{ phase: '0', step: 0, hash: '0x' }] }),
    );
    const refused = await cli([
      'hash',
      '--package',
      packagePath,
      '--evidence',
      malformed,
      '--seal',
      '--allow-incomplete',
      '--json',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.json.error.name).toBe('EvidenceNotSealableError');
    expect(refused.json.error.details[0]).toMatch(
      /^calldataHashes\[0\]\.phase: "0" is not a non-negative whole number/,
    );

    const complete = await write('complete.json', evidence());
    const sealed = await cli(['hash', '--package', packagePath, '--evidence', complete, '--seal', '--json']);
    expect(sealed.code).toBe(0);
    expect(sealed.json).toMatchObject({ sealed: true, evidenceMatches: true });
    expect(sealed.json.incomplete).toBeUndefined();
  });
});
