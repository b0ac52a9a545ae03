import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import { CanonicalJsonError, canonicalJson } from './canonicalJson.js';
import { propertyRuns, propertyTimeout } from './releasePackage.arbitrary.js';

test('default', () => {
  expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 1.5, y: -0 } })).toBe(
    '{"a":[true,null,"x"],"b":1,"c":{"y":0,"z":1.5}}',
  );
});

test('args: RFC 8785 number and string forms', () => {
  expect(canonicalJson([1e21, 1e-7, 0.1, 100, '\u20ac\n"', '\u0007'])).toBe(
    '[1e+21,1e-7,0.1,100,"\u20ac\\n\\"","\\u0007"]',
  );
});

test('args: keys sorted by UTF-16 code units', () => {
  // RFC 8785 section 3.2.3 example: "\u20ac" < "\ud83d\ude00" (surrogates sort before U+E000..U+FFFF).
  expect(canonicalJson({ '\u20ac': 1, '\ud83d\ude00': 2, '\r': 3, '1': 4, '\u00f6': 5 })).toBe(
    '{"\\r":3,"1":4,"\u00f6":5,"\u20ac":1,"\ud83d\ude00":2}',
  );
});

test('args: undefined properties are left out', () => {
  expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
});

function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffleKeys(item, seed));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const rotated = entries.map((_, i) => entries[(i + seed) % entries.length]!).reverse();
  return Object.fromEntries(rotated.map(([key, item]) => [key, shuffleKeys(item, seed + 1)]));
}

test(
  'property: key order does not matter',
  () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (value, seed) => {
        const shuffled = shuffleKeys(value, seed);
        expect(canonicalJson(shuffled)).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: propertyRuns },
    );
  },
  propertyTimeout,
);

describe('errors', () => {
  test('values JSON cannot hold', () => {
    expect(() => canonicalJson({ a: [1, { b: 2n }] })).toThrowErrorMatchingInlineSnapshot(`
      [CanonicalJsonError: Cannot write $.a[1].b as canonical JSON: it is the bigint 2.

      Canonical JSON holds only strings, finite numbers, booleans, null, arrays and plain objects.
      Write big integers as decimal strings and times as numbers or ISO-8601 strings.]
    `);
    expect(() => canonicalJson([Number.NaN])).toThrow(CanonicalJsonError);
    expect(() => canonicalJson([undefined])).toThrow('$[0]');
    expect(() => canonicalJson(new Date(0))).toThrow('an instance of Date');
  });
});
