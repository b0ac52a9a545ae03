import { encodeFunctionData } from 'viem';
import { describe, expect, test } from 'vitest';

import { encodeMultiSend } from '../safe/multiSend.js';
import { multiSendAbi } from '../generated/safe.js';
import { ReleasePackageError } from './errors.js';
import { evidenceIssues } from './evidenceSchema.js';
import { parseReleasePackage } from './parseReleasePackage.js';
import { hiddenCharacter, registrationIssues, textLimits } from './registrationShape.js';

const safe = '0x5B3120d0dA5FDcBA7aef87A9c3c64829C1c0D76B';
const guard = '0x1111111111111111111111111111111111111111';
const target = '0x2222222222222222222222222222222222222222';
const multiSendCallOnly = '0xA83c336B20401Af773B6219BA5027174338D1836';
const now = 1_800_000_000n;

const json = (overrides: Record<string, unknown> = {}, steps?: unknown[]) => ({
  schemaVersion: 1,
  chainId: 31337,
  safe,
  guard,
  title: 'Pool v2',
  kind: 'Rollback',
  ticket: 'RB-42',
  notBefore: Number(now),
  expiry: Number(now) + 86_400,
  evidence: `0x${'33'.repeat(32)}`,
  phases: [{ steps: steps ?? [{ to: target, data: '0x01' }] }],
  ...overrides,
});

/** The issues `parseReleasePackage` reports, by path. */
function parseIssues(value: unknown): Record<string, string> {
  try {
    parseReleasePackage(value);
    return {};
  } catch (error) {
    if (!(error instanceof ReleasePackageError)) throw error;
    return Object.fromEntries(error.issues.map((issue) => [issue.path, issue.message]));
  }
}

describe('the text signers read', () => {
  test.each([
    ['ticket', { ticket: 'RB-42\u202e24-BR' }, 'ticket', /U\+202E \(RIGHT-TO-LEFT OVERRIDE\) at character 6/],
    ['ticket', { ticket: 'RB-4\u200b2' }, 'ticket', /U\+200B \(ZERO WIDTH SPACE\) at character 5/],
    ['title', { title: 'Pool\u0007 v2' }, 'title', /U\+0007 \(a control character\) at character 5/],
    ['title', { title: 'Pool\nv2' }, 'title', /U\+000A \(a control character\).*one line/],
    [
      'description',
      { description: 'ok\n\tfine\u2066hidden\u2069' },
      'description',
      /U\+2066 \(LEFT-TO-RIGHT ISOLATE\)/,
    ],
    [
      'link label',
      { links: [{ label: 'Audit\u202d', url: 'https://example.org' }] },
      'links[0].label',
      /U\+202D \(LEFT-TO-RIGHT OVERRIDE\)/,
    ],
  ])('%s: a control, bidi or invisible character is refused, with the field', (_, overrides, path, message) => {
    expect(parseIssues(json(overrides))[path]).toMatch(message);
  });

  test('a multi-line description with tabs is fine', () => {
    expect(parseIssues(json({ description: 'Line one.\r\n\tLine two.' }))).toEqual({});
  });

  test('a 100,000-character ticket is refused (registration would cost millions of gas)', () => {
    expect(parseIssues(json({ ticket: 'R'.repeat(100_000) })).ticket).toBe(
      `is 100000 characters long, more than ${textLimits.ticket}. Shorten it.`,
    );
    expect(parseIssues(json({ ticket: 'R'.repeat(textLimits.ticket) }))).toEqual({});
    expect(parseIssues(json({ description: 'd'.repeat(textLimits.description + 1) })).description).toContain(
      'more than 4000',
    );
  });

  test('hiddenCharacter names the first offending character', () => {
    expect(hiddenCharacter('plain text, ünïcödé and emoji 🚀')).toBeUndefined();
    expect(hiddenCharacter('a\u061cb')).toMatch(/U\+061C \(ARABIC LETTER MARK\) at character 2/);
    expect(hiddenCharacter('\u0085')).toMatch(/U\+0085 \(a control character\)/);
  });
});

