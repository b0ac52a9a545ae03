import fc from 'fast-check';
import { type Address, type Hex, encodeFunctionData, getAddress, toFunctionSelector, zeroHash } from 'viem';
import { describe, expect, test } from 'vitest';

import { demoPoolV2Abi, proxyAdminAbi, upgradeableBeaconAbi } from '../generated/index.js';
import { multiSendAbi } from '../generated/safe.js';
import type { Manifest, Step } from '../guard/manifest.js';
import { addressArbitrary } from '../package/releasePackage.arbitrary.js';
import { encodeMultiSend } from '../safe/multiSend.js';
import { callDifferences } from './callDifferences.js';
import { nearestStep } from './nearestStep.js';

/** Runs per property: 200 by default, `FAST_CHECK_RUNS` when set. */
const runs = Number(process.env.FAST_CHECK_RUNS ?? 200);
const timeout = Math.max(60_000, runs * 20);
const abis = [{ contract: 'DemoPoolV2', abi: demoPoolV2Abi }];
const uint256 = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n });

const upgradeAndCall = (proxyAdmin: Address, proxy: Address, implementation: Address, fee: bigint): Step => ({
  to: proxyAdmin,
  value: 0n,
  operation: 0,
  data: encodeFunctionData({
    abi: proxyAdminAbi,
    functionName: 'upgradeAndCall',
    args: [
      proxy,
      implementation,
      encodeFunctionData({ abi: demoPoolV2Abi, functionName: 'initializeV2', args: [fee] }),
    ],
  }),
});
const upgradeTo = (beacon: Address, implementation: Address): Step => ({
  to: beacon,
  value: 0n,
  operation: 0,
  data: encodeFunctionData({ abi: upgradeableBeaconAbi, functionName: 'upgradeTo', args: [implementation] }),
});
const manifestOf = (steps: Step[][]): Manifest => ({
  kind: 0,
  ticket: 'REL-1 test',
  notBefore: 0n,
  expiry: 1n,
  rollback: zeroHash,
  evidence: zeroHash,
  phases: steps.map((phaseSteps) => ({ steps: phaseSteps, checks: [], conditions: [], minSoak: 0n })),
});
const upgradeArbitrary = fc.record({
  proxyAdmin: addressArbitrary,
  proxy: addressArbitrary,
  implementation: addressArbitrary,
  fee: uint256,
});

