import { fileURLToPath } from 'node:url';

import type { AbiParameter, Address, Hex } from 'viem';

import { type Manifest, manifestTypes } from '../../shared/src/hashing/index.js';

/** Where the golden EIP-712 vectors live (read by forge through `vm.readFile` and by vitest). */
export const vectorFilePath = fileURLToPath(new URL('./manifest-hashing.json', import.meta.url));

/** A manifest as JSON: uint64 and uint256 fields as decimal strings, uint8 fields as numbers. */
export type ManifestJson = {
  kind: number;
  ticket: string;
  notBefore: string;
  expiry: string;
  rollback: Hex;
  evidence: Hex;
  phases: {
    steps: { to: Address; value: string; operation: number; data: Hex }[];
    checks: { kind: number; target: Address; data: Hex; expected: Hex; response: number }[];
    conditions: { target: Address; data: Hex; min: string; max: string }[];
    minSoak: string;
  }[];
};

export type Vector = {
  name: string;
  description: string;
  domain: { chainId: number; verifyingContract: Address };
  manifest: ManifestJson;
  /** `abi.encode(manifest)` as one `IManifestGuardTypes.Manifest` tuple: what the forge test decodes. */
  encoded: Hex;
  expected: {
    domainSeparator: Hex;
    structHash: Hex;
    manifestId: Hex;
    approvalDigest: Hex;
    /** `stepKey` of every step, phase by phase, in order. */
    stepKeys: Hex[];
  };
};

export type VectorFile = {
  description: string;
  domain: { name: string; version: string };
  /** Per struct: its EIP-712 `encodeType` string and its keccak256. */
  types: Record<string, { encodeType: string; typeHash: Hex }>;
  vectors: Vector[];
};

export function manifestToJson(manifest: Manifest): ManifestJson {
  return {
    kind: manifest.kind,
    ticket: manifest.ticket,
    notBefore: manifest.notBefore.toString(),
    expiry: manifest.expiry.toString(),
    rollback: manifest.rollback,
    evidence: manifest.evidence,
    phases: manifest.phases.map((phase) => ({
      steps: phase.steps.map((step) => ({ ...step, value: step.value.toString() })),
      checks: phase.checks.map((check) => ({ ...check })),
      conditions: phase.conditions.map((condition) => ({
        ...condition,
        min: condition.min.toString(),
        max: condition.max.toString(),
      })),
      minSoak: phase.minSoak.toString(),
    })),
  };
}

export function manifestFromJson(json: ManifestJson): Manifest {
  return {
    ...json,
    notBefore: BigInt(json.notBefore),
    expiry: BigInt(json.expiry),
    phases: json.phases.map((phase) => ({
      steps: phase.steps.map((step) => ({ ...step, value: BigInt(step.value) })),
      checks: phase.checks,
      conditions: phase.conditions.map((condition) => ({
        ...condition,
        min: BigInt(condition.min),
        max: BigInt(condition.max),
      })),
      minSoak: BigInt(phase.minSoak),
    })),
  };
}

/**
 * The ABI parameter of a `Manifest` tuple, derived from the EIP-712 types (whose field order is the
 * Solidity struct order), so `encoded` needs no hand-written ABI.
 */
export const manifestAbiParameter: AbiParameter = abiParameter('manifest', 'Manifest');

function abiParameter(name: string, type: string): AbiParameter {
  const [, base = type, dimensions = ''] = /^(\w+)((?:\[\d*\])*)$/.exec(type) ?? [];
  const structs: Record<string, readonly { name: string; type: string }[]> = manifestTypes;
  const fields = structs[base];
  if (fields === undefined) return { name, type };
  return {
    name,
    type: `tuple${dimensions}`,
    components: fields.map((field) => abiParameter(field.name, field.type)),
  };
}
