import { type Address, type Hex, getAddress, isAddress, isAddressEqual, size, slice } from 'viem';

import { type DecodedArgument, decodeSafeTransaction } from '../decode/decodeSafeTransaction.js';
import type { KnownAbi } from '../decode/knownAbis.js';
import { MalformedMultiSendError, multiSendSelector, multiSendTransactions } from '../decode/multiSendTransactions.js';
import type { FieldDifference } from './queueLabels.js';

/** A Safe transaction's call: what a manifest step holds and what a queued transaction asks. */
export type SafeCallFields = { to: Address; value: bigint; data: Hex; operation: number };

export type CallDifferencesOptions = {
  /** The Safe, the guard and the MultiSendCallOnly, so the decoder names them. */
  safe?: Address;
  guard?: Address;
  multiSendCallOnly?: Address;
  /** More ABIs to decode with (e.g. the new implementation's, for the initializer of an upgrade). */
  abis?: readonly KnownAbi[];
};
export type CallDifferencesReturnType = FieldDifference[];

/**
 * Where `actual` differs from `expected`, field by decoded field: `target`, `value`, `operation`, `function`, then
 * each argument by name (into tuples and arrays, into the decoded initializer of `upgradeAndCall` /
 * `upgradeToAndCall`: `upgradeAndCall.data → initializeV2.feeCapBps_`, into MultiSend batches call by call:
 * `call 2 → upgradeTo.newImplementation`). Values read as people compare them: addresses checksummed, integers in
 * decimal. Calldata the decoder does not know is compared argument word by argument word when both sides call one
 * function with static arguments (`upgradeAndCall.data → 0x5b4e128c argument 1: 100 → 101`), as `data` otherwise
 * (both selectors and the bytes around the first difference). Identical calls give `[]`. Pure: no chain access.
 *
 * @example
 * callDifferences(step, queued, { abis: [{ contract: 'DemoPoolV2', abi: demoPoolV2Abi }] });
 * // [{ field: 'upgradeAndCall.data → initializeV2.feeCapBps_', expected: '100', actual: '101' }]
 */
export function callDifferences(
  expected: SafeCallFields,
  actual: SafeCallFields,
  options: CallDifferencesOptions = {},
): CallDifferencesReturnType {
  const differences: FieldDifference[] = [];
  compareCalls(expected, actual, '', false, options, differences);
  return differences;
}

/** The first four bytes of calldata (lower case), `0x` when there are none. */
export function selectorOf(data: Hex): Hex {
  return size(data) >= 4 ? (slice(data, 0, 4).toLowerCase() as Hex) : '0x';
}

function compareCalls(
  expected: SafeCallFields,
  actual: SafeCallFields,
  prefix: string,
  inner: boolean,
  options: CallDifferencesOptions,
  out: FieldDifference[],
): void {
  const add = (field: string, e: string, a: string) => out.push({ field: `${prefix}${field}`, expected: e, actual: a });
  // An initializer's target, value and operation are the upgrade's own arguments, compared there.
  if (!inner) {
    if (!isAddressEqual(expected.to, actual.to)) add('target', getAddress(expected.to), getAddress(actual.to));
    if (expected.value !== actual.value) add('value', expected.value.toString(), actual.value.toString());
    if (expected.operation !== actual.operation)
      add('operation', operationWord(expected.operation), operationWord(actual.operation));
  }
  const expectedData = expected.data.toLowerCase() as Hex;
  const actualData = actual.data.toLowerCase() as Hex;
  if (expectedData === actualData) return;

  const batch = (call: SafeCallFields) => {
    if (selectorOf(call.data) !== multiSendSelector) return undefined;
    try {
      return multiSendTransactions(call.data);
    } catch (error) {
      if (error instanceof MalformedMultiSendError) return undefined;
      throw error;
    }
  };
  const expectedBatch = batch(expected);
  const actualBatch = batch(actual);
  if (expectedBatch && actualBatch) {
    const count = Math.max(expectedBatch.length, actualBatch.length);
    for (let i = 0; i < count; i++) {
      const e = expectedBatch[i];
      const a = actualBatch[i];
      const where = `${prefix}call ${i + 1}`;
      if (e && a) compareCalls(e, a, `${where} → `, false, options, out);
      else
        out.push({
          field: where,
          expected: e ? describe(e, options) : '(none)',
          actual: a ? describe(a, options) : '(none)',
        });
    }
    return;
  }

  const decode = (call: SafeCallFields) => decodeSafeTransaction({ ...call, ...options });
  const e = decode(expected);
  const a = decode(actual);
  if (e.kind !== 'call' || a.kind !== 'call') {
    const words = argumentWordDifferences(expectedData, actualData);
    if (words) for (const word of words) add(word.field, word.expected, word.actual);
    else add('data', dataWords(expectedData, actualData), dataWords(actualData, expectedData));
    return;
  }
  if (e.signature !== a.signature) {
    add('function', e.signature, a.signature);
    return;
  }
  const upgrade = e.functionName === 'upgradeAndCall' || e.functionName === 'upgradeToAndCall';
  e.args.forEach((argument, i) => {
    const other = a.args[i]!;
    const field = `${prefix}${e.functionName}.${argument.name}`;
    if (upgrade && argument.type === 'bytes' && e.initializer && a.initializer) {
      const proxy = (call: SafeCallFields, args: DecodedArgument[]) =>
        e.functionName === 'upgradeAndCall' ? (args[0]!.value as Address) : call.to;
      compareCalls(
        { to: proxy(expected, e.args), value: 0n, operation: 0, data: argument.value as Hex },
        { to: proxy(actual, a.args), value: 0n, operation: 0, data: other.value as Hex },
        `${field} → `,
        true,
        options,
        out,
      );
      return;
    }
    compareValues(argument.type, argument.value, other.value, field, out);
  });
}

