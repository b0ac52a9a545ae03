/**
 * fast-check arbitraries of valid release packages in their parsed (normalised) form, for property tests of the
 * package, Transaction Builder and related modules. Test support: not exported from the package index.
 */
import fc from 'fast-check';
import { type Address, type Hex, bytesToHex, getAddress, zeroAddress } from 'viem';

import { manifestBounds } from '../lane/manifestBounds.js';
import type {
  JsonValue,
  PackageCheck,
  PackageCondition,
  PackagePhase,
  PackageStep,
  ReleasePackage,
  StopCondition,
} from './schema.js';
import { checkKindNames, manifestKindNames, operationNames, stopResponseNames } from './schema.js';

/** Runs per property: 1,000 by default, `FAST_CHECK_RUNS` when set (`npm test` runs the default). */
export const propertyRuns = Number(process.env.FAST_CHECK_RUNS ?? 1000);
/**
 * A vitest timeout for a property test: 20 ms a run, at least 60 s. Only a guard against a hang: 10,000 runs take
 * about 15 s alone but several times that beside another suite on a 2-core machine.
 */
export const propertyTimeout = Math.max(60_000, propertyRuns * 20);

export const addressArbitrary: fc.Arbitrary<Address> = fc
  .uint8Array({ minLength: 20, maxLength: 20 })
  .map((bytes) => getAddress(bytesToHex(bytes)));
export const nonZeroAddressArbitrary = addressArbitrary.filter((address) => address !== zeroAddress);
export const hexArbitrary = (maxLength = 72): fc.Arbitrary<Hex> =>
  fc.uint8Array({ maxLength }).map((bytes) => bytesToHex(bytes));
export const bytes32Arbitrary: fc.Arbitrary<Hex> = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => bytesToHex(bytes));
const nonZeroBytes32 = bytes32Arbitrary.filter((hash) => !/^0x0+$/.test(hash));
const uint256 = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n });
const text = fc.string({ minLength: 1, maxLength: 40 }).filter((value) => value.trim().length > 0);

export const stepArbitrary: fc.Arbitrary<PackageStep> = fc.record({
  to: addressArbitrary,
  value: fc.oneof(fc.constant(0n), uint256),
  operation: fc.constantFrom(...operationNames),
  data: hexArbitrary(),
});

const checkArbitrary: fc.Arbitrary<PackageCheck> = fc
  .record({
    kind: fc.constantFrom(...checkKindNames),
    target: nonZeroAddressArbitrary,
    data: hexArbitrary(40),
    expected: bytes32Arbitrary,
    response: fc.constantFrom(...stopResponseNames),
  })
  .map((check) => (check.kind === 'codeHash' ? { ...check, data: '0x' as Hex } : check));

const conditionArbitrary: fc.Arbitrary<PackageCondition> = fc
  .record({ target: nonZeroAddressArbitrary, data: hexArbitrary(40), a: uint256, b: uint256 })
  .map(({ target, data, a, b }) => ({ target, data, min: a < b ? a : b, max: a < b ? b : a }));

const phaseArbitrary: fc.Arbitrary<PackagePhase> = fc.record({
  steps: fc.array(stepArbitrary, { minLength: 1, maxLength: 4 }),
  checks: fc.array(checkArbitrary, { maxLength: 3 }),
  conditions: fc.array(conditionArbitrary, { maxLength: 2 }),
  minSoak: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: manifestBounds.maxSoak })),
});

const jsonValue: fc.Arbitrary<JsonValue> = fc
  .jsonValue({ maxDepth: 2 })
  .map((value) => JSON.parse(JSON.stringify(value)) as JsonValue);

const invariantArbitrary: fc.Arbitrary<StopCondition> = fc.record({
  source: fc.constant('invariant' as const),
  name: text,
  read: fc.record({ target: addressArbitrary, data: hexArbitrary(36) }),
  expect: fc.oneof(
    fc.record({ kind: fc.constant('equals' as const), value: hexArbitrary(64) }),
    fc.record({ kind: fc.constant('resultHash' as const), hash: bytes32Arbitrary }),
    fc
      .record({ a: uint256, b: uint256 })
      .map(({ a, b }) => ({ kind: 'range' as const, min: a < b ? a : b, max: a < b ? b : a })),
  ),
  response: fc.constantFrom(...stopResponseNames),
});

/** A valid release package, as `parseReleasePackage` would return it. */
export const releasePackageArbitrary: fc.Arbitrary<ReleasePackage> = fc
  .record({
    chainId: fc.integer({ min: 1, max: 2 ** 40 }),
    safe: addressArbitrary,
    guard: addressArbitrary,
    title: text,
    description: fc.string({ maxLength: 80 }),
    links: fc.array(fc.record({ label: text, url: fc.webUrl() }), { maxLength: 2 }),
    kind: fc.constantFrom(...manifestKindNames),
    ticket: text,
    window: fc
      .tuple(
        fc.bigInt({ min: 0n, max: manifestBounds.maxExpiry }),
        fc.bigInt({ min: 0n, max: manifestBounds.maxExpiry }),
      )
      .filter(([a, b]) => a !== b)
      .map(([a, b]) => (a < b ? [a, b] : [b, a])),
    rollback: nonZeroBytes32,
    evidence: bytes32Arbitrary,
    phases: fc.array(phaseArbitrary, { minLength: 1, maxLength: 3 }),
    invariants: fc.array(invariantArbitrary, { maxLength: 2 }),
    checkStops: fc.array(fc.nat(), { maxLength: 2 }),
    extra: fc.dictionary(
      fc.string({ maxLength: 8 }).map((key) => `x-${key}`),
      jsonValue,
      { maxKeys: 2 },
    ),
  })
  .map(({ window, rollback, invariants, checkStops, extra, ...rest }) => {
    const checks = rest.phases.flatMap((phase, p) => phase.checks.map((check, c) => ({ p, c, check })));
    const fromChecks: StopCondition[] =
      checks.length === 0
        ? []
        : checkStops.map((pick) => {
            const { p, c, check } = checks[pick % checks.length]!;
            return { source: 'check', phase: p, check: c, response: check.response };
          });
    return {
      schemaVersion: 1 as const,
      ...rest,
      notBefore: window[0]!,
      expiry: window[1]!,
      rollback: rest.kind === 'Release' ? rollback : undefined,
      stopConditions: [...fromChecks, ...invariants],
      extra: extra as ReleasePackage['extra'],
    };
  });
