import type { Abi, Address } from 'viem';

/**
 * The part of an ERC-7730 v1 descriptor ("Structured Data Clear Signing Format", schema `erc7730-v1.schema.json`) that
 * Manifest Guard writes and renders: a contract binding (`context.contract`) or an EIP-712 binding (`context.eip712`),
 * `metadata.enums`, and `display.formats` keyed by the function signature with parameter names or by the EIP-712
 * `encodeType` of the primary type.
 */
export type ClearSigningDescriptor = {
  $schema: string;
  context: ContractContext | Eip712Context;
  metadata: { owner: string; enums?: Record<string, Record<string, string>> };
  display: { formats: Record<string, DisplayFormat> };
};

/** One chain and address the descriptor applies to. */
export type Deployment = { chainId: number; address: Address };

export type ContractContext = { $id: string; contract: { abi: Abi; deployments: Deployment[] } };

export type Eip712Context = {
  $id: string;
  eip712: {
    domain: { name?: string; version?: string; chainId?: number; verifyingContract?: Address };
    schemas: { types: Record<string, readonly { name: string; type: string }[]>; primaryType: string }[];
    deployments: Deployment[];
  };
};

export type DisplayFormat = {
  intent: string;
  fields: FieldFormat[];
  required?: string[];
  excluded?: string[];
};

/** The formats Manifest Guard's descriptors use, out of ERC-7730's list. */
export type FieldFormatName = 'raw' | 'addressName' | 'date' | 'duration' | 'enum' | 'amount' | 'calldata';

export type FieldFormat = {
  path: string;
  label: string;
  format: FieldFormatName;
  params?: { encoding?: 'timestamp' | 'blockheight'; $ref?: string; calleePath?: string; callee?: string };
};

/** A descriptor with a contract binding. */
export type CalldataDescriptor = ClearSigningDescriptor & { context: ContractContext };
/** A descriptor with an EIP-712 binding. */
export type TypedDataDescriptor = ClearSigningDescriptor & { context: Eip712Context };
