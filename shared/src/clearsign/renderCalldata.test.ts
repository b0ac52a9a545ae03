import fc from 'fast-check';
import { type AbiFunction, type AbiParameter, type Hex, encodeFunctionData, getAddress, toHex } from 'viem';
import { describe, expect, test } from 'vitest';

import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { manifestDomain, manifestTypes } from '../hashing/manifestTypes.js';
import { bindDescriptor, manifestGuardApprovalDescriptor, manifestGuardCalldataDescriptor } from './descriptors.js';
import { ClearSigningDescriptorError } from './errors.js';
import { renderCalldata } from './renderCalldata.js';
import { renderTypedData } from './renderTypedData.js';
import { formatKey } from './signature.js';
import type { CalldataDescriptor } from './types.js';

/** Runs per property: 200 by default, `FAST_CHECK_RUNS` when set. */
const runs = Number(process.env.FAST_CHECK_RUNS ?? 200);

const descriptor = manifestGuardCalldataDescriptor;
const guard = '0x2222222222222222222222222222222222222222';
const pool = '0x3333333333333333333333333333333333333333';
const id = `0x${'ab'.repeat(31)}cd` as Hex;

/** Arguments of any value for an ABI parameter (arrays of 0 to 3 elements). */
function arbitrary(parameter: AbiParameter): fc.Arbitrary<unknown> {
  const array = /^(.*)\[(\d*)\]$/.exec(parameter.type);
  if (array) return fc.array(arbitrary({ ...parameter, type: array[1]! } as AbiParameter), { maxLength: 3 });
  if (parameter.type === 'tuple') {
    const components = (parameter as { components: readonly AbiParameter[] }).components;
    return fc.record(Object.fromEntries(components.map((component) => [component.name!, arbitrary(component)])));
  }
  if (parameter.type === 'address') return fc.uint8Array({ minLength: 20, maxLength: 20 }).map((bytes) => toHex(bytes));
  if (parameter.type === 'string') return fc.string({ maxLength: 40 });
  if (parameter.type === 'bytes') return fc.uint8Array({ maxLength: 80 }).map((bytes) => toHex(bytes));
  const fixed = /^bytes(\d+)$/.exec(parameter.type);
  if (fixed) {
    const length = Number(fixed[1]);
    return fc.uint8Array({ minLength: length, maxLength: length }).map((bytes) => toHex(bytes));
  }
  const bits = Number(/^uint(\d+)$/.exec(parameter.type)![1]);
  return fc.bigInt({ min: 0n, max: 2n ** BigInt(bits) - 1n });
}

/** The arguments' values a path names, walked here by hand over the arguments as given (not decoded). */
function valuesAt(args: Record<string, unknown>, path: string): unknown[] {
  let values: unknown[] = [args];
  for (const part of path.split('.')) {
    values =
      part === '[]' ? values.flatMap((value) => value as unknown[]) : values.map((value) => (value as never)[part]);
  }
  return values;
}

/** How the device's `full` text writes an argument of this format. */
function fullText(value: unknown, format: string): string {
  if (format === 'addressName') return getAddress(value as string);
  if (typeof value === 'bigint') return value.toString();
  return value as string;
}

const functions = descriptor.context.contract.abi as AbiFunction[];

describe('property: encode → render → every field shows the argument', () => {
  test.each(functions.map((item) => [item.name, item] as const))('%s', (_, item) => {
    const format = descriptor.display.formats[formatKey(item)]!;
    const argsArbitrary = fc.tuple(...item.inputs.map((input) => arbitrary(input)));
    fc.assert(
      fc.property(argsArbitrary, (values) => {
        const data = encodeFunctionData({ abi: [item], functionName: item.name, args: values });
        const view = renderCalldata({ descriptor, data });
        expect(view.kind).toBe('clear');
        if (view.kind !== 'clear') return;
        expect(view.intent).toBe(format.intent);
        const args = Object.fromEntries(item.inputs.map((input, index) => [input.name!, values[index]]));
        const expected = format.fields.flatMap((field) =>
          valuesAt(args, field.path).map((value) => ({ path: field.path, full: fullText(value, field.format) })),
        );
        expect(view.lines.map(({ path, full }) => ({ path, full }))).toEqual(expected);
      }),
      { numRuns: item.inputs.some((input) => input.type.startsWith('tuple')) ? Math.ceil(runs / 4) : runs },
    );
  });
});

