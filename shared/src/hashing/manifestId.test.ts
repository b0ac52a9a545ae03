import { readFileSync } from 'node:fs';

import fc from 'fast-check';
import {
  type Address,
  concat,
  encodeAbiParameters,
  getAddress,
  type Hex,
  hexToBytes,
  IntegerOutOfRangeError,
  InvalidAddressError,
  keccak256,
  maxUint64,
  maxUint256,
  numberToHex,
  pad,
  toHex,
} from 'viem';
import { describe, expect, test } from 'vitest';

import { buildVectorFile } from '../../../test/vectors/generate.js';
import { propertyRuns, propertyTimeout } from '../package/releasePackage.arbitrary.js';
import {
  manifestAbiParameter,
  manifestFromJson,
  type VectorFile,
  vectorFilePath,
} from '../../../test/vectors/format.js';
import {
  approvalDigest,
  type Check,
  type Condition,
  domainSeparator,
  type Manifest,
  manifestId,
  manifestStructHash,
  manifestTypeHash,
  type ManifestTypeName,
  manifestTypes,
  manifestTypeString,
  type Phase,
  type Step,
  stepKey,
} from './index.js';

const file: VectorFile = JSON.parse(readFileSync(vectorFilePath, 'utf8'));
const typeNames = Object.keys(manifestTypes) as ManifestTypeName[];

describe('golden vectors (test/vectors/manifest-hashing.json)', () => {
  test('the file is what test/vectors/generate.ts writes', () => {
    expect(file).toEqual(buildVectorFile());
  });

  test('type strings and type hashes', () => {
    for (const name of typeNames) {
      expect(file.types[name], name).toEqual({
        encodeType: manifestTypeString(name),
        typeHash: manifestTypeHash(name),
      });
    }
    expect(Object.fromEntries(typeNames.map((name) => [name, manifestTypeHash(name)]))).toMatchInlineSnapshot(`
      {
        "Approval": "0x0b5b975cf2d811fefcab950068a17eee5c9884f2a7702641f10d1285e2e6a0ac",
        "Check": "0x8c3faf0e5ba0c12a00e554bf2a0e6693da16ddee3320cac8c94dbe0dd8215d2c",
        "Condition": "0xede793b30deaaa0f62fa0360df338ce259e67b861859ba8dd597bc730be60350",
        "Manifest": "0x552a8020ee50e6adef70effd4207777641a0f1eb0f032fe3fefe47f2be92f18e",
        "Phase": "0x6e33eab76984d4b181e6b11b01c8c87c144b916a5043ec2a4e66a32065fcd07d",
        "Step": "0x3bec93a7f1cbc123209f309119df44bf35c644aeff9fff19a59e331da0b6f7ed",
      }
    `);
  });

  describe.each(file.vectors)('$name', (vector) => {
    const manifest = manifestFromJson(vector.manifest);
    const { chainId, verifyingContract: guard } = vector.domain;

    test('encoded', () => {
      expect(encodeAbiParameters([manifestAbiParameter], [manifest])).toBe(vector.encoded);
    });

    test('domainSeparator', () => {
      expect(domainSeparator({ chainId, guard })).toBe(vector.expected.domainSeparator);
    });

    test('structHash', () => {
      expect(manifestStructHash({ manifest })).toBe(vector.expected.structHash);
    });

    test('manifestId', () => {
      expect(manifestId({ manifest, chainId, guard })).toBe(vector.expected.manifestId);
    });

    test('approvalDigest', () => {
      expect(approvalDigest({ manifestId: vector.expected.manifestId, chainId, guard })).toBe(
        vector.expected.approvalDigest,
      );
    });

    test('stepKeys', () => {
      expect(manifest.phases.flatMap((phase) => phase.steps.map(stepKey))).toEqual(vector.expected.stepKeys);
    });
  });
});

// ------------------------------------------------------------------ properties

const bytes = (maxLength = 48) => fc.uint8Array({ maxLength }).map((array) => toHex(array));
const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((array) => toHex(array));
const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((array) => getAddress(toHex(array)));
const uint8 = fc.integer({ min: 0, max: 255 });
const uint64 = fc.bigInt({ min: 0n, max: maxUint64 });
const uint256 = fc.bigInt({ min: 0n, max: maxUint256 });
const chainId = fc.bigInt({ min: 1n, max: maxUint64 });

const step: fc.Arbitrary<Step> = fc.record({ to: address, value: uint256, operation: uint8, data: bytes() });
const check: fc.Arbitrary<Check> = fc.record({
  kind: uint8,
  target: address,
  data: bytes(),
  expected: bytes32,
  response: uint8,
});
const condition: fc.Arbitrary<Condition> = fc.record({ target: address, data: bytes(), min: uint256, max: uint256 });
const phase: fc.Arbitrary<Phase> = fc.record({
  steps: fc.array(step, { minLength: 1, maxLength: 3 }),
  checks: fc.array(check, { maxLength: 2 }),
  conditions: fc.array(condition, { maxLength: 2 }),
  minSoak: uint64,
});
/** Tickets are well-formed Unicode: a lone surrogate has no UTF-8 form (both sides would hash U+FFFD). */
const ticket = fc.string({ unit: 'grapheme', maxLength: 24 });
const manifest: fc.Arbitrary<Manifest> = fc.record({
  kind: uint8,
  ticket,
  notBefore: uint64,
  expiry: uint64,
  rollback: bytes32,
  evidence: bytes32,
  phases: fc.array(phase, { minLength: 1, maxLength: 3 }),
});
const domain = fc.record({ chainId, guard: address });

type StepIndex = { phase: number; step: number };

