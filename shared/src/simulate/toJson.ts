import type { JsonValue } from '../package/schema.js';

/**
 * A value as JSON: bigints as decimal strings, `undefined` object fields dropped, `undefined` array items as null,
 * so a report can be hashed with `canonicalJson` and stored in the evidence packet.
 *
 * @example
 * toJson({ gasUsed: 21000n, args: [1n, 'x'] }); // { gasUsed: '21000', args: ['1', 'x'] }
 */
export function toJson(value: unknown): JsonValue {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const result: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) result[key] = toJson(item);
    return result;
  }
  return String(value);
}
