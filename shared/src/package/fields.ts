import { type Address, type Hex, getAddress, isAddress } from 'viem';
import { z } from 'zod';

import { hiddenCharacter } from './signerText.js';

/** A value for an error message: JSON, shortened. */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 72 ? `${text.slice(0, 60)}…${text.slice(-8)}` : text;
}

/** Thrown by a field parser; becomes one issue at the field's path. */
class FieldProblem extends Error {}

/** Reject the field with `message` (the value and the fix). */
export function fail(message: string): never {
  throw new FieldProblem(message);
}

/**
 * A schema for one JSON field parsed by `parse`, which returns the typed value or calls `fail` with a message that
 * names the offending value and the fix. `missing` is the fix for an absent field; with `fallback` an absent field
 * takes that value instead.
 */
export function field<T>(parse: (input: unknown) => T, options: { missing: string; fallback?: () => T }) {
  const schema = z.unknown().transform((input, context): T => {
    if (input === undefined) {
      context.addIssue({ code: 'custom', message: `missing. ${options.missing}`, input });
      return z.NEVER;
    }
    try {
      return parse(input);
    } catch (error) {
      if (!(error instanceof FieldProblem)) throw error;
      context.addIssue({ code: 'custom', message: error.message, input });
      return z.NEVER;
    }
  });
  const fallback = options.fallback;
  if (!fallback) return schema;
  // An absent optional field takes its fallback (zod's `default` short-circuits on `undefined`).
  return schema.optional().transform((value): T => (value === undefined ? fallback() : value));
}

const addressPattern = /^0x[0-9a-fA-F]{40}$/;
const hexPattern = /^0x(?:[0-9a-fA-F]{2})*$/;
const decimalPattern = /^(?:0|[1-9][0-9]*)$/;

/** An address, EIP-55 checksummed on output; lower case is accepted, a wrong mixed-case checksum is not. */
export function parseAddress(input: unknown, fix: string): Address {
  if (typeof input !== 'string' || !addressPattern.test(input)) {
    fail(`${show(input)} is not an address (40 hex digits after 0x). ${fix}`);
  }
  if (!isAddress(input, { strict: true })) {
    fail(
      `${show(input)} has a wrong EIP-55 checksum (its mixed case does not match the address). ` +
        'Copy the address again from a trusted source, or write it in lower case.',
    );
  }
  return getAddress(input);
}

/** 0x-prefixed hex with whole bytes, lower case on output. */
export function parseHex(input: unknown, fix: string, bytes?: number): Hex {
  if (typeof input !== 'string' || !hexPattern.test(input)) {
    fail(`${show(input)} is not 0x-prefixed hex with whole bytes (an even number of hex digits). ${fix}`);
  }
  if (bytes !== undefined && input.length !== 2 + 2 * bytes) {
    fail(`${show(input)} is ${(input.length - 2) / 2} bytes long, not ${bytes}. ${fix}`);
  }
  return input.toLowerCase() as Hex;
}

/** An unsigned integer of `bits` bits written as a decimal string. */
export function parseUintString(input: unknown, bits: number, fix: string): bigint {
  if (typeof input === 'number' || typeof input === 'bigint') {
    fail(
      `${show(input)} is a number. Write it as a decimal string ("${input}") so that large values keep every digit.`,
    );
  }
  if (typeof input !== 'string' || !decimalPattern.test(input)) {
    fail(
      `${show(input)} is not a decimal string of an unsigned integer (digits only, no sign or leading zeros). ${fix}`,
    );
  }
  const value = BigInt(input);
  if (value >= 2n ** BigInt(bits)) fail(`${show(input)} does not fit in uint${bits}. ${fix}`);
  return value;
}

