import { encodeFunctionData, getAddress, parseAbi } from 'viem';
import { describe, expect, test } from 'vitest';

import { parseReleasePackage } from '../package/parseReleasePackage.js';
import { evaluatePolicy } from './evaluatePolicy.js';
import { parsePolicy } from './parsePolicy.js';
import { PolicyError } from './errors.js';

const proxyAdmin = getAddress('0x1111111111111111111111111111111111111111');
const proxy = getAddress('0x2222222222222222222222222222222222222222');
const implementation = getAddress('0x3333333333333333333333333333333333333333');
const upgradeData = encodeFunctionData({
  abi: parseAbi(['function upgradeAndCall(address,address,bytes)']),
  functionName: 'upgradeAndCall',
  args: [proxy, implementation, '0x'],
});

const pkg = parseReleasePackage({
  schemaVersion: 1,
  chainId: 1,
  safe: '0x4444444444444444444444444444444444444444',
  guard: '0x5555555555555555555555555555555555555555',
  title: 'Pool v2',
  kind: 'Release',
  ticket: 'REL-1',
  notBefore: 1_000_000,
  expiry: 1_000_000 + 30 * 86_400,
  rollback: `0x${'ab'.repeat(32)}`,
  evidence: `0x${'cd'.repeat(32)}`,
  phases: [{ steps: [{ to: proxyAdmin, data: upgradeData }], minSoak: 60 }, { steps: [{ to: proxy, data: '0x' }] }],
});

describe('parsePolicy', () => {
  test('default', () => {
    expect(parsePolicy('{"schemaVersion":1,"privilegedMinPhases":2}')).toEqual({
      schemaVersion: 1,
      privilegedMinPhases: 2,
    });
  });

  test('errors: paths and fixes', () => {
    let error: unknown;
    try {
      parsePolicy({ schemaVersion: 1, privilegedMinPhases: 0, maxWindowSecond: 5, minSoakSeconds: -1 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).issues.map((issue) => issue.path).sort()).toEqual([
      'maxWindowSecond',
      'minSoakSeconds',
      'privilegedMinPhases',
    ]);
    expect((error as PolicyError).message).toContain('privilegedMinPhases: must be at least 1.');
  });

  test('errors: not JSON', () => {
    expect(() => parsePolicy('{')).toThrow(/is not valid JSON/);
  });

  test('errors: wrong version', () => {
    expect(() => parsePolicy({ schemaVersion: 2 })).toThrow(/schemaVersion: must be 1/);
  });
});

describe('evaluatePolicy', () => {
  test('all rules met', () => {
    const policy = parsePolicy({
      schemaVersion: 1,
      privilegedMinPhases: 2,
      maxWindowSeconds: 31 * 86_400,
      minSoakSeconds: 60,
      transparentUpgradesNeedStorageLayoutCheck: true,
      requireRollbackRehearsal: true,
    });
    const evidence = {
      simulation: {
        storageLayout: [{ proxy, implementation, ok: true }],
        rollbackRehearsal: { restored: true },
      },
    };
    expect(evaluatePolicy(policy, pkg, { lane: 'privileged', evidence })).toEqual([]);
  });

  test('every rule unmet, with values', () => {
    const policy = parsePolicy({
      schemaVersion: 1,
      privilegedMinPhases: 3,
      maxWindowSeconds: 86_400,
      minSoakSeconds: 3600,
      transparentUpgradesNeedStorageLayoutCheck: true,
      requireRollbackRehearsal: true,
    });
    const findings = evaluatePolicy(policy, pkg, { lane: 'privileged', evidence: {} });
    expect(findings.map((finding) => finding.rule)).toEqual([
      'privilegedMinPhases',
      'maxWindowSeconds',
      'minSoakSeconds',
      'transparentUpgradesNeedStorageLayoutCheck',
      'requireRollbackRehearsal',
    ]);
    expect(findings[0]!.values).toEqual({ phases: 2, min: 3 });
    expect(findings[1]!.values).toEqual({ window: String(30 * 86_400), max: 86_400 });
    expect(findings[3]!.values).toMatchObject({ proxy, implementation, phase: 0, step: 0 });
  });

  test('routine releases skip privilegedMinPhases', () => {
    const policy = parsePolicy({ schemaVersion: 1, privilegedMinPhases: 3 });
    expect(evaluatePolicy(policy, pkg, { lane: 'routine' })).toEqual([]);
  });

  test('failing storage-layout report and rehearsal', () => {
    const policy = parsePolicy({
      schemaVersion: 1,
      transparentUpgradesNeedStorageLayoutCheck: true,
      requireRollbackRehearsal: true,
    });
    const evidence = {
      simulation: { storageLayout: [{ implementation, ok: false }], rollbackRehearsal: { restored: false } },
    };
    const findings = evaluatePolicy(policy, pkg, { lane: 'routine', evidence });
    expect(findings.map((finding) => finding.message)).toEqual([
      expect.stringContaining('does not pass'),
      expect.stringContaining('did not bring the state back'),
    ]);
  });
});
