import {
  type Address,
  domainSeparator as viemDomainSeparator,
  type EncodeAbiParametersErrorType,
  encodeAbiParameters,
  type HashTypedDataErrorType,
  type Hex,
  hashStruct,
  hashTypedData,
  keccak256,
  toHex,
} from 'viem';

import {
  type Manifest,
  type ManifestDomainParameters,
  type ManifestTypeName,
  manifestDomain,
  manifestTypes,
  manifestTypeString,
} from './manifestTypes.js';

export type ManifestIdParameters = ManifestDomainParameters & { manifest: Manifest };
export type ManifestIdReturnType = Hex;
export type ManifestIdErrorType = HashTypedDataErrorType;

/**
 * The id of `manifest` at the guard `guard` on `chainId`: its EIP-712 typed-data digest, what
 * `ManifestGuard.manifestId(manifest)` returns and what `register` stores it under.
 *
 * @example
 * const id = manifestId({ manifest, chainId: 1, guard: '0x2222222222222222222222222222222222222222' })
 */
export function manifestId({ manifest, chainId, guard }: ManifestIdParameters): ManifestIdReturnType {
  return hashTypedData({
    domain: manifestDomain({ chainId, guard }),
    types: manifestTypes,
    primaryType: 'Manifest',
    message: manifest,
  });
}

export type ManifestStructHashParameters = { manifest: Manifest };
export type ManifestStructHashReturnType = Hex;
export type ManifestStructHashErrorType = HashTypedDataErrorType;

/**
 * The EIP-712 struct hash of `manifest` (`ManifestHashing.hashManifest`): the manifest id without its domain.
 *
 * @example
 * const structHash = manifestStructHash({ manifest })
 */
export function manifestStructHash({ manifest }: ManifestStructHashParameters): ManifestStructHashReturnType {
  return hashStruct({ data: manifest, primaryType: 'Manifest', types: manifestTypes });
}

export type ApprovalDigestParameters = ManifestDomainParameters & { manifestId: Hex };
export type ApprovalDigestReturnType = Hex;
export type ApprovalDigestErrorType = HashTypedDataErrorType;

/**
 * The digest an approver signs for `approveBySig(manifestId, approver, signature)`: the typed data
 * `Approval(bytes32 manifestId)` under the guard's domain (`ManifestGuard.approvalDigest`).
 *
 * @example
 * const digest = approvalDigest({ manifestId: id, chainId: 1, guard: '0x2222222222222222222222222222222222222222' })
 */
export function approvalDigest({ manifestId, chainId, guard }: ApprovalDigestParameters): ApprovalDigestReturnType {
  return hashTypedData({
    domain: manifestDomain({ chainId, guard }),
    types: manifestTypes,
    primaryType: 'Approval',
    message: { manifestId },
  });
}

export type DomainSeparatorParameters = ManifestDomainParameters;
export type DomainSeparatorReturnType = Hex;
export type DomainSeparatorErrorType = HashTypedDataErrorType;

/**
 * The EIP-712 domain separator of the guard at `guard` on `chainId` (`ManifestGuard.DOMAIN_SEPARATOR()`).
 *
 * @example
 * const separator = domainSeparator({ chainId: 1, guard: '0x2222222222222222222222222222222222222222' })
 */
export function domainSeparator({ chainId, guard }: DomainSeparatorParameters): DomainSeparatorReturnType {
  return viemDomainSeparator({ domain: manifestDomain({ chainId, guard }) });
}

export type StepKeyParameters = {
  to: Address;
  value: bigint;
  data: Hex;
  operation: number;
};
export type StepKeyReturnType = Hex;
export type StepKeyErrorType = EncodeAbiParametersErrorType;

/**
 * The storage key of a step, what the guard looks a Safe transaction up by:
 * `keccak256(abi.encode(to, value, keccak256(data), operation))` (`ManifestGuard.stepKey`).
 *
 * @example
 * const key = stepKey({ to: '0x1111111111111111111111111111111111111111', value: 0n, data: '0x', operation: 0 })
 */
export function stepKey({ to, value, data, operation }: StepKeyParameters): StepKeyReturnType {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'address' }, { type: 'uint256' }, { type: 'bytes32' }, { type: 'uint8' }],
      [to, value, keccak256(data), operation],
    ),
  );
}

export type ManifestTypeHashReturnType = Hex;

/**
 * The EIP-712 type hash of a struct of `manifestTypes`: keccak256 of its `encodeType` string
 * (`ManifestHashing.MANIFEST_TYPEHASH` and its siblings).
 *
 * @example
 * manifestTypeHash('Approval')
 * // keccak256('Approval(bytes32 manifestId)')
 */
export function manifestTypeHash(primaryType: ManifestTypeName): ManifestTypeHashReturnType {
  return keccak256(toHex(manifestTypeString(primaryType)));
}