describe('callDifferences', () => {
  test(
    'identical calls have no difference',
    () => {
      fc.assert(
        fc.property(
          upgradeArbitrary,
          fc.constantFrom<0 | 1>(0, 1),
          ({ proxyAdmin, proxy, implementation, fee }, op) => {
            const step = { ...upgradeAndCall(proxyAdmin, proxy, implementation, fee), operation: op };
            // The same call written differently (lower-case hex) is still the same call.
            const copy = {
              ...step,
              to: step.to.toLowerCase() as Address,
              data: step.data.toUpperCase().replace('0X', '0x') as Hex,
            };
            expect(callDifferences(step, copy, { abis })).toEqual([]);
          },
        ),
        { numRuns: runs },
      );
    },
    timeout,
  );

  test(
    'one changed argument of the initializer is one difference that names it with both values',
    () => {
      fc.assert(
        fc.property(upgradeArbitrary, uint256, ({ proxyAdmin, proxy, implementation, fee }, other) => {
          fc.pre(other !== fee);
          const expected = upgradeAndCall(proxyAdmin, proxy, implementation, fee);
          const actual = upgradeAndCall(proxyAdmin, proxy, implementation, other);
          expect(callDifferences(expected, actual, { abis })).toEqual([
            {
              field: 'upgradeAndCall.data → initializeV2.feeCapBps_',
              expected: fee.toString(),
              actual: other.toString(),
            },
          ]);
        }),
        { numRuns: runs },
      );
    },
    timeout,
  );

  test(
    'another target is a `target` difference, checksummed',
    () => {
      fc.assert(
        fc.property(upgradeArbitrary, addressArbitrary, ({ proxyAdmin, proxy, implementation, fee }, other) => {
          fc.pre(other !== proxyAdmin);
          const expected = upgradeAndCall(proxyAdmin, proxy, implementation, fee);
          const actual = { ...expected, to: other.toLowerCase() as Address };
          expect(callDifferences(expected, actual, { abis })).toEqual([
            { field: 'target', expected: getAddress(proxyAdmin), actual: getAddress(other) },
          ]);
        }),
        { numRuns: runs },
      );
    },
    timeout,
  );

  test('args: value, operation and function', () => {
    const a = upgradeTo('0x1111111111111111111111111111111111111111', '0x2222222222222222222222222222222222222222');
    const b = upgradeAndCall(a.to, a.to, a.to, 1n);
    expect(callDifferences(a, { ...a, value: 5n, operation: 1 })).toEqual([
      { field: 'value', expected: '0', actual: '5' },
      { field: 'operation', expected: 'call', actual: 'delegatecall' },
    ]);
    expect(callDifferences(a, b)).toEqual([
      { field: 'function', expected: 'upgradeTo(address)', actual: 'upgradeAndCall(address,address,bytes)' },
    ]);
  });

  test('args: a MultiSend batch is compared call by call', () => {
    const one = upgradeTo('0x1111111111111111111111111111111111111111', '0x2222222222222222222222222222222222222222');
    const two = upgradeTo('0x3333333333333333333333333333333333333333', '0x4444444444444444444444444444444444444444');
    const drifted = upgradeTo(two.to, '0x5555555555555555555555555555555555555555');
    const batch = (steps: Step[]): Step => ({
      to: '0x9999999999999999999999999999999999999999',
      value: 0n,
      operation: 1,
      data: encodeFunctionData({
        abi: multiSendAbi,
        functionName: 'multiSend',
        args: [encodeMultiSend(steps.map((step) => ({ ...step, operation: 0 })))],
      }),
    });
    // The beacon ABI leaves the argument unnamed: the decoder calls it `arg0`.
    expect(callDifferences(batch([one, two]), batch([one, drifted]))).toEqual([
      {
        field: 'call 2 → upgradeTo.arg0',
        expected: '0x4444444444444444444444444444444444444444',
        actual: '0x5555555555555555555555555555555555555555',
      },
    ]);
  });

  test(
    'args: an initializer without its ABI is compared argument word by argument word, the integer in decimal',
    () => {
      fc.assert(
        fc.property(
          upgradeArbitrary,
          fc.bigInt({ min: 0n, max: 2n ** 144n - 1n }),
          ({ proxyAdmin, proxy, implementation, fee }, other) => {
            fc.pre(other !== fee && fee < 2n ** 144n);
            const differences = callDifferences(
              upgradeAndCall(proxyAdmin, proxy, implementation, fee),
              upgradeAndCall(proxyAdmin, proxy, implementation, other),
            );
            expect(differences).toEqual([
              {
                field: `upgradeAndCall.data → ${toFunctionSelector('initializeV2(uint256)')} argument 1`,
                expected: fee.toString(),
                actual: other.toString(),
              },
            ]);
          },
        ),
        { numRuns: runs },
      );
    },
    timeout,
  );

  test('args: a word with an address’s shape reads as the checksummed address', () => {
    const to: Address = '0x1111111111111111111111111111111111111111';
    const word = (address: string) => address.slice(2).padStart(64, '0');
    const differences = callDifferences(
      { to, value: 0n, operation: 0, data: `0xdeadbeef${word('0x4444444444444444444444444444444444444444')}` },
      { to, value: 0n, operation: 0, data: `0xdeadbeef${word('0x5555555555555555555555555555555555555555')}` },
    );
    expect(differences).toEqual([
      {
        field: '0xdeadbeef argument 1',
        expected: '0x4444444444444444444444444444444444444444',
        actual: '0x5555555555555555555555555555555555555555',
      },
    ]);
  });

  test('args: calldata the decoder does not know is compared as data, with both selectors', () => {
    const to: Address = '0x1111111111111111111111111111111111111111';
    const differences = callDifferences(
      { to, value: 0n, operation: 0, data: '0xdeadbeef00000001' },
      { to, value: 0n, operation: 0, data: '0xcafebabe00000001' },
    );
    expect(differences).toHaveLength(1);
    expect(differences[0]!.field).toBe('data');
    expect(differences[0]!.expected).toContain('selector 0xdeadbeef');
    expect(differences[0]!.actual).toContain('selector 0xcafebabe');
  });
});

describe('nearestStep', () => {
  test('default: no manifests, no nearest step', () => {
    expect(nearestStep(upgradeTo(zeroHash.slice(0, 42) as Address, zeroHash.slice(0, 42) as Address), [])).toBe(
      undefined,
    );
  });

  test(
    'the drifted upgrade is nearest to its own step, with the one field that differs',
    () => {
      fc.assert(
        fc.property(
          upgradeArbitrary,
          uint256,
          addressArbitrary,
          ({ proxyAdmin, proxy, implementation, fee }, other, beacon) => {
            fc.pre(other !== fee && beacon !== proxyAdmin);
            const steps = [
              [upgradeTo(beacon, implementation)],
              [upgradeAndCall(proxyAdmin, proxy, implementation, fee)],
            ];
            const id = `0x${'ab'.repeat(32)}` as Hex;
            const nearest = nearestStep(
              upgradeAndCall(proxyAdmin, proxy, implementation, other),
              [{ id, manifest: manifestOf(steps) }],
              { abis },
            );
            expect(nearest).toEqual({
              manifestId: id,
              ticket: 'REL-1 test',
              phase: 1,
              step: 0,
              differences: [
                {
                  field: 'upgradeAndCall.data → initializeV2.feeCapBps_',
                  expected: fee.toString(),
                  actual: other.toString(),
                },
              ],
            });
          },
        ),
        { numRuns: runs },
      );
    },
    timeout,
  );
});