/** A whole number of seconds: a JSON integer, or a decimal string for values past 2^53. */
export function parseSeconds(input: unknown, max: bigint, fix: string): bigint {
  let value: bigint;
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input < 0)
      fail(`${show(input)} is not a whole, non-negative number of seconds. ${fix}`);
    value = BigInt(input);
  } else if (typeof input === 'string' && decimalPattern.test(input)) {
    value = BigInt(input);
  } else {
    fail(`${show(input)} is not a whole number of seconds. ${fix}`);
  }
  if (value > max) fail(`${show(input)} is more than ${max} seconds. ${fix}`);
  return value;
}

const isoPattern = /^[+-]?\d{4,6}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** A point in time: unix seconds (a JSON integer) or an ISO-8601 date-time with a zone (`2025-06-01T12:00:00Z`). */
export function parseTimestamp(input: unknown, max: bigint, fix: string): bigint {
  if (typeof input === 'number') return parseSeconds(input, max, fix);
  if (typeof input !== 'string' || !isoPattern.test(input)) {
    fail(
      `${show(input)} is neither unix seconds nor an ISO-8601 date-time with a time zone. ` +
        `Write e.g. "2025-06-01T12:00:00Z" or 1748779200. ${fix}`,
    );
  }
  const milliseconds = Date.parse(input);
  if (Number.isNaN(milliseconds)) fail(`${show(input)} is not a real date. ${fix}`);
  if (milliseconds % 1000 !== 0) fail(`${show(input)} has a fraction of a second. The guard counts whole seconds.`);
  if (milliseconds < 0) fail(`${show(input)} is before 1970. ${fix}`);
  const seconds = BigInt(milliseconds / 1000);
  if (seconds > max) fail(`${show(input)} is later than the guard can store (unix ${max}). ${fix}`);
  return seconds;
}

/** Unix seconds as an ISO-8601 UTC date-time without milliseconds. */
export function isoTime(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * A non-empty string (trimmed length > 0), at most `max` characters (code points), without control, bidirectional
 * or invisible characters (tab and line breaks only where `multiline`): text people read before they sign
 * (`registrationShape.ts`).
 */
export function parseText(
  input: unknown,
  fix: string,
  options: { allowEmpty?: boolean; max?: number; multiline?: boolean } = {},
): string {
  if (typeof input !== 'string') fail(`${show(input)} is not a string. ${fix}`);
  if (!options.allowEmpty && input.trim().length === 0) fail(`is empty. ${fix}`);
  const length = [...input].length;
  if (options.max !== undefined && length > options.max) {
    fail(`is ${length} characters long, more than ${options.max}. Shorten it.`);
  }
  const hidden = hiddenCharacter(input, { multiline: options.multiline });
  if (hidden) fail(hidden);
  return input;
}

/** One of `names`. */
export function parseName<const T extends string>(input: unknown, names: readonly T[], what: string): T {
  if (typeof input === 'string' && (names as readonly string[]).includes(input)) return input as T;
  const list = names.map((name) => `"${name}"`).join(', ');
  fail(`${show(input)} is not ${what}. Use one of ${list}.`);
}

/** A non-negative integer JSON number (an index or a count). */
export function parseIndex(input: unknown, fix: string): number {
  if (typeof input !== 'number' || !Number.isSafeInteger(input) || input < 0) {
    fail(`${show(input)} is not a non-negative whole number. ${fix}`);
  }
  return input;
}

/** Zod's messages for objects; an unknown key gets one message per key (see `formatIssues`). */
export function objectError(what: string, keys: readonly string[]) {
  return (issue: { code?: string; keys?: string[]; input?: unknown }) => {
    if (issue.code === 'unrecognized_keys') {
      return `is not a field of ${what}. Remove it (the fields of ${what} are ${keys.join(', ')}).`;
    }
    if (issue.input === undefined) return `missing. Add ${what}.`;
    return `${show(issue.input)} is not ${what} (a JSON object with ${keys.join(', ')}).`;
  };
}

/** Zod's message for arrays. */
export function arrayError(what: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined
      ? `missing. Add ${what} (a JSON array).`
      : `${show(issue.input)} is not ${what} (a JSON array).`;
}
