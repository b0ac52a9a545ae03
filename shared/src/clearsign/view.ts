import type { Hex } from 'viem';

import { ClearSigningDescriptorError } from './errors.js';
import { type AddressNames, type ClearSignLine, formatField } from './formatField.js';
import { type FieldParameter, resolvePath } from './paths.js';
import type { ClearSigningDescriptor } from './types.js';

/**
 * What a clear-signing device shows: the intent and one line per field (`clear`), or, without a descriptor that
 * applies, blind-signing data (`blind`): the device shows only hashes or raw data, and the signer must compare them.
 */
export type ClearSignView =
  | {
      kind: 'clear';
      /** `metadata.owner` of the descriptor, e.g. `Manifest Guard`. */
      owner: string;
      intent: string;
      lines: ClearSignLine[];
      /** The `display.formats` key that applied. */
      formatKey: string;
    }
  | {
      kind: 'blind';
      /** Always starts `no descriptor: the device shows blind-signing data`, then why. */
      reason: string;
      /** The selector of the call, when there was one. */
      selector?: Hex;
    };

/** The first words of every blind answer. */
export const blindSigning = 'no descriptor: the device shows blind-signing data';

/**
 * The blind-signing answer, with why no descriptor applies.
 *
 * @example
 * blind('"Manifest Guard" has no function with selector 0xdeadbeef', '0xdeadbeef')
 */
export function blind(why: string, selector?: Hex): ClearSignView {
  return { kind: 'blind', reason: `${blindSigning} (${why})`, ...(selector ? { selector } : {}) };
}

/**
 * The lines of `display.formats[formatKey]` over the decoded `value` of the structure `root`; an element of an array
 * is labelled with its positions counted from 1 (`Step target 2.1`: phase 2, step 1).
 *
 * @example
 * clearView(descriptor, 'halt(bytes32 id)', { name: '', type: 'tuple', components: [{ name: 'id', type: 'bytes32' }] }, { id }, undefined)
 */
export function clearView(
  descriptor: ClearSigningDescriptor,
  formatKey: string,
  root: FieldParameter,
  value: unknown,
  names: AddressNames | undefined,
): ClearSignView {
  const format = descriptor.display.formats[formatKey]!;
  const lines = format.fields.flatMap((field) => {
    const reached = resolvePath(root, value, field.path);
    if (!reached) throw new ClearSigningDescriptorError(formatKey, `the field path "${field.path}" names no parameter`);
    return reached.map((item) => {
      const line = formatField({ descriptor, formatKey, field, reached: item, names });
      // An element of an array is labelled with its positions, counted from 1 as people count: "Step target 2.1".
      return item.indices.length === 0
        ? line
        : { ...line, label: `${line.label} ${item.indices.map((i) => i + 1).join('.')}` };
    });
  });
  return { kind: 'clear', owner: descriptor.metadata.owner, intent: format.intent, lines, formatKey };
}
