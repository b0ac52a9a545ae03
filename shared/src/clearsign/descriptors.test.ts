import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { Ajv, type ValidateFunction } from 'ajv';
import { type AbiFunction, type AbiParameter, getAddress, isAddress } from 'viem';
import { describe, expect, test } from 'vitest';

import { guardFunctionsLeftOut } from '../../scripts/clearSigningWords.js';
import { staleDescriptors } from '../../scripts/generate-clear-signing.js';
import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { ManifestKind } from '../guard/manifest.js';
import { manifestTypes, manifestTypeString } from '../hashing/manifestTypes.js';
import { manifestGuardApprovalDescriptor, manifestGuardCalldataDescriptor } from './descriptors.js';
import { type FieldParameter, fieldParameter } from './paths.js';
import { typedDataParameter } from './renderTypedData.js';
import schema from './schema/erc7730-v1.rules.schema.json' with { type: 'json' };
import { formatKey } from './signature.js';
import type { ClearSigningDescriptor, DisplayFormat } from './types.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));

function validator(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  // EIP-55: the mixed-case checksummed form, exactly (an all-lower-case address is refused too).
  ajv.addFormat('eip55', {
    type: 'string',
    validate: (value: string) => isAddress(value) && getAddress(value) === value,
  });
  ajv.addFormat('eip155', { type: 'number', validate: (value: number) => Number.isSafeInteger(value) && value > 0 });
  return ajv.compile(schema);
}
const validate = validator();
const errorsOf = (descriptor: unknown) =>
  validate(descriptor) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);

const descriptors: [string, ClearSigningDescriptor][] = [
  ['manifestGuard.calldata.json', manifestGuardCalldataDescriptor],
  ['manifestGuard.approval.eip712.json', manifestGuardApprovalDescriptor],
];

describe('ERC-7730 v1 schema', () => {
  test.each(descriptors)('%s is valid', (_, descriptor) => {
    expect(errorsOf(descriptor)).toEqual([]);
  });

  test('a field without a label, an unknown format and a date without encoding are refused', () => {
    const broken = structuredClone(manifestGuardCalldataDescriptor) as ClearSigningDescriptor;
    const halt = broken.display.formats['halt(bytes32 id)']!;
    halt.fields = [
      { path: 'id', format: 'raw' } as never,
      { path: 'id', label: 'Manifest id', format: 'hex' as never },
      { path: 'id', label: 'When', format: 'date', params: {} },
    ];
    expect(errorsOf(broken)).toEqual(
      expect.arrayContaining([
        "/display/formats/halt(bytes32 id)/fields/0 must have required property 'label'",
        '/display/formats/halt(bytes32 id)/fields/1/format must be equal to one of the allowed values',
        "/display/formats/halt(bytes32 id)/fields/2/params must have required property 'encoding'",
      ]),
    );
  });

  test('a deployment address without its EIP-55 checksum is refused', () => {
    const broken = structuredClone(manifestGuardApprovalDescriptor) as ClearSigningDescriptor;
    if (!('eip712' in broken.context)) throw new Error('the approval descriptor binds EIP-712');
    broken.context.eip712.deployments = [
      { chainId: 1, address: '0xabcdefabcdefabcdefabcdefabcdefabcdefabcd' as never },
    ];
    expect(errorsOf(broken)).toEqual(['/context/eip712/deployments/0/address must match format "eip55"']);
  });
});

