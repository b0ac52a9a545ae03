import { getAddress } from 'viem';
import { describe, expect, test } from 'vitest';

import { codeHashCheck, resultHashCheck } from '../../builders/checks.js';
import type { Manifest } from '../../guard/manifest.js';
import type { InstalledImplementationShape } from '../../simulate/implementationShapes.js';
import type { GateContext } from '../context.js';
import type { GateAuthorityEffects } from '../parameters.js';
import { fixture, label, setFeeFixtureStep, upgradeFixtureStep } from '../testFixtures.js';
import { implementationCodeHash, implementationShapeReasons } from './implementation.js';

const { safe, proxy, implementation } = fixture;
const third = getAddress('0x7777777777777777777777777777777777777777');
const upgrade = upgradeFixtureStep;
const setFee = setFeeFixtureStep;
const manifest = (checks: Manifest['phases'][number]['checks']): Manifest => ({
  kind: 0,
  ticket: 'REL-1',
  notBefore: 0n,
  expiry: 1n,
  rollback: label('rollback'),
  evidence: label('evidence'),
  phases: [
    { steps: [setFee], checks: [], conditions: [], minSoak: 0n },
    { steps: [upgrade], checks, conditions: [], minSoak: 0n },
  ],
});
const context = (checks: Manifest['phases'][number]['checks']) =>
  ({ manifest: manifest(checks), safe }) as unknown as GateContext;

describe('noCodeHashCheck', () => {
  test('an upgrade step whose phase has no code-hash check of its implementation holds, naming it', () => {
    const view = resultHashCheck({ target: proxy, data: '0x54fd4d50', result: '0x' });
    // A code-hash check of another address does not count.
    const elsewhere = codeHashCheck({ target: third, codeHash: label('code') });
    const reasons = implementationCodeHash(context([view, elsewhere]), []);
    expect(reasons.map((reason) => [reason.rule, reason.decision, reason.values])).toEqual([
      ['noCodeHashCheck', 'hold', { phase: 1, step: 0, upgraded: proxy, implementation }],
    ]);
    expect(reasons[0]!.message).toContain(
      `Step 0 of phase 1 installs the implementation ${implementation} in ${proxy}`,
    );
  });

  test('with the code-hash check of the implementation in the same phase: nothing', () => {
    expect(
      implementationCodeHash(context([codeHashCheck({ target: implementation, codeHash: label('code') })]), []),
    ).toEqual([]);
  });
});

describe('implementationShapeReasons', () => {
  const effects = (implementations: InstalledImplementationShape[]) =>
    ({ forkBlockNumber: 42, implementations }) as unknown as GateAuthorityEffects;
  const installed = { upgraded: proxy, implementation, via: 'upgradeAndCall' as const, traced: 3 };

  test('an implementation that is itself a proxy rejects, naming the implementation, the proxy and the slot', () => {
    const [reason, ...rest] = implementationShapeReasons(
      effects([
        {
          ...installed,
          verdict: 'proxy',
          evidence: [{ kind: 'eip1967Slot', slot: 'implementation', slotKey: label('slot'), address: third }],
        },
      ]),
    );
    expect(rest).toEqual([]);
    expect(reason).toMatchObject({
      rule: 'implementationIsProxy',
      decision: 'reject',
      values: { implementation, upgraded: proxy, targets: [third] },
    });
    expect(reason!.message).toContain(`The new implementation ${implementation} of ${proxy} is itself a proxy`);
    expect(reason!.message).toContain(`its own EIP-1967 implementation slot (${label('slot')}) holds ${third}`);
    expect(reason!.message).toContain('(simulated on a fork of block 42)');
  });

  test('a traced onward delegatecall holds, with the chain', () => {
    const reasons = implementationShapeReasons(
      effects([
        {
          ...installed,
          verdict: 'delegates',
          evidence: [
            {
              kind: 'onwardDelegatecall',
              through: proxy,
              data: '0x12345678',
              chain: [proxy, implementation, third],
              target: third,
            },
          ],
        },
      ]),
    );
    expect(reasons.map((reason) => [reason.rule, reason.decision])).toEqual([['implementationDelegates', 'hold']]);
    expect(reasons[0]!.message).toContain(`${proxy} -> ${implementation} -> ${third}`);
  });

  test('a plain implementation, no simulation, or effects saved without implementations: nothing', () => {
    expect(implementationShapeReasons(effects([{ ...installed, verdict: 'plain', evidence: [] }]))).toEqual([]);
    expect(implementationShapeReasons(null)).toEqual([]);
    expect(implementationShapeReasons({ forkBlockNumber: 1 } as unknown as GateAuthorityEffects)).toEqual([]);
  });
});