describe('registrationIssues: what the guard refuses at registration, offline', () => {
  const issuesOf = (value: unknown, options = {}) =>
    Object.fromEntries(
      registrationIssues(parseReleasePackage(value), { now, ...options }).map((issue) => [issue.path, issue.message]),
    );

  test('a valid package has none', () => {
    expect(issuesOf(json())).toEqual({});
  });

  test('a repeated step names both places', () => {
    const step = { to: target, value: '0', data: '0xabcd' };
    const pkg = json({ phases: [{ steps: [step, { to: target, data: '0x01' }] }, { steps: [{ ...step }] }] });
    expect(issuesOf(pkg)).toEqual({
      'phases[1].steps[0]': expect.stringMatching(
        /^is the same step as phases\[0\]\.steps\[0\] .*ManifestGuardStepClaimed/,
      ),
    });
    // The same call with another value, data or operation is another step.
    const differs = json({ phases: [{ steps: [step, { ...step, value: '1' }, { ...step, data: '0xabce' }] }] });
    expect(issuesOf(differs)).toEqual({});
  });

  test('a delegatecall is refused unless it goes to a MultiSendCallOnly, with a well-formed batch', () => {
    const batch = encodeFunctionData({
      abi: multiSendAbi,
      functionName: 'multiSend',
      args: [encodeMultiSend([{ to: target, value: 0n, data: '0x01' }])],
    });
    const delegate = json({}, [{ to: target, data: batch, operation: 'delegatecall' }]);
    expect(issuesOf(delegate)['phases[0].steps[0].to']).toMatch(
      new RegExp(
        `^delegatecall to ${target}, which is not a known MultiSendCallOnly\\..*\\(ManifestGuardDelegateCallForbidden\\)\\.$`,
      ),
    );
    expect(issuesOf(json({}, [{ to: multiSendCallOnly, data: batch, operation: 'delegatecall' }]))).toEqual({});
    expect(issuesOf(delegate, { multiSendCallOnly: target })).toEqual({});
    // Another address than the one given is not the guard's.
    expect(
      issuesOf(json({}, [{ to: multiSendCallOnly, data: batch, operation: 'delegatecall' }]), {
        multiSendCallOnly: target,
      }),
    ).toEqual({
      'phases[0].steps[0].to': expect.stringContaining(`not the configured MultiSendCallOnly (${target})`),
    });
    expect(issuesOf(json({}, [{ to: multiSendCallOnly, data: '0x01', operation: 'delegatecall' }]))).toEqual({
      'phases[0].steps[0].data': expect.stringContaining('(ManifestGuardMalformedMultiSend).'),
    });
  });

  test('a window that has ended is refused; one that has not opened yet is fine', () => {
    expect(issuesOf(json({ notBefore: Number(now) - 7_200, expiry: Number(now) - 3_600 })).expiry).toMatch(
      /must end after it starts, in the future.*\(ManifestGuardInvalidWindow\)\.$/,
    );
    expect(issuesOf(json({ notBefore: Number(now) + 3_600, expiry: Number(now) + 7_200 }))).toEqual({});
  });
});

describe('evidenceIssues: the items of an evidence packet', () => {
  test('a well-formed packet (and an empty one: completeness is another question) has none', () => {
    expect(evidenceIssues({})).toEqual([]);
    expect(
      evidenceIssues({
        ticket: 'REL-42',
        implementations: [{ address: target, codeHash: `0x${'ab'.repeat(32)}`, name: 'PoolV2' }],
        calldataHashes: [{ phase: 0, step: 0, hash: `0x${'cd'.repeat(32)}` }],
        simulation: { success: true },
        invariants: [{ name: 'reserves cover deposits', category: 'balances', detail: 'checked\non a fork' }],
        rollback: {
          rollbackManifestId: `0x${'11'.repeat(32)}`,
          signerSequence: [safe],
          dependencyOrder: ['pool'],
          fallbackThresholds: { privileged: 2 },
        },
        window: { notBefore: 1_800_000_000, expiry: '2027-02-01T00:00:00Z' },
        approvals: [{ approver: 'release engineering', role: 'reviewer', at: '2027-01-01', reference: 'REL-42' }],
        'x-pipeline': { run: 7 },
      }),
    ).toEqual([]);
  });

  test('each malformed item is named with its path and the fix', () => {
    const issues = Object.fromEntries(
      evidenceIssues({
        ticket: 'REL\u202e-42',
        implementations: [{ address: '0x12', codeHash: '0x00' }],
        invariants: [{ name: 'reserves', category: 'reserves' }, 'bob'],
        rollback: { signerSequence: ['0x1'], fallbackThresholds: { privileged: 0 } },
        approvals: [{ approver: 'a', signedBy: 'b' }],
        window: { notBefore: 'soon', expiry: 1 },
        extra: true,
      }).map((issue) => [issue.path, issue.message]),
    );
    expect(issues).toEqual({
      ticket: expect.stringContaining('RIGHT-TO-LEFT OVERRIDE'),
      'implementations[0].address': expect.stringContaining('is not an address'),
      'implementations[0].codeHash': expect.stringContaining('not 32'),
      'invariants[0].category': expect.stringContaining('"reserves" is not an invariant category'),
      'invariants[1]': expect.stringContaining('is not an invariant'),
      'rollback.signerSequence[0]': expect.stringContaining('is not an address'),
      'rollback.fallbackThresholds.privileged': 'is 0. A threshold is at least 1.',
      'approvals[0].signedBy': expect.stringContaining('is not a field of an approval'),
      'window.notBefore': expect.stringContaining('neither unix seconds nor an ISO-8601'),
      extra: expect.stringContaining('is not a field of an evidence packet'),
    });
  });
});