/** Compares two decoded ABI values, into arrays (`[i]`) and tuples (`.name`). */
function compareValues(type: string, expected: unknown, actual: unknown, field: string, out: FieldDifference[]): void {
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    expected.forEach((item, i) => compareValues(type, item, actual[i], `${field}[${i}]`, out));
    return;
  }
  if (isRecord(expected) && isRecord(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of keys) compareValues(type, expected[key], actual[key], `${field}.${key}`, out);
    return;
  }
  const e = valueWords(expected);
  const a = valueWords(actual);
  if (e !== a) out.push({ field, expected: e, actual: a });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A decoded value as people compare it: checksummed addresses, decimal integers, short hex for long bytes. */
export function valueWords(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' && isAddress(value, { strict: false }) && value.length === 42) return getAddress(value);
  if (typeof value === 'string' && value.startsWith('0x') && value.length > 74)
    return `${value.slice(0, 10)}…${value.slice(-8)} (${size(value as Hex)} bytes)`;
  if (Array.isArray(value)) return `[${value.map(valueWords).join(', ')}]`;
  if (isRecord(value))
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}: ${valueWords(item)}`)
      .join(', ')}}`;
  return String(value);
}

const operationWord = (operation: number): string =>
  operation === 0 ? 'call' : operation === 1 ? 'delegatecall' : String(operation);

/** At most this many differing argument words are listed one by one; more read as `data`. */
const maxWordDifferences = 4;

/**
 * Two calls of one function the decoder has no ABI for (an implementation's initializer): the same selector and the
 * same length of whole 32-byte argument words. Each differing word becomes `<selector> argument N` (its position in
 * the arguments' head, 1-based), read as an address when it holds one and as an integer otherwise: the argument that
 * changed, `100 → 101`. `undefined` when the shapes differ or too many words do.
 */
function argumentWordDifferences(expected: Hex, actual: Hex): FieldDifference[] | undefined {
  const bytes = size(expected);
  if (bytes !== size(actual) || bytes < 36 || (bytes - 4) % 32 !== 0) return undefined;
  const selector = selectorOf(expected);
  if (selector !== selectorOf(actual)) return undefined;
  const differences: FieldDifference[] = [];
  for (let word = 0; word < (bytes - 4) / 32; word++) {
    const e = slice(expected, 4 + word * 32, 36 + word * 32);
    const a = slice(actual, 4 + word * 32, 36 + word * 32);
    if (e === a) continue;
    if (differences.length === maxWordDifferences) return undefined;
    differences.push({ field: `${selector} argument ${word + 1}`, expected: wordValue(e), actual: wordValue(a) });
  }
  return differences;
}

/**
 * One ABI word in words: an address when it has an address's shape (top 12 bytes zero, one of its own top two bytes
 * not), an integer in decimal otherwise (amounts, fees and counts stay numbers).
 */
function wordValue(word: Hex): string {
  const value = BigInt(word);
  return value >> 160n === 0n && value >> 144n !== 0n ? getAddress(slice(word, 12)) : value.toString();
}

/** Calldata the decoder does not read: its selector, length and the bytes where it first differs from `other`. */
function dataWords(data: Hex, other: Hex): string {
  const bytes = size(data);
  if (bytes === 0) return 'no calldata';
  let at = 2;
  while (at < data.length && data[at] === other[at]) at++;
  const byte = Math.floor((at - 2) / 2);
  const from = 2 + Math.max(0, byte - 4) * 2;
  const window = data.slice(from, from + 24);
  return `selector ${selectorOf(data)}, ${bytes} bytes, at byte ${byte}: …${window}…`;
}

function describe(call: SafeCallFields, options: CallDifferencesOptions): string {
  return decodeSafeTransaction({ ...call, ...options }).summary;
}
