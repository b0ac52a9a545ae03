import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Hex, encodeFunctionData } from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { manifestGuardAbi } from '../../shared/src/generated/manifestGuard.js';
import { approvalDigest } from '../../shared/src/hashing/manifestId.js';
import { cli } from './cli.js';

vi.setConfig({ testTimeout: 60_000 });

const safe = '0x5B3120d0dA5FDcBA7aef87A9c3c64829C1c0D76B';
const guard = '0x1111111111111111111111111111111111111111';
const target = '0x2222222222222222222222222222222222222222';
const id = `0x${'12'.repeat(31)}34` as Hex;
let dir: string;
let packagePath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clear-sign-'));
  packagePath = join(dir, 'rollback.json');
  await writeFile(
    packagePath,
    JSON.stringify({
      schemaVersion: 1,
      chainId: 31337,
      safe,
      guard,
      title: 'Pool back to v1',
      kind: 'Rollback',
      ticket: 'RB-42',
      notBefore: 1_796_287_551,
      expiry: 1_796_387_551,
      evidence: `0x${'33'.repeat(32)}`,
      phases: [{ steps: [{ to: target, data: '0x01' }] }],
    }),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('clear-sign --package: the EIP-712 approval', () => {
  test('the device view of the manifest id `hash` computes, and the hashes of blind signing', async () => {
    const { json: hashed } = await cli(['hash', '--package', packagePath, '--json']);
    const manifestId = hashed.manifestId as Hex;
    const result = await cli(['clear-sign', '--package', packagePath, '--json']);
    expect(result.code).toBe(0);
    expect(result.json.view).toEqual({
      kind: 'clear',
      owner: 'Manifest Guard',
      intent: 'Approve release manifest',
      formatKey: 'Approval(bytes32 manifestId)',
      lines: [
        {
          label: 'Manifest id',
          value: `${manifestId.slice(0, 10)}…${manifestId.slice(-8)}`,
          full: manifestId,
          path: 'manifestId',
          indices: [],
          format: 'raw',
        },
      ],
    });
    expect(result.json.hashes.digest).toBe(approvalDigest({ manifestId, chainId: 31337, guard }));
  });

  test('--chain-id and --guard as `approve --sign` takes them: another id, its own digest', async () => {
    const other = '0x9999999999999999999999999999999999999999';
    const { json: ours } = await cli(['clear-sign', '--package', packagePath, '--json']);
    const result = await cli(['clear-sign', '--package', packagePath, '--chain-id', '1', '--guard', other, '--json']);
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ signs: 'approval', chainId: 1, guard: other });
    expect(result.json.manifestId).not.toBe(ours.manifestId);
    expect(result.json.hashes.digest).toBe(
      approvalDigest({ manifestId: result.json.manifestId, chainId: 1, guard: other }),
    );
    expect(result.json.view.lines[0].full).toBe(result.json.manifestId);
  });

  test('in words: intent, label, shortened and full id, the hashes to compare', async () => {
    const { json: hashed } = await cli(['hash', '--package', packagePath, '--json']);
    const manifestId = hashed.manifestId as Hex;
    const result = await cli(['clear-sign', '--package', packagePath]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 7)).toEqual([
      `Approval of manifest ${manifestId}`,
      `(EIP-712 Approval(bytes32 manifestId), guard ${guard} on chain 31337)`,
      '',
      '✓ clear signing (ERC-7730, Manifest Guard)',
      '  Approve release manifest',
      `  Manifest id  ${manifestId.slice(0, 10)}…${manifestId.slice(-8)}`,
      `               (in full: ${manifestId})`,
    ]);
    expect(result.stdout).toContain(`digest signed: ${approvalDigest({ manifestId, chainId: 31337, guard })}`);
  });
});

describe('clear-sign --data: a call to the guard', () => {
  test('attestContinue bound to the guard: every line', async () => {
    const data = encodeFunctionData({
      abi: manifestGuardAbi,
      functionName: 'attestContinue',
      args: [id, 1n, `0x${'ab'.repeat(32)}`],
    });
    const result = await cli(['clear-sign', '--data', data, '--to', guard, '--chain-id', '31337']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `Call to ${guard} on chain 31337`,
        '',
        '✓ clear signing (ERC-7730, Manifest Guard)',
        '  Attest: continue to next phase',
        '  Manifest id                     0x12121212…12121234',
        `                                  (in full: ${id})`,
        '  Phase to open (0 is the first)  1',
        '  Metrics hash                    0xabababab…abababab',
        `                                  (in full: 0x${'ab'.repeat(32)})`,
        '',
      ].join('\n'),
    );
  });

  test('an unknown selector: blind signing, exit 1, and why', async () => {
    const result = await cli(['clear-sign', '--data', '0xdeadbeef', '--json']);
    expect(result.code).toBe(1);
    expect(result.json.view).toEqual({
      kind: 'blind',
      reason:
        'no descriptor: the device shows blind-signing data ("Manifest Guard" has no function with selector 0xdeadbeef)',
      selector: '0xdeadbeef',
    });
  });

  test("a call to another contract than the package's guard: blind", async () => {
    const data = encodeFunctionData({ abi: manifestGuardAbi, functionName: 'halt', args: [id] });
    const result = await cli(['clear-sign', '--data', data, '--to', target, '--package', packagePath, '--json']);
    expect(result.code).toBe(1);
    expect(result.json.view.reason).toBe(
      `no descriptor: the device shows blind-signing data (the call goes to ${target}, not to the guard ${guard}: Manifest Guard's descriptor does not apply)`,
    );
  });
});

describe('errors', () => {
  test('nothing to show, and calldata that is not hex: exit 2 with what to do', async () => {
    const none = await cli(['clear-sign']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      'error: `clear-sign` needs --package (an approval) or --data (a call to the guard).\n' +
        '  Pass --package release.json, or --data 0x… with --to <guard>.\n',
    );
    const bad = await cli(['clear-sign', '--data', '0x123']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'error: --data "0x123" is not hex calldata.\n  Use 0x followed by an even number of hex digits.\n',
    );
  });

  test('the command is listed with its summary', async () => {
    const help = await cli(['--help']);
    // Padded to the longest command name, which other commands decide.
    expect(help.stdout).toMatch(
      /^ {2}clear-sign +What a clear-signing device \(ERC-7730\) shows for an approval or a call to the guard\.$/m,
    );
  });
});
