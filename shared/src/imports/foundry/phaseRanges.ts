import { PhaseRangeError } from './errors.js';

/**
 * The canary phases of an import: each `--phase` value is a 1-based range of the Safe's calls (`1-2`, `3`); together
 * they take every call exactly once, in the script's order (a later call may depend on an earlier one). No value
 * is one phase with every call. Returns the 0-based call indices of each phase.
 *
 * @throws {PhaseRangeError} for a value that is not a range, a range outside 1..`count`, a call taken twice or out
 * of order, or a call left out.
 * @example
 * parsePhaseRanges(['1-2', '3'], 3); // [[0, 1], [2]]
 * parsePhaseRanges([], 3); // [[0, 1, 2]]
 */
export function parsePhaseRanges(values: readonly string[], count: number): number[][] {
  if (values.length === 0) return [Array.from({ length: count }, (_, index) => index)];
  const phases: number[][] = [];
  let next = 1;
  for (const [index, value] of values.entries()) {
    const match = /^\s*([0-9]+)\s*(?:-\s*([0-9]+)\s*)?$/.exec(value);
    const where = `--phase #${index + 1} "${value}"`;
    if (!match) {
      throw new PhaseRangeError(
        `${where} is not a range of the Safe's calls.`,
        'Write the 1-based numbers of the calls in the phase: --phase 1-2 --phase 3 (a single call: --phase 3).',
      );
    }
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (first < 1 || last > count || first > last) {
      throw new PhaseRangeError(
        `${where} is outside the Safe's calls: the broadcast has ${count} call${count === 1 ? '' : 's'} from the Safe (1-${count}).`,
        `Use ranges within 1-${count}, first number not above the last.`,
      );
    }
    if (first !== next) {
      throw new PhaseRangeError(
        first < next
          ? `${where} takes call ${first} again: it is already in an earlier phase.`
          : `${where} leaves out call${first - next === 1 ? '' : 's'} ${range(next, first - 1)}.`,
        "The phases take every Safe call once, in the script's order: start this phase at call " + `${next}.`,
      );
    }
    phases.push(Array.from({ length: last - first + 1 }, (_, offset) => first - 1 + offset));
    next = last + 1;
  }
  if (next <= count) {
    throw new PhaseRangeError(
      `The phases leave out call${count - next === 0 ? '' : 's'} ${range(next, count)} of the Safe's ${count}.`,
      `Add them to a phase (e.g. --phase ${range(next, count)}): every Safe call of the script is a step.`,
    );
  }
  return phases;
}

function range(first: number, last: number): string {
  return first === last ? String(first) : `${first}-${last}`;
}