/** The phase and step `at` points to, wrapped onto the manifest's phases and steps. */
function locate(manifest: Manifest, at: StepIndex): { p: number; s: number; step: Step } {
  const p = at.phase % manifest.phases.length;
  const steps = manifest.phases[p]!.steps;
  const s = at.step % steps.length;
  return { p, s, step: steps[s]! };
}

/** `manifest` with the step `at` points to replaced by `update(step)`. */
function withStep(manifest: Manifest, at: StepIndex, update: (step: Step) => Step): Manifest {
  const { p, s } = locate(manifest, at);
  return {
    ...manifest,
    phases: manifest.phases.map((phase, i) =>
      i === p ? { ...phase, steps: phase.steps.map((step, j) => (j === s ? update(step) : step)) } : phase,
    ),
  };
}
const stepIndex = fc.record({ phase: fc.nat(), step: fc.nat() });

/** Flips one byte of `data` (appends one when empty). */
function flipByte(data: Hex, index: number, mask: number): Hex {
  const bytes = hexToBytes(data);
  if (bytes.length === 0) return '0x00';
  bytes[index % bytes.length]! ^= mask;
  return toHex(bytes);
}

/**
 * The hashing properties share the run budget: `propertyRuns` cases in all (10,000 in CI), an eighth each, since one
 * EIP-712 id of a random manifest takes a few milliseconds.
 */
const hashingRuns = Math.ceil(propertyRuns / 8);

describe('properties', { timeout: propertyTimeout }, () => {
  test('hashing is deterministic (a deep copy has the same id)', () => {
    fc.assert(
      fc.property(manifest, domain, (m, d) => {
        expect(manifestId({ manifest: structuredClone(m), ...d })).toBe(manifestId({ manifest: m, ...d }));
      }),
      { numRuns: hashingRuns },
    );
  });

  test('the id is the EIP-712 digest of the domain separator and the struct hash', () => {
    fc.assert(
      fc.property(manifest, domain, (m, d) => {
        const digest = keccak256(concat(['0x1901', domainSeparator(d), manifestStructHash({ manifest: m })]));
        expect(manifestId({ manifest: m, ...d })).toBe(digest);
      }),
      { numRuns: hashingRuns },
    );
  });

  test('the id changes with the ticket', () => {
    fc.assert(
      fc.property(manifest, domain, ticket, (m, d, other) => {
        fc.pre(other !== m.ticket);
        expect(manifestId({ manifest: { ...m, ticket: other }, ...d })).not.toBe(manifestId({ manifest: m, ...d }));
      }),
      { numRuns: hashingRuns },
    );
  });

  test('the id changes with any byte of a step’s data', () => {
    fc.assert(
      fc.property(manifest, domain, stepIndex, fc.nat(), fc.integer({ min: 1, max: 255 }), (m, d, at, index, mask) => {
        const changed = withStep(m, at, (s) => ({ ...s, data: flipByte(s.data, index, mask) }));
        expect(manifestId({ manifest: changed, ...d })).not.toBe(manifestId({ manifest: m, ...d }));
      }),
      { numRuns: hashingRuns },
    );
  });

  test('the id changes with a step’s value', () => {
    fc.assert(
      fc.property(manifest, domain, stepIndex, uint256, (m, d, at, value) => {
        fc.pre(value !== locate(m, at).step.value);
        const changed = withStep(m, at, (s) => ({ ...s, value }));
        expect(manifestId({ manifest: changed, ...d })).not.toBe(manifestId({ manifest: m, ...d }));
      }),
      { numRuns: hashingRuns },
    );
  });

  test('the id changes with a step’s operation', () => {
    fc.assert(
      fc.property(manifest, domain, stepIndex, uint8, (m, d, at, operation) => {
        fc.pre(operation !== locate(m, at).step.operation);
        const changed = withStep(m, at, (s) => ({ ...s, operation }));
        expect(manifestId({ manifest: changed, ...d })).not.toBe(manifestId({ manifest: m, ...d }));
      }),
      { numRuns: hashingRuns },
    );
  });

  test('the id changes with the chain id and with the guard', () => {
    fc.assert(
      fc.property(manifest, domain, chainId, address, (m, d, otherChain, otherGuard) => {
        fc.pre(otherChain !== d.chainId && otherGuard !== d.guard);
        const id = manifestId({ manifest: m, ...d });
        expect(manifestId({ manifest: m, ...d, chainId: otherChain })).not.toBe(id);
        expect(manifestId({ manifest: m, ...d, guard: otherGuard })).not.toBe(id);
      }),
      { numRuns: hashingRuns },
    );
  });

  test('stepKey is keccak256(abi.encode(to, value, keccak256(data), operation))', () => {
    fc.assert(
      fc.property(step, ({ to, value, operation, data }) => {
        const words = [
          pad(to),
          numberToHex(value, { size: 32 }),
          keccak256(data),
          numberToHex(operation, { size: 32 }),
        ];
        expect(stepKey({ to, value, operation, data })).toBe(keccak256(concat(words)));
      }),
      { numRuns: hashingRuns },
    );
  });
});

describe('errors', () => {
  const m: Manifest = manifestFromJson(file.vectors[0]!.manifest);
  const guard: Address = file.vectors[0]!.domain.verifyingContract;

  test('a uint8 field out of range', () => {
    expect(() => manifestId({ manifest: { ...m, kind: 256 }, chainId: 1, guard })).toThrow(IntegerOutOfRangeError);
  });

  test('an invalid guard address', () => {
    expect(() => manifestId({ manifest: m, chainId: 1, guard: '0x1234' })).toThrow(InvalidAddressError);
  });
});
