/**
 * Generates the ERC-7730 clear-signing descriptors of Manifest Guard (`shared/src/clearsign/descriptors/*.json`) from
 * the generated ABI (`shared/src/generated/manifestGuard.ts`), the EIP-712 types of the library's hashing and the words
 * of `clearSigningWords.ts`. `--check` fails when a committed descriptor differs from what this produces (the ABI
 * changed: run it again).
 *
 * Usage: npx tsx shared/scripts/generate-clear-signing.ts [--check]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { format, resolveConfig } from 'prettier';
import type { AbiFunction, AbiParameter } from 'viem';

import { formatKey } from '../src/clearsign/signature.js';
import type { CalldataDescriptor, DisplayFormat, FieldFormat, TypedDataDescriptor } from '../src/clearsign/types.js';
import { manifestGuardAbi } from '../src/generated/manifestGuard.js';
import {
  manifestDomainName,
  manifestDomainVersion,
  manifestTypes,
  manifestTypeString,
} from '../src/hashing/manifestTypes.js';
import {
  type FunctionWords,
  approvalWords,
  guardEnums,
  guardFunctionsLeftOut,
  guardFunctionWords,
} from './clearSigningWords.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const targetDir = join(root, 'shared', 'src', 'clearsign', 'descriptors');
/** The `$schema` of every descriptor: ERC-7730 v1. */
export const erc7730V1Schema = 'https://eips.ethereum.org/assets/eip-7730/erc7730-v1.schema.json';

function displayFormat(words: FunctionWords): DisplayFormat {
  const fields: FieldFormat[] = words.fields.map((field) => {
    const base = { path: field.path, label: field.label, format: field.format };
    if (field.format === 'date') return { ...base, params: { encoding: 'timestamp' } };
    if (field.format === 'enum') return { ...base, params: { $ref: `$.metadata.enums.${field.enumName}` } };
    if (field.format === 'calldata') return { ...base, params: { calleePath: field.calleePath } };
    return base;
  });
  return {
    intent: words.intent,
    fields,
    required: words.fields.map((field) => field.path),
    ...(words.excluded ? { excluded: [...words.excluded] } : {}),
  };
}

/** The calldata descriptor of the guard's own calls (every state-changing function but the Safe's hooks). */
export function guardCalldataDescriptor(): CalldataDescriptor {
  const functions = manifestGuardAbi.filter(
    (item): item is Extract<(typeof manifestGuardAbi)[number], { type: 'function' }> =>
      item.type === 'function' && item.stateMutability !== 'view' && item.stateMutability !== 'pure',
  );
  const described = functions.filter((item) => !Object.hasOwn(guardFunctionsLeftOut, item.name));
  const missing = described.filter((item) => !Object.hasOwn(guardFunctionWords, item.name)).map((item) => item.name);
  if (missing.length > 0) {
    throw new Error(
      `No clear-signing words for ${missing.join(', ')}: add them to shared/scripts/clearSigningWords.ts (guardFunctionWords, or guardFunctionsLeftOut with the reason).`,
    );
  }
  // The ABI without `internalType` (Solidity's struct names): what a wallet decodes with.
  const abi: AbiFunction[] = described.map(({ name, inputs, outputs, stateMutability }) => ({
    type: 'function',
    name,
    inputs: inputs.map(withoutInternalType),
    outputs: outputs.map(withoutInternalType),
    stateMutability,
  }));
  return {
    $schema: erc7730V1Schema,
    context: { $id: 'Manifest Guard', contract: { abi, deployments: [] } },
    metadata: {
      owner: 'Manifest Guard',
      enums: { manifestKind: { ...guardEnums.manifestKind }, operation: { ...guardEnums.operation } },
    },
    display: {
      formats: Object.fromEntries(abi.map((item) => [formatKey(item), displayFormat(guardFunctionWords[item.name]!)])),
    },
  };
}

function withoutInternalType(parameter: AbiParameter): AbiParameter {
  const { name = '', type } = parameter;
  if ('components' in parameter && parameter.components) {
    return { name, type, components: parameter.components.map(withoutInternalType) };
  }
  return { name, type };
}

/** The EIP-712 descriptor of the approval an approver signs offline (`Approval(bytes32 manifestId)`). */
export function approvalDescriptor(): TypedDataDescriptor {
  return {
    $schema: erc7730V1Schema,
    context: {
      $id: 'Manifest Guard approval',
      eip712: {
        domain: { name: manifestDomainName, version: manifestDomainVersion },
        schemas: [
          {
            types: {
              EIP712Domain: [
                { name: 'name', type: 'string' },
                { name: 'version', type: 'string' },
                { name: 'chainId', type: 'uint256' },
                { name: 'verifyingContract', type: 'address' },
              ],
              Approval: manifestTypes.Approval.map(({ name, type }) => ({ name, type })),
            },
            primaryType: 'Approval',
          },
        ],
        deployments: [],
      },
    },
    metadata: { owner: 'Manifest Guard' },
    display: { formats: { [manifestTypeString('Approval')]: displayFormat(approvalWords) } },
  };
}

/** Each descriptor file and its content, formatted as the repository's Prettier writes JSON. */
export async function descriptorFiles(): Promise<{ name: string; text: string }[]> {
  const files = [
    { name: 'manifestGuard.calldata.json', descriptor: guardCalldataDescriptor() },
    { name: 'manifestGuard.approval.eip712.json', descriptor: approvalDescriptor() },
  ];
  return Promise.all(
    files.map(async ({ name, descriptor }) => {
      const path = join(targetDir, name);
      const options = { ...(await resolveConfig(path)), filepath: path };
      return { name, text: await format(JSON.stringify(descriptor), options) };
    }),
  );
}

/** The descriptor files that differ from what the generator writes (missing ones included). */
export async function staleDescriptors(): Promise<string[]> {
  return (await descriptorFiles())
    .map(({ name, text }) => ({ path: join(targetDir, name), text }))
    .filter(({ path, text }) => !existsSync(path) || readFileSync(path, 'utf8') !== text)
    .map(({ path }) => path);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const stale = await staleDescriptors();
    if (stale.length > 0) {
      console.error(
        `Clear-signing descriptors are stale:\n  ${stale.join('\n  ')}\nRun: npx tsx shared/scripts/generate-clear-signing.ts`,
      );
      process.exit(1);
    }
    console.log('Clear-signing descriptors are up to date.');
  } else {
    const files = await descriptorFiles();
    for (const { name, text } of files) writeFileSync(join(targetDir, name), text);
    console.log(`Wrote ${files.length} clear-signing descriptors to ${targetDir}`);
  }
}