const encode = (functionName: string, args: readonly unknown[]) =>
  encodeFunctionData({ abi: manifestGuardAbi, functionName, args } as never);

describe('renderCalldata', () => {
  test('halt: the intent and the manifest id, shortened as devices show it, whole in full', () => {
    expect(renderCalldata({ descriptor, data: encode('halt', [id]) })).toEqual({
      kind: 'clear',
      owner: 'Manifest Guard',
      intent: 'Halt release manifest',
      formatKey: 'halt(bytes32 id)',
      lines: [
        {
          label: 'Manifest id',
          value: '0xabababab…ababab' + 'cd',
          full: id,
          path: 'id',
          indices: [],
          format: 'raw',
        },
      ],
    });
  });

  test('freeze: a duration as HH:MM:SS', () => {
    const view = renderCalldata({ descriptor, data: encode('freeze', [93_784n]) });
    expect(view.kind === 'clear' && view.lines.map(({ label, value }) => [label, value])).toEqual([
      ['Freeze for', '26:03:04'],
    ]);
  });

  test('register: enums by name, dates in UTC, named addresses, positions in labels, the call summarised', () => {
    const manifest = {
      kind: 1,
      ticket: 'RB-42 pool back to v1',
      notBefore: 1_796_287_551n,
      expiry: 1_796_387_551n,
      rollback: `0x${'00'.repeat(32)}`,
      evidence: id,
      phases: [
        { steps: [], checks: [], conditions: [], minSoak: 0n },
        {
          steps: [{ to: pool, value: 10n ** 18n / 2n, operation: 1, data: '0x12345678aa' }],
          checks: [],
          conditions: [],
          minSoak: 3_600n,
        },
      ],
    };
    const view = renderCalldata({ descriptor, data: encode('register', [manifest]), names: { [pool]: 'Pool proxy' } });
    expect(view.kind === 'clear' && view.lines.map(({ label, value }) => `${label}: ${value}`)).toEqual([
      'Manifest kind: Rollback',
      'Change ticket: RB-42 pool back to v1',
      'Not executable before: 2026-12-03 08:45:51 UTC',
      'Expires: 2026-12-04 12:32:31 UTC',
      'Rollback manifest id: 0x00000000…00000000',
      'Evidence hash: 0xabababab…abababcd',
      'Step target 2.1: Pool proxy',
      'Step value 2.1: 0.5 ETH',
      'Step operation 2.1: Delegatecall',
      'Step call 2.1: 0x12345678, 5 bytes, keccak256 0xba317000…3c7cd89c',
      'Soak after phase 1: 00:00:00',
      'Soak after phase 2: 01:00:00',
    ]);
  });

  test('an unknown address is shown checksummed; an unknown enum value says so', () => {
    const bySig = renderCalldata({ descriptor, data: encode('approveBySig', [id, pool, '0x']) });
    expect(bySig.kind === 'clear' && bySig.lines[1]).toMatchObject({ label: 'Approver', value: getAddress(pool) });
    const manifest = {
      kind: 7,
      ticket: '',
      notBefore: 0n,
      expiry: 0n,
      rollback: id,
      evidence: id,
      phases: [],
    };
    const view = renderCalldata({ descriptor, data: encode('register', [manifest]) });
    expect(view.kind === 'clear' && view.lines[0]!.value).toBe('unknown (7)');
  });

  describe('blind signing', () => {
    test('a selector the descriptor does not have', () => {
      expect(renderCalldata({ descriptor, data: '0xdeadbeef00' })).toEqual({
        kind: 'blind',
        reason:
          'no descriptor: the device shows blind-signing data ("Manifest Guard" has no function with selector 0xdeadbeef)',
        selector: '0xdeadbeef',
      });
    });

    test('a hook left out on purpose', () => {
      const data = encode('checkAfterModuleExecution', [id, true]);
      expect(renderCalldata({ descriptor, data }).kind).toBe('blind');
    });

    test('data too short for a selector, and arguments that do not decode', () => {
      expect(renderCalldata({ descriptor, data: '0x1234' })).toEqual({
        kind: 'blind',
        reason: 'no descriptor: the device shows blind-signing data (the data has no function selector: 2 bytes)',
      });
      const truncated = encode('halt', [id]).slice(0, 20) as Hex;
      expect(renderCalldata({ descriptor, data: truncated })).toMatchObject({
        kind: 'blind',
        reason:
          'no descriptor: the device shows blind-signing data (the data does not decode as halt: malformed arguments)',
      });
    });

    test('a descriptor bound to one guard: that guard clear-signs, another contract blind-signs', () => {
      const bound = bindDescriptor({ descriptor, chainId: 1, address: guard });
      const data = encode('halt', [id]);
      expect(renderCalldata({ descriptor: bound, data, to: guard, chainId: 1 }).kind).toBe('clear');
      expect(renderCalldata({ descriptor: bound, data, to: pool, chainId: 1 })).toMatchObject({
        kind: 'blind',
        reason: `no descriptor: the device shows blind-signing data ("Manifest Guard" describes other contracts than ${pool} on chain 1)`,
      });
      expect(renderCalldata({ descriptor: bound, data, to: guard, chainId: 5 }).kind).toBe('blind');
    });
  });

  describe('errors', () => {
    test('a path that names no parameter', () => {
      const broken = structuredClone(descriptor) as CalldataDescriptor;
      broken.display.formats['halt(bytes32 id)']!.fields[0]!.path = 'manifestId';
      expect(() => renderCalldata({ descriptor: broken, data: encode('halt', [id]) })).toThrowError(
        new ClearSigningDescriptorError('halt(bytes32 id)', 'the field path "manifestId" names no parameter'),
      );
    });
  });
});