/** Every leaf path of a parameter (`manifest.phases.[].steps.[].to`), arrays of primitives as `name.[]`. */
function leafPaths(parameter: FieldParameter, prefix: string): string[] {
  const arrays = /(\[\d*\])+$/.exec(parameter.type)?.[0] ?? '';
  const path = prefix + '.[]'.repeat((arrays.match(/\[/g) ?? []).length);
  if (!parameter.type.startsWith('tuple')) return [path];
  return (parameter.components ?? []).flatMap((component) => leafPaths(component, `${path}.${component.name}`));
}

/** Which ABI types each format may be applied to. */
const formatTypes: Record<string, RegExp> = {
  addressName: /^address$/,
  date: /^uint\d+$/,
  duration: /^uint\d+$/,
  amount: /^uint\d+$/,
  enum: /^uint\d+$/,
  calldata: /^bytes$/,
  raw: /^(uint\d+|int\d+|bytes\d*|string|bool|address)$/,
};

/** Problems of one format over its structure: paths naming nothing, wrong types, parameters neither shown nor excluded. */
function formatProblems(format: DisplayFormat, root: FieldParameter): string[] {
  const problems: string[] = [];
  const fieldPaths = format.fields.map((field) => field.path);
  for (const field of format.fields) {
    const parameter = fieldParameter(root, field.path);
    if (!parameter) problems.push(`${field.path}: names no parameter`);
    else if (!formatTypes[field.format]!.test(parameter.type)) {
      problems.push(`${field.path}: ${field.format} on a ${parameter.type}`);
    }
    if (field.params?.calleePath && fieldParameter(root, field.params.calleePath)?.type !== 'address') {
      problems.push(`${field.path}: calleePath ${field.params.calleePath} is not an address`);
    }
  }
  for (const path of [...(format.required ?? []), ...(format.excluded ?? [])]) {
    if (!fieldParameter(root, path)) problems.push(`${path}: names no parameter`);
  }
  for (const path of format.required ?? []) {
    if (!fieldPaths.includes(path)) problems.push(`${path}: required but not displayed`);
  }
  const excluded = format.excluded ?? [];
  for (const leaf of (root.components ?? []).flatMap((component) => leafPaths(component, component.name!))) {
    const covered = fieldPaths.includes(leaf) || excluded.some((path) => leaf === path || leaf.startsWith(`${path}.`));
    if (!covered) problems.push(`${leaf}: neither displayed nor excluded`);
  }
  return problems;
}

const stateChanging = manifestGuardAbi.filter(
  (item): item is Extract<(typeof manifestGuardAbi)[number], { type: 'function' }> =>
    item.type === 'function' && item.stateMutability !== 'view' && item.stateMutability !== 'pure',
);

describe('the calldata descriptor and the ABI', () => {
  const { abi } = manifestGuardCalldataDescriptor.context.contract;
  const formats = manifestGuardCalldataDescriptor.display.formats;

  test('every state-changing function has a format, or is left out with a reason', () => {
    const described = Object.keys(formats).map((key) => key.slice(0, key.indexOf('(')));
    expect(
      stateChanging.map((item) => item.name).filter((name) => !Object.hasOwn(guardFunctionsLeftOut, name)),
    ).toEqual(described);
    expect(Object.keys(guardFunctionsLeftOut).sort()).toEqual(['checkAfterModuleExecution', 'checkModuleTransaction']);
    expect(described.filter((name) => Object.hasOwn(guardFunctionsLeftOut, name))).toEqual([]);
    expect(described).toEqual([
      'approve',
      'approveBySig',
      'attestContinue',
      'cancel',
      'configure',
      'freeze',
      'halt',
      'initialize',
      'liftFreeze',
      'reclassify',
      'register',
      'reinstate',
    ]);
  });

  test("each format's key is the signature of the guard's ABI entry (the selector a wallet computes)", () => {
    for (const item of abi as AbiFunction[]) {
      const guardItem = stateChanging.find((candidate) => candidate.name === item.name)!;
      expect(formatKey(item)).toBe(formatKey(guardItem as unknown as AbiFunction));
      expect(Object.hasOwn(formats, formatKey(item))).toBe(true);
    }
    expect(Object.keys(formats)).toHaveLength(abi.length);
  });

  test.each(Object.keys(manifestGuardCalldataDescriptor.display.formats))(
    '%s: every path names an ABI parameter of the right type, every parameter is shown or excluded',
    (key) => {
      const item = (abi as AbiFunction[]).find((candidate) => formatKey(candidate) === key)!;
      const root: FieldParameter = { name: '', type: 'tuple', components: item.inputs as readonly AbiParameter[] };
      expect(formatProblems(formats[key]!, root)).toEqual([]);
    },
  );

  test('a path to nothing, a format on the wrong type and a parameter left unshown are found', () => {
    const root: FieldParameter = {
      name: '',
      type: 'tuple',
      components: [
        { name: 'id', type: 'bytes32' },
        { name: 'until', type: 'uint64' },
      ],
    };
    const format: DisplayFormat = {
      intent: 'x',
      fields: [
        { path: 'manifestId', label: 'Manifest id', format: 'raw' },
        { path: 'id', label: 'Manifest id', format: 'date', params: { encoding: 'timestamp' } },
      ],
    };
    expect(formatProblems(format, root)).toEqual([
      'manifestId: names no parameter',
      'id: date on a bytes32',
      'until: neither displayed nor excluded',
    ]);
  });

  test("the enums name the guard's values", () => {
    expect(manifestGuardCalldataDescriptor.metadata.enums).toEqual({
      manifestKind: Object.fromEntries(Object.entries(ManifestKind).map(([name, value]) => [String(value), name])),
      operation: { '0': 'Call', '1': 'Delegatecall' },
    });
  });
});

describe('the EIP-712 approval descriptor and the hashing types', () => {
  test("its format is keyed by the approval's encodeType and its schema is the library's", () => {
    const { formats } = manifestGuardApprovalDescriptor.display;
    expect(Object.keys(formats)).toEqual([manifestTypeString('Approval')]);
    expect(Object.keys(formats)).toEqual(['Approval(bytes32 manifestId)']);
    expect(manifestGuardApprovalDescriptor.context.eip712.schemas[0]!.types.Approval).toEqual(manifestTypes.Approval);
    expect(manifestGuardApprovalDescriptor.context.eip712.domain).toEqual({ name: 'ManifestGuard', version: '1' });
    const root = typedDataParameter(manifestTypes, 'Approval');
    expect(formatProblems(formats['Approval(bytes32 manifestId)']!, root)).toEqual([]);
  });
});

describe('generate-clear-signing.ts --check', () => {
  test('the committed descriptors are what the generator writes from the ABI', async () => {
    expect(await staleDescriptors()).toEqual([]);
  });

  test('the script itself: --check exits 0 and says so', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'shared/scripts/generate-clear-signing.ts', '--check'],
      {
        cwd: root,
      },
    );
    expect(stdout).toBe('Clear-signing descriptors are up to date.\n');
  });

  test('the descriptors carry no deployment: each guard is bound at use', () => {
    expect(manifestGuardCalldataDescriptor.context.contract.deployments).toEqual([]);
    expect(manifestGuardApprovalDescriptor.context.eip712.deployments).toEqual([]);
    expect(manifestGuardApprovalDescriptor.context.eip712.domain.verifyingContract).toBeUndefined();
  });
});
