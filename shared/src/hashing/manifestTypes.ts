import type { Address } from 'viem';

/**
 * The EIP-712 types of a release manifest and of an approval, in the field order of
 * `IManifestGuardTypes` (guard/src/interfaces/IManifestGuardTypes.sol), which is the order
 * `ManifestHashing` hashes them in. Changing a name, a type or the order changes every manifest id.
 *
 * @example
 * import { hashTypedData } from 'viem'
 * import { manifestDomain, manifestTypes } from './manifestTypes.js'
 *
 * const id = hashTypedData({
 *   domain: manifestDomain({ chainId: 1, guard: '0x…' }),
 *   types: manifestTypes,
 *   primaryType: 'Manifest',
 *   message: manifest,
 * })
 */
export const manifestTypes = {
  Manifest: [
    { name: 'kind', type: 'uint8' },
    { name: 'ticket', type: 'string' },
    { name: 'notBefore', type: 'uint64' },
    { name: 'expiry', type: 'uint64' },
    { name: 'rollback', type: 'bytes32' },
    { name: 'evidence', type: 'bytes32' },
    { name: 'phases', type: 'Phase[]' },
  ],
  Phase: [
    { name: 'steps', type: 'Step[]' },
    { name: 'checks', type: 'Check[]' },
    { name: 'conditions', type: 'Condition[]' },
    { name: 'minSoak', type: 'uint64' },
  ],
  Step: [
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'operation', type: 'uint8' },
    { name: 'data', type: 'bytes' },
  ],
  Check: [
    { name: 'kind', type: 'uint8' },
    { name: 'target', type: 'address' },
    { name: 'data', type: 'bytes' },
    { name: 'expected', type: 'bytes32' },
    { name: 'response', type: 'uint8' },
  ],
  Condition: [
    { name: 'target', type: 'address' },
    { name: 'data', type: 'bytes' },
    { name: 'min', type: 'uint256' },
    { name: 'max', type: 'uint256' },
  ],
  Approval: [{ name: 'manifestId', type: 'bytes32' }],
} as const;

export type ManifestTypes = typeof manifestTypes;
/** A struct name of {@link manifestTypes}. */
export type ManifestTypeName = keyof ManifestTypes;

/** The EIP-712 domain name and version of every Manifest Guard (`ManifestHashing.NAME`, `.VERSION`). */
export const manifestDomainName = 'ManifestGuard';
export const manifestDomainVersion = '1';

/** The manifest as the guard's ABI takes it: one definition, generated from the forge build. */
export type { Check, Condition, Manifest, Phase, Step } from '../guard/manifest.js';

export type ManifestDomainParameters = {
  /** The chain the guard is deployed on. */
  chainId: number | bigint;
  /** The guard's address (the EIP-712 `verifyingContract`). */
  guard: Address;
};

export type ManifestDomainReturnType = {
  name: typeof manifestDomainName;
  version: typeof manifestDomainVersion;
  chainId: number | bigint;
  verifyingContract: Address;
};

/**
 * The EIP-712 domain of the Manifest Guard at `guard` on `chainId`: a manifest id binds both.
 *
 * @example
 * manifestDomain({ chainId: 1, guard: '0x2222222222222222222222222222222222222222' })
 * // { name: 'ManifestGuard', version: '1', chainId: 1, verifyingContract: '0x2222…' }
 */
export function manifestDomain({ chainId, guard }: ManifestDomainParameters): ManifestDomainReturnType {
  return {
    name: manifestDomainName,
    version: manifestDomainVersion,
    chainId,
    verifyingContract: guard,
  };
}

/**
 * The EIP-712 `encodeType` string of a struct of {@link manifestTypes}: the struct, then the structs it
 * references in alphabetical order. Its keccak256 is the type hash that `ManifestHashing` pins.
 *
 * @example
 * manifestTypeString('Step')
 * // 'Step(address to,uint256 value,uint8 operation,bytes data)'
 */
export function manifestTypeString(primaryType: ManifestTypeName): string {
  const referenced = new Set<ManifestTypeName>();
  const visit = (name: ManifestTypeName) => {
    for (const field of manifestTypes[name]) {
      const base = field.type.replace(/(\[\d*\])+$/, '');
      if (isManifestTypeName(base) && base !== primaryType && !referenced.has(base)) {
        referenced.add(base);
        visit(base);
      }
    }
  };
  visit(primaryType);
  return [primaryType, ...[...referenced].sort()]
    .map((name) => `${name}(${manifestTypes[name].map(({ name, type }) => `${type} ${name}`).join(',')})`)
    .join('');
}

function isManifestTypeName(name: string): name is ManifestTypeName {
  return Object.hasOwn(manifestTypes, name);
}