describe('renderTypedData', () => {
  const domain = manifestDomain({ chainId: 1, guard });

  test('property: any manifest id is the one line, in full', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const manifestId = toHex(bytes);
        const view = renderTypedData({
          descriptor: manifestGuardApprovalDescriptor,
          domain,
          types: manifestTypes,
          primaryType: 'Approval',
          message: { manifestId },
        });
        expect(view.kind === 'clear' && view.lines.map(({ label, full }) => [label, full])).toEqual([
          ['Manifest id', manifestId],
        ]);
        expect(view.kind === 'clear' && view.lines[0]!.value).toBe(
          `${manifestId.slice(0, 10)}…${manifestId.slice(-8)}`,
        );
      }),
      { numRuns: runs },
    );
  });

  test('the approval an approver signs offline', () => {
    const view = renderTypedData({
      descriptor: manifestGuardApprovalDescriptor,
      domain,
      types: manifestTypes,
      primaryType: 'Approval',
      message: { manifestId: id },
    });
    expect(view).toEqual({
      kind: 'clear',
      owner: 'Manifest Guard',
      intent: 'Approve release manifest',
      formatKey: 'Approval(bytes32 manifestId)',
      lines: [
        {
          label: 'Manifest id',
          value: '0xabababab…abababcd',
          full: id,
          path: 'manifestId',
          indices: [],
          format: 'raw',
        },
      ],
    });
  });

  test('another domain name or another guard than the bound one: blind', () => {
    const types = manifestTypes;
    const message = { manifestId: id };
    const primaryType = 'Approval';
    expect(
      renderTypedData({
        descriptor: manifestGuardApprovalDescriptor,
        domain: { ...domain, name: 'Other' },
        types,
        primaryType,
        message,
      }),
    ).toEqual({
      kind: 'blind',
      reason:
        "no descriptor: the device shows blind-signing data (the message's domain name is Other, the descriptor's ManifestGuard)",
    });
    const bound = bindDescriptor({ descriptor: manifestGuardApprovalDescriptor, chainId: 1, address: pool });
    expect(renderTypedData({ descriptor: bound, domain, types, primaryType, message }).kind).toBe('blind');
    expect(
      renderTypedData({
        descriptor: bindDescriptor({ descriptor: manifestGuardApprovalDescriptor, chainId: 1, address: guard }),
        domain,
        types,
        primaryType,
        message,
      }).kind,
    ).toBe('clear');
  });

  test('a primary type the descriptor has no format for (the manifest itself): blind', () => {
    expect(
      renderTypedData({
        descriptor: manifestGuardApprovalDescriptor,
        domain,
        types: manifestTypes,
        primaryType: 'Step',
        message: { to: pool, value: 0n, operation: 0, data: '0x' },
      }),
    ).toEqual({
      kind: 'blind',
      reason:
        'no descriptor: the device shows blind-signing data ("Manifest Guard approval" has no format for Step(address to,uint256 value,uint8 operation,bytes data))',
    });
  });
});
