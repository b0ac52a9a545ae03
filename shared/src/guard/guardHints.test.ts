import { readFile } from 'node:fs/promises';

import { encodeErrorResult, pad } from 'viem';
import { describe, expect, test } from 'vitest';

import { sampleAccount, sampleErrorData, sampleId, sampleOtherId } from '../../../test/support/guardErrorSamples.js';
import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { decodeGuardError } from './guardErrors.js';
import { manifestGuardErrorDocs } from '../generated/manifestGuardErrorDocs.js';
import { type HintContext, guardErrorNames, guardHint, guardHints } from './guardHints.js';
import { errorInputs } from './guardRule.js';
import { short } from './hintWords.js';

const id = sampleId;
const other = sampleOtherId;
const account = sampleAccount;

/** The guard's error `name` with `args` (or samples), as the CLI reads it after a revert. */
function hintOf(name: string, args?: readonly unknown[], context: HintContext = {}) {
  const rejection = decodeGuardError(sampleErrorData(name, args));
  expect(rejection?.errorName).toBe(name);
  return guardHint(rejection!, context);
}

describe('the guard errors → hints table', () => {
  test('has a hint for every error of the generated ABI, and none for errors the guard no longer has', () => {
    expect(guardErrorNames.length).toBeGreaterThan(50);
    expect(guardErrorNames.filter((name) => !Object.hasOwn(guardHints, name))).toEqual([]);
    expect(Object.keys(guardHints).filter((name) => !guardErrorNames.includes(name))).toEqual([]);
  });

  test("the CLI's README lists every error of the table", async () => {
    const readme = await readFile(new URL('../cli/README.md', import.meta.url), 'utf8');
    const listed = [...readme.matchAll(/^\| `(\w+)` +\|/gm)].map((match) => `ManifestGuard${match[1]}`);
    expect(listed.sort()).toEqual([...guardErrorNames].sort());
  });

  test.each(guardErrorNames)('%s reads as a sentence with what to do', (name) => {
    for (const action of [undefined, 'register', 'approve', 'cancel', 'halt', 'execTransaction']) {
      const { sentence, fix } = hintOf(name, undefined, { action, manifestId: id });
      for (const text of [sentence, fix]) {
        expect(text).toMatch(/^\S.*[.!?)`]$/s);
        expect(text).not.toMatch(/undefined|NaN|\[object|ManifestGuard[A-Z]\w*\(/);
      }
      // Values in words: no raw enum numbers or seconds since 1970.
      expect(sentence).not.toContain('1800000000');
    }
  });

  test.each(guardErrorNames)("%s states its rule in the guard's NatSpec words, with the values", (name) => {
    const doc = manifestGuardErrorDocs[name as keyof typeof manifestGuardErrorDocs];
    expect(doc.notice.length).toBeGreaterThan(10);
    const { rule, sentence } = hintOf(name, undefined, { manifestId: id });
    expect(rule).toMatch(/^\S.*[.!?)`]$/s);
    expect(rule).not.toMatch(/undefined|NaN|\[object/);
    const inputs = errorInputs(name);
    // Every parameter the notice names is replaced by its value; the rest of the notice is the NatSpec, word for word.
    for (const input of inputs) expect(rule).not.toContain(`\`${input.name}\``);
    const literal = doc.notice.split(/`\w+`/).filter((part) => part.length > 3);
    for (const part of literal) expect(rule).toContain(part);
    expect(sentence.length).toBeGreaterThan(0);
  });

  test('an error whose NatSpec says all there is to say reads as that NatSpec, with the values in words', () => {
    expect(hintOf('ManifestGuardNotApprover', [account])).toMatchObject({
      rule: `${account} does not hold the approver role.`,
      sentence: `${account} does not hold the approver role.`,
    });
    expect(hintOf('ManifestGuardAlreadyApproved', [id, account]).sentence).toBe(
      `${account} already approved 0x1d1d…1d1d.`,
    );
    expect(hintOf('ManifestGuardInvalidOperation', [7]).sentence).toBe(
      'operation 7 is neither call (0) nor delegatecall (1).',
    );
    // Epochs are counts and soak bounds durations, not dates.
    expect(hintOf('ManifestGuardLaneStale', [id, 3n, 4n]).rule).toContain('(epoch 4)');
    expect(hintOf('ManifestGuardLaneStale', [id, 3n, 4n]).rule).toContain('(epoch 3)');
    expect(hintOf('ManifestGuardInvalidDelays', [3_600, 60, 1_800]).rule).toBe(
      'A delay is longer than 30 min, or the privileged delay is shorter than the routine one.',
    );
  });

  const cases: [string, string, readonly unknown[], HintContext, RegExp, RegExp][] = [
    // [error, what, args, context, sentence, fix]
    [
      'ManifestGuardStepClaimed',
      'another live manifest holds the step (not "register the Rollback first")',
      [other, id],
      { action: 'register', manifestId: other },
      new RegExp(`live manifest ${id} already holds one of these steps`),
      new RegExp(`cancel --id ${id}`),
    ],
    [
      'ManifestGuardStepClaimed',
      'the manifest repeats a step',
      [other, id],
      { action: 'register', manifestId: id },
      /repeats a step/,
      /Remove the duplicate step/,
    ],
    [
      'ManifestGuardInvalidStatus',
      'approve an approved manifest',
      [id, 2],
      { action: 'approve' },
      /0x1d1d…1d1d is already approved/,
      /status/,
    ],
    [
      'ManifestGuardInvalidStatus',
      'cancel an approved manifest',
      [id, 2],
      { action: 'cancel' },
      /is already approved: only a registered manifest that no approver has approved yet can be cancelled/,
      /manifest-guard halt/,
    ],
    [
      'ManifestGuardInvalidStatus',
      'halt a completed manifest',
      [id, 3],
      { action: 'halt' },
      /is already completed: only a registered or approved manifest can be halted/,
      /manifest-guard freeze/,
    ],
    [
      'ManifestGuardNotProposer',
      'cancel by someone else',
      [account],
      { action: 'cancel' },
      /only the proposer who registered it can/,
      /key of the proposer who registered it/,
    ],
    [
      'ManifestGuardTooEarly',
      'too early: the time and how long',
      [id, 1_800_003_600n, 1_800_000_000n],
      {},
      /executable from 2027-01-15T09:00:00Z \(in 1 h, block time 2027-01-15T08:00:00Z\)/,
      /after that time/,
    ],
    [
      'ManifestGuardExpired',
      'expired: how long ago',
      [id, 1_800_000_000n, 1_800_090_061n],
      {},
      /window closed at 2027-01-15T08:00:00Z \(1 d 1 h ago/,
      /new window/,
    ],
    [
      'ManifestGuardRolesCollide',
      'role bits by name',
      [account, 1, 2],
      {},
      /would be proposer and approver/,
      /preflight/,
    ],
    [
      'ManifestGuardRollbackNotReady',
      'the rollback status by name',
      [id, other, 1],
      {},
      /rollback 0x0e0e…0e0e is registered but not approved yet/,
      /approve --package rollback.json/,
    ],
    [
      'ManifestGuardRollbackNotExecutable',
      "the rollback's own reason, decoded",
      [
        id,
        other,
        encodeErrorResult({
          abi: manifestGuardAbi,
          errorName: 'ManifestGuardTooEarly',
          args: [other, 1_800_003_600n, 1_800_000_000n],
        }),
      ],
      {},
      /its rollback 0x0e0e…0e0e is not executable on its own terms\. 0x0e0e…0e0e is executable from 2027-01-15T09:00:00Z \(in 1 h/,
      /^For the rollback: Run it again after that time/,
    ],
    [
      'ManifestGuardInvalidShape',
      'too many phases',
      [2n ** 256n - 1n, 17n, 16n],
      {},
      /17 phases; the guard takes 1 to 16/,
      /validate/,
    ],
  ];
  test.each(cases)('%s: %s', (name, _what, args, context, sentence, fix) => {
    const hint = hintOf(name, args, context);
    expect(hint.sentence).toMatch(sentence);
    expect(hint.fix).toMatch(fix);
    expect(`${hint.sentence} ${hint.fix}`).not.toContain('Rollback registered first');
  });

  test('positions read from 0 as in the package, or from one as the app counts them (a sentinel stays)', () => {
    const args = [id, 1n, 0n, 1n, 2n];
    expect(hintOf('ManifestGuardStepOutOfOrder', args).sentence).toBe(
      `This is step 2 of phase 1, but ${short(id)} expects step 0 of phase 1 next.`,
    );
    expect(hintOf('ManifestGuardStepOutOfOrder', args, { positions: 'fromOne' }).sentence).toBe(
      `This is step 3 of phase 2, but ${short(id)} expects step 1 of phase 2 next.`,
    );
    const fromOne = hintOf('ManifestGuardCheckFailed', [id, 0n, 1n, id, other], { positions: 'fromOne' });
    expect(fromOne.sentence).toContain('Check 2 of phase 1 failed');
    expect(fromOne.rule).not.toMatch(/\b0\b/);
    const whole = hintOf('ManifestGuardInvalidShape', [2n ** 256n - 1n, 65n, 64n], { positions: 'fromOne' });
    expect(whole.sentence).not.toContain('Phase');
  });

  test('an error this table does not know still reads as its name and values', () => {
    const hint = guardHint({
      errorName: 'ManifestGuardSomethingNew',
      args: [1n],
      summary: 'ManifestGuardSomethingNew(1)',
    });
    expect(hint.sentence).toBe('The guard refused: ManifestGuardSomethingNew(1).');
  });

  test('a revert that is not a guard error is not decoded as one', () => {
    expect(decodeGuardError(pad('0x08c379a0', { dir: 'right', size: 4 }))).toBeUndefined();
  });
});
