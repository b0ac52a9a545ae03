import { type Address, getAddress, zeroAddress } from 'viem';
import { describe, expect, test } from 'vitest';

import { CheckKind } from '../guard/manifest.js';
import { classifyLane } from '../lane/classifyLane.js';
import { codeHashCheck, ownerCheck } from './checks.js';
import { MissingCheckInputError, implementationChecks } from './implementationChecks.js';
import { EmptyMultiSendError, MultiSendDelegateCallError, multiSendStep } from './multiSendStep.js';
import { OwnerNotFoundError, previousOwner, removeOwnerStep, swapOwnerStep } from './safeSteps.js';
import { BeaconUpgradeCallError, upgradeStep } from './upgradeStep.js';
import { upgradeBeaconStep, upgradeUupsStep } from './upgradeSteps.js';

const safe: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const guard: Address = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
const msco: Address = '0x9641d764fc13c8B624c04430C7356C1C7C8102e2';
const a: Address = '0x000000000000000000000000000000000000000A';
const b: Address = '0x000000000000000000000000000000000000000b';
const c: Address = '0x000000000000000000000000000000000000000C';

test('default', () => {
  const step = multiSendStep({
    multiSendCallOnly: msco,
    calls: [upgradeUupsStep({ proxy: a, implementation: b }), upgradeBeaconStep({ beacon: c, implementation: b })],
  });
  expect(step).toMatchObject({ to: msco, operation: 1, value: 0n });
  const manifest = {
    kind: 0,
    ticket: 't',
    notBefore: 0n,
    expiry: 1n,
    rollback: `0x${'11'.repeat(32)}` as const,
    evidence: `0x${'00'.repeat(32)}` as const,
    phases: [{ steps: [step], checks: [], conditions: [], minSoak: 0n }],
  };
  expect(classifyLane({ manifest, safe, guard, multiSendCallOnly: msco, fallbackHandler: undefined }).lane).toBe(
    'routine',
  );
});

test('args: previous owner in the linked list', () => {
  expect(previousOwner([a, b, c], a)).toBe('0x0000000000000000000000000000000000000001');
  expect(previousOwner([a, b, c], c)).toBe(b);
});

test('args: checks carry their response', () => {
  expect(ownerCheck({ target: a, owner: safe, response: 'contain' }).response).toBe(1);
  expect(codeHashCheck({ target: a, codeHash: `0x${'22'.repeat(32)}` })).toEqual({
    kind: 1,
    target: a,
    data: '0x',
    expected: `0x${'22'.repeat(32)}`,
    response: 0,
  });
});

describe('errors', () => {
  test('owners and thresholds', () => {
    expect(() => removeOwnerStep({ safe, owners: [a, b], owner: c, threshold: 1n })).toThrow(OwnerNotFoundError);
    expect(() => removeOwnerStep({ safe, owners: [a, b], owner: a, threshold: 2n }))
      .toThrowErrorMatchingInlineSnapshot(`
      [InvalidThresholdError: Threshold 2 is not possible with 1 owner.

      Use a threshold from 1 to 1.]
    `);
    expect(() => swapOwnerStep({ safe, owners: [a], oldOwner: b, newOwner: c })).toThrow(OwnerNotFoundError);
  });

  test('batches', () => {
    expect(() => multiSendStep({ multiSendCallOnly: msco, calls: [] })).toThrow(EmptyMultiSendError);
    expect(() =>
      multiSendStep({ multiSendCallOnly: msco, calls: [{ to: a, value: 0n, data: '0x', operation: 1 }] }),
    ).toThrow(MultiSendDelegateCallError);
  });

  test('checks that need inputs', () => {
    expect(() => implementationChecks({ kind: 'uups', proxy: a, implementation: b }))
      .toThrowErrorMatchingInlineSnapshot(`
      [MissingCheckInputError: An implementation check for a uups proxy needs codeHash.

      A proxy of this kind has no on-chain view of its implementation: pass the implementation's code hash (codeHashOf) and a view the new implementation answers through the proxy (e.g. version()).]
    `);
    expect(() => implementationChecks({ kind: 'transparent-v4', proxy: a, implementation: b })).toThrow(
      MissingCheckInputError,
    );
  });

  test('every kind gets a code-hash check of the new implementation', () => {
    const codeHash = `0x${'22'.repeat(32)}` as const;
    const view = { data: '0x54fd4d50' as const, result: '0x' as const };
    const codeHashOf = (checks: ReturnType<typeof implementationChecks>) =>
      checks.filter((check) => check.kind === CheckKind.CodeHash).map((check) => [check.target, check.expected]);
    for (const checks of [
      implementationChecks({ kind: 'transparent-v4', proxy: a, proxyAdmin: c, implementation: b, codeHash }),
      implementationChecks({ kind: 'beacon', proxy: a, beacon: c, implementation: b, codeHash }),
      implementationChecks({ kind: 'transparent-v5', proxy: a, implementation: b, codeHash, view }),
      implementationChecks({ kind: 'uups', proxy: a, implementation: b, codeHash, view }),
    ]) {
      expect(checks).toHaveLength(2);
      expect(codeHashOf(checks)).toEqual([[getAddress(b), codeHash]]);
    }
    // Without a code hash, transparent-v4 and beacon keep their one view check (the gate then holds: noCodeHashCheck).
    expect(codeHashOf(implementationChecks({ kind: 'beacon', proxy: a, beacon: c, implementation: b }))).toEqual([]);
  });

  test('a beacon upgrade with a call', () => {
    expect(() =>
      upgradeStep({
        proxy: { kind: 'beacon', proxy: a, beacon: c, implementation: zeroAddress },
        implementation: b,
        data: '0x01',
      }),
    ).toThrow(BeaconUpgradeCallError);
  });
});
