import { type Address, type TypedDataDomain, isAddressEqual } from 'viem';

import type { ClearSigningDescriptorError } from './errors.js';
import type { AddressNames } from './formatField.js';
import type { FieldParameter } from './paths.js';
import type { TypedDataDescriptor } from './types.js';
import { type ClearSignView, blind, clearView } from './view.js';

export type TypedDataFields = Readonly<Record<string, readonly { readonly name: string; readonly type: string }[]>>;

export type RenderTypedDataParameters = {
  descriptor: TypedDataDescriptor;
  domain: TypedDataDomain;
  types: TypedDataFields;
  primaryType: string;
  message: Readonly<Record<string, unknown>>;
  names?: AddressNames;
};
export type RenderTypedDataReturnType = ClearSignView;
/** Thrown only for a descriptor that cannot be applied (a path to nothing, an enum it lacks). */
export type RenderTypedDataErrorType = ClearSigningDescriptorError;

/**
 * What a clear-signing device shows for an EIP-712 message: the format keyed by the primary type's `encodeType`, when
 * the domain matches the descriptor's `eip712.domain` (and one of its deployments, when it lists any); else the
 * blind-signing answer (the device then shows the domain and message hashes).
 *
 * @example
 * renderTypedData({ descriptor: manifestGuardApprovalDescriptor, domain: manifestDomain({ chainId: 1, guard }), types: manifestTypes, primaryType: 'Approval', message: { manifestId: id } })
 * // { kind: 'clear', intent: 'Approve release manifest', lines: [{ label: 'Manifest id', … }], … }
 */
export function renderTypedData(parameters: RenderTypedDataParameters): RenderTypedDataReturnType {
  const { descriptor, domain, types, primaryType, message, names } = parameters;
  const { domain: expected, deployments } = descriptor.context.eip712;
  for (const key of ['name', 'version', 'chainId', 'verifyingContract'] as const) {
    const want = expected[key];
    if (want !== undefined && !sameDomainValue(want, domain[key])) {
      return blind(`the message's domain ${key} is ${String(domain[key])}, the descriptor's ${String(want)}`);
    }
  }
  if (deployments.length > 0) {
    const bound = deployments.some(
      (deployment) =>
        domain.verifyingContract !== undefined &&
        isAddressEqual(deployment.address, domain.verifyingContract as Address) &&
        Number(domain.chainId) === deployment.chainId,
    );
    if (!bound) return blind(`"${descriptor.context.$id}" describes other guards than ${domain.verifyingContract}`);
  }
  if (!Object.hasOwn(types, primaryType)) return blind(`the types have no primary type ${primaryType}`);
  const key = encodeType(types, primaryType);
  if (!Object.hasOwn(descriptor.display.formats, key)) {
    return blind(`"${descriptor.context.$id}" has no format for ${key}`);
  }
  return clearView(descriptor, key, typedDataParameter(types, primaryType), message, names);
}

function sameDomainValue(want: string | number, got: unknown): boolean {
  if (typeof want === 'number') return got !== undefined && BigInt(got as number | bigint) === BigInt(want);
  if (typeof got !== 'string') return false;
  return want.startsWith('0x') ? want.toLowerCase() === got.toLowerCase() : want === got;
}

/**
 * EIP-712 `encodeType`: the struct, then the structs it references in alphabetical order (the key of an EIP-712
 * format in a descriptor).
 *
 * @example
 * encodeType(manifestTypes, 'Approval') // 'Approval(bytes32 manifestId)'
 */
export function encodeType(types: TypedDataFields, primaryType: string): string {
  const referenced = new Set<string>();
  const visit = (name: string) => {
    for (const field of types[name] ?? []) {
      const base = field.type.replace(/(\[\d*\])+$/, '');
      if (Object.hasOwn(types, base) && base !== primaryType && !referenced.has(base)) {
        referenced.add(base);
        visit(base);
      }
    }
  };
  visit(primaryType);
  return [primaryType, ...[...referenced].sort()]
    .map((name) => `${name}(${types[name]!.map(({ name: field, type }) => `${type} ${field}`).join(',')})`)
    .join('');
}

/**
 * An EIP-712 struct as an ABI tuple, so one path walker serves calldata and messages.
 *
 * @example
 * typedDataParameter(manifestTypes, 'Approval') // { name: '', type: 'tuple', components: [{ name: 'manifestId', type: 'bytes32' }] }
 */
export function typedDataParameter(types: TypedDataFields, name: string): FieldParameter {
  return {
    name: '',
    type: 'tuple',
    components: types[name]!.map((field) => {
      const base = field.type.replace(/(\[\d*\])+$/, '');
      if (!Object.hasOwn(types, base)) return { name: field.name, type: field.type };
      const suffix = field.type.slice(base.length);
      return { ...typedDataParameter(types, base), name: field.name, type: `tuple${suffix}` };
    }),
  };
}
