import fc from 'fast-check';
import { zeroHash } from 'viem';
import { describe, expect, test } from 'vitest';

import { ReleasePackageError } from './errors.js';
import { fromManifest } from './fromManifest.js';
import { parseReleasePackage } from './parseReleasePackage.js';
import { propertyRuns, propertyTimeout, releasePackageArbitrary } from './releasePackage.arbitrary.js';
import { toManifest } from './toManifest.js';

const pkg = parseReleasePackage({
  schemaVersion: 1,
  chainId: 1,
  safe: '0x' + '5a'.repeat(20),
  guard: '0x' + '6b'.repeat(20),
  title: 'Emergency pause',
  kind: 'Emergency',
  ticket: 'INC-7',
  notBefore: 0,
  expiry: '2030-01-01T00:00:00Z',
  evidence: '0x' + '01'.repeat(32),
  phases: [
    {
      steps: [{ to: '0x' + '7c'.repeat(20), operation: 'delegatecall', value: '5', data: '0x8456cb59' }],
      checks: [
        {
          kind: 'resultHash',
          target: '0x' + '7c'.repeat(20),
          data: '0x5c975abb',
          expected: '0x' + '02'.repeat(32),
          response: 'observe',
        },
      ],
      conditions: [{ target: '0x' + '7c'.repeat(20), data: '0x18160ddd', min: '1', max: '10' }],
      minSoak: 60,
    },
  ],
});

test('default', () => {
  expect(toManifest(pkg)).toMatchInlineSnapshot(`
    {
      "evidence": "0x0101010101010101010101010101010101010101010101010101010101010101",
      "expiry": 1893456000n,
      "kind": 2,
      "notBefore": 0n,
      "phases": [
        {
          "checks": [
            {
              "data": "0x5c975abb",
              "expected": "0x0202020202020202020202020202020202020202020202020202020202020202",
              "kind": 0,
              "response": 2,
              "target": "0x7C7C7c7c7C7C7c7C7c7c7C7C7c7c7C7C7c7c7c7C",
            },
          ],
          "conditions": [
            {
              "data": "0x18160ddd",
              "max": 10n,
              "min": 1n,
              "target": "0x7C7C7c7c7C7C7c7C7c7c7C7C7c7c7C7C7c7c7c7C",
            },
          ],
          "minSoak": 60n,
          "steps": [
            {
              "data": "0x8456cb59",
              "operation": 1,
              "to": "0x7C7C7c7c7C7C7c7C7c7c7C7C7c7c7C7C7c7c7c7C",
              "value": 5n,
            },
          ],
        },
      ],
      "rollback": "0x0000000000000000000000000000000000000000000000000000000000000000",
      "ticket": "INC-7",
    }
  `);
});

test(
  'property: fromManifest(toManifest(x)) equals x',
  () => {
    fc.assert(
      fc.property(releasePackageArbitrary, (x) => {
        const manifest = toManifest(x);
        const back = fromManifest({
          manifest,
          chainId: x.chainId,
          safe: x.safe,
          guard: x.guard,
          title: x.title,
          description: x.description,
          links: x.links,
          stopConditions: x.stopConditions,
          extra: x.extra,
        });
        expect(back).toEqual(x);
        expect(toManifest(back)).toEqual(manifest);
      }),
      { numRuns: propertyRuns },
    );
  },
  propertyTimeout,
);

describe('errors', () => {
  test('a manifest the format cannot hold', () => {
    const manifest = { ...toManifest(pkg), kind: 7, rollback: zeroHash };
    manifest.phases = [{ ...manifest.phases[0]!, steps: [{ ...manifest.phases[0]!.steps[0]!, operation: 2 }] }];
    let error: unknown;
    try {
      fromManifest({ manifest, chainId: 1, safe: pkg.safe, guard: pkg.guard, title: 't' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ReleasePackageError);
    expect((error as ReleasePackageError).issues.map((issue) => issue.path)).toEqual([
      'kind',
      'phases[0].steps[0].operation',
    ]);
  });
});
