import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import { PhaseRangeError } from './errors.js';
import { parsePhaseRanges } from './phaseRanges.js';

/** Runs per property: 200 by default, `FAST_CHECK_RUNS` when set. */
const runs = Number(process.env.FAST_CHECK_RUNS ?? 200);

const refusal = (values: string[], count: number) => {
  try {
    parsePhaseRanges(values, count);
  } catch (error) {
    expect(error).toBeInstanceOf(PhaseRangeError);
    return `${(error as PhaseRangeError).shortMessage} | ${(error as PhaseRangeError).metaMessages.join(' ')}`;
  }
  throw new Error('no refusal');
};

test('default: one phase with every call', () => {
  expect(parsePhaseRanges([], 3)).toEqual([[0, 1, 2]]);
});

test('args: ranges and single calls, 1-based in, 0-based out', () => {
  expect(parsePhaseRanges(['1-2', '3'], 3)).toEqual([[0, 1], [2]]);
  expect(parsePhaseRanges(['1', '2 - 4'], 4)).toEqual([[0], [1, 2, 3]]);
});

describe('errors', () => {
  test('a range past the last call', () => {
    expect(refusal(['1-3'], 2)).toBe(
      `--phase #1 "1-3" is outside the Safe's calls: the broadcast has 2 calls from the Safe (1-2). | ` +
        'Use ranges within 1-2, first number not above the last.',
    );
  });
  test('call 0, a reversed range, not a range', () => {
    expect(refusal(['0-1'], 2)).toContain('"0-1" is outside the Safe\'s calls');
    expect(refusal(['2-1'], 2)).toContain('"2-1" is outside the Safe\'s calls');
    expect(refusal(['one'], 2)).toBe(
      `--phase #1 "one" is not a range of the Safe's calls. | ` +
        'Write the 1-based numbers of the calls in the phase: --phase 1-2 --phase 3 (a single call: --phase 3).',
    );
  });
  test('a call taken twice, a call skipped, calls left at the end', () => {
    expect(refusal(['1-2', '2-3'], 3)).toBe(
      `--phase #2 "2-3" takes call 2 again: it is already in an earlier phase. | ` +
        "The phases take every Safe call once, in the script's order: start this phase at call 3.",
    );
    expect(refusal(['1', '3'], 3)).toContain('--phase #2 "3" leaves out call 2.');
    expect(refusal(['1'], 3)).toBe(
      "The phases leave out calls 2-3 of the Safe's 3. | " +
        'Add them to a phase (e.g. --phase 2-3): every Safe call of the script is a step.',
    );
  });
});

/** Cut points splitting 1..count into consecutive ranges, written as `--phase` values. */
const partitions = fc
  .integer({ min: 1, max: 30 })
  .chain((count) =>
    (count === 1
      ? fc.constant<number[]>([])
      : fc.uniqueArray(fc.integer({ min: 2, max: count }), { maxLength: count - 1 })
    ).map((cuts) => ({ count, starts: [1, ...cuts.sort((a, b) => a - b)] })),
  );

test('property: any split of the calls into consecutive ranges reads back as that split', () => {
  fc.assert(
    fc.property(partitions, ({ count, starts }) => {
      const ranges = starts.map((first, i) => [first, (starts[i + 1] ?? count + 1) - 1] as const);
      const values = ranges.map(([first, last]) => (first === last ? String(first) : `${first}-${last}`));
      const phases = parsePhaseRanges(values, count);
      expect(phases.flat()).toEqual(Array.from({ length: count }, (_, i) => i));
      expect(phases.map((phase) => [phase[0]! + 1, phase[phase.length - 1]! + 1])).toEqual(ranges);
    }),
    { numRuns: runs },
  );
});

test('property: every range reaching past the last call is refused as outside', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 10 }), (count, beyond) => {
      expect(refusal([`1-${count + beyond}`], count)).toContain(
        `is outside the Safe's calls: the broadcast has ${count}`,
      );
    }),
    { numRuns: runs },
  );
});
