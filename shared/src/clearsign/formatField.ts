import { type Hex, formatEther, getAddress, isAddress, keccak256, size, slice } from 'viem';

import { ClearSigningDescriptorError } from './errors.js';
import type { PathValue } from './paths.js';
import type { ClearSigningDescriptor, FieldFormat, FieldFormatName } from './types.js';

/** One line of a device's screen: the label, the value as the device shows it, and the value in full. */
export type ClearSignLine = {
  label: string;
  /** As a device shows it: names for known addresses, dates in UTC, enum names, long hex shortened. */
  value: string;
  /** The whole value, nothing shortened or named: checksummed address, decimal number, full hex, text. */
  full: string;
  /** The descriptor's field path, and the array positions it took (0-based). */
  path: string;
  indices: number[];
  format: FieldFormatName;
};

/** Trusted names of addresses (the guard, the Safe, proxies…), keyed by address in any case. */
export type AddressNames = Readonly<Record<string, string>>;

export type FormatFieldParameters = {
  descriptor: ClearSigningDescriptor;
  formatKey: string;
  field: FieldFormat;
  reached: PathValue;
  names?: AddressNames;
};

/**
 * One field's line, formatted per its ERC-7730 `format`. Decisions, as a device would show them:
 * - `addressName`: the trusted name when `names` has one, else the EIP-55 checksummed address, always in full;
 * - `date` (timestamp): `YYYY-MM-DD HH:MM:SS UTC`; `duration`: `HH:MM:SS` (hours may exceed 24), per ERC-7730;
 * - `enum`: the name in `metadata.enums`, else `unknown (<n>)`; `amount`: in ETH (`formatEther`), with the unit;
 * - `raw`: numbers in decimal, text as is, hex of more than 4 bytes shortened to its first and last 4 bytes
 *   (`0x1234abcd…9f8e7d6c`), as devices shorten long hex; `full` keeps every digit to compare;
 * - `calldata`: the selector, the length and the keccak256 of the embedded call (a wallet MAY show its hash).
 *
 * @example
 * formatField({ descriptor, formatKey: 'freeze(uint64 duration)', field, reached: { value: 21600n, parameter: { type: 'uint64' }, indices: [] } })
 * // { label: 'Freeze for', value: '06:00:00', full: '21600', … }
 */
export function formatField({ descriptor, formatKey, field, reached, names }: FormatFieldParameters): ClearSignLine {
  const { value, parameter, indices } = reached;
  const full = fullValue(value, parameter.type);
  const shown = displayValue({ descriptor, formatKey, field, value, type: parameter.type, full, names });
  return { label: field.label, value: shown, full, path: field.path, indices, format: field.format };
}

function displayValue(parameters: {
  descriptor: ClearSigningDescriptor;
  formatKey: string;
  field: FieldFormat;
  value: unknown;
  type: string;
  full: string;
  names: AddressNames | undefined;
}): string {
  const { descriptor, formatKey, field, value, type, full, names } = parameters;
  switch (field.format) {
    case 'addressName':
      return (typeof value === 'string' ? names?.[value.toLowerCase()] : undefined) ?? full;
    case 'date':
      return utcDate(BigInt(value as bigint | number));
    case 'duration':
      return duration(BigInt(value as bigint | number));
    case 'amount':
      return `${formatEther(BigInt(value as bigint | number))} ETH`;
    case 'enum': {
      const ref = field.params?.$ref ?? '';
      const enumName = /^\$\.metadata\.enums\.(.+)$/.exec(ref)?.[1];
      const table = enumName === undefined ? undefined : descriptor.metadata.enums?.[enumName];
      if (!table) throw new ClearSigningDescriptorError(formatKey, `the enum "${ref}" is not in metadata.enums`);
      return table[String(value)] ?? `unknown (${String(value)})`;
    }
    case 'calldata':
      return embeddedCall(value as Hex);
    case 'raw':
      return rawValue(full, type);
  }
}

/** The whole value as text, by its ABI type. */
function fullValue(value: unknown, type: string): string {
  if (type === 'address' && typeof value === 'string' && isAddress(value, { strict: false })) return getAddress(value);
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string' && (type === 'bytes' || type.startsWith('bytes'))) return value.toLowerCase();
  if (typeof value === 'string') return value;
  return JSON.stringify(value, (_, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
}

function rawValue(full: string, type: string): string {
  if (type.startsWith('bytes') && full.length > 10) return shortHex(full as Hex);
  return full;
}

/**
 * `0x1234abcd…9f8e7d6c`: the first and last 4 bytes of long hex, as devices shorten it.
 *
 * @example
 * shortHex(`0x${'ab'.repeat(32)}`) // '0xabababab…abababab'
 */
export function shortHex(hex: Hex): string {
  return hex.length <= 2 + 2 * 8 ? hex : `${hex.slice(0, 10)}…${hex.slice(-8)}`;
}

function utcDate(seconds: bigint): string {
  const ms = Number(seconds) * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return `${seconds} (not a date)`;
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC');
}

function duration(seconds: bigint): string {
  const hours = seconds / 3600n;
  const minutes = (seconds % 3600n) / 60n;
  const rest = seconds % 60n;
  return [hours, minutes, rest].map((part) => part.toString().padStart(2, '0')).join(':');
}

function embeddedCall(data: Hex): string {
  if (size(data) === 0) return 'no call data';
  if (size(data) < 4) return `${size(data)} bytes ${data}`;
  return `${slice(data, 0, 4)}, ${size(data)} bytes, keccak256 ${shortHex(keccak256(data))}`;
}
