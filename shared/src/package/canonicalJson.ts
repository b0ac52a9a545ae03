import { BaseError } from '../errors/base.js';

export type CanonicalJsonParameters = unknown;
export type CanonicalJsonReturnType = string;
export type CanonicalJsonErrorType = CanonicalJsonError;

/** The value cannot be written as canonical JSON (it holds something JSON has no form for). */
export class CanonicalJsonError extends BaseError {
  override name = 'CanonicalJsonError';
  constructor(path: string, found: string) {
    super(`Cannot write ${path} as canonical JSON: it is ${found}.`, {
      metaMessages: [
        'Canonical JSON holds only strings, finite numbers, booleans, null, arrays and plain objects.',
        'Write big integers as decimal strings and times as numbers or ISO-8601 strings.',
      ],
    });
  }
}

/**
 * Canonical JSON in the style of RFC 8785 (JCS): object keys sorted by their UTF-16 code units, no whitespace,
 * strings and numbers as ECMAScript `JSON.stringify` writes them (which is what JCS specifies). Object properties
 * whose value is `undefined` are left out, as `JSON.stringify` does; anything else JSON cannot hold (`bigint`,
 * `NaN`, `Infinity`, functions, symbols, class instances, `undefined` in an array) is an error rather than a silent
 * change, so two parties who hash the same data always hash the same bytes.
 *
 * @throws {CanonicalJsonError} naming the path of the first value JSON cannot hold.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null, 'x'] }); // '{"a":[true,null,"x"],"b":1}'
 */
export function canonicalJson(value: CanonicalJsonParameters): CanonicalJsonReturnType {
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, String(value));
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        return `[${value
          .map((item, index) => {
            if (item === undefined) throw new CanonicalJsonError(`${path}[${index}]`, 'undefined');
            return write(item, `${path}[${index}]`);
          })
          .join(',')}]`;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) {
        throw new CanonicalJsonError(path, `an instance of ${value.constructor?.name ?? 'a class'}`);
      }
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${write(item, `${path}.${key}`)}`).join(',')}}`;
    }
    default:
      throw new CanonicalJsonError(path, typeof value === 'bigint' ? `the bigint ${value}` : `a ${typeof value}`);
  }
}
