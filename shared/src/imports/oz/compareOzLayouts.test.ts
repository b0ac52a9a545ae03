import type { StorageLayout } from '@openzeppelin/upgrades-core';
import { getAddress } from 'viem';
import { describe, expect, test } from 'vitest';

import { compareOzLayouts } from './compareOzLayouts.js';
import { IncompatibleStorageLayoutError } from './errors.js';

const proxy = getAddress('0xe7f1725e7734ce288f8367e1bb143e90bb3f0512');
const implementation = getAddress('0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0');

/** A layout as hardhat-upgrades writes it in the network file: one variable per entry, in slot order. */
const layout = (contract: string, variables: [label: string, type: string][]): StorageLayout => ({
  storage: variables.map(([label, type], index) => ({
    label,
    offset: 0,
    slot: String(index),
    type,
    contract,
    src: `contracts/Box.sol:${index + 10}`,
  })),
  types: {
    t_address: { label: 'address', numberOfBytes: '20' },
    t_uint256: { label: 'uint256', numberOfBytes: '32' },
    t_uint128: { label: 'uint128', numberOfBytes: '16' },
  },
  namespaces: {},
});
const v1 = layout('BoxV1', [
  ['owner', 't_address'],
  ['value', 't_uint256'],
]);

describe('compareOzLayouts', () => {
  test('default: a variable appended is compatible', () => {
    const v2 = layout('BoxV2', [
      ['owner', 't_address'],
      ['value', 't_uint256'],
      ['fee', 't_uint256'],
    ]);
    expect(compareOzLayouts({ current: v1, next: v2, proxy, implementation })).toEqual({
      proxy,
      implementation,
      ok: true,
      errors: [],
    });
  });

  test('a variable inserted before another: upgrades-core names it, one line per problem', () => {
    const bad = layout('BoxV2Bad', [
      ['owner', 't_address'],
      ['fee', 't_uint256'],
      ['value', 't_uint256'],
    ]);
    expect(compareOzLayouts({ current: v1, next: bad, proxy, implementation })).toEqual({
      proxy,
      implementation,
      ok: false,
      errors: [
        'contracts/Box.sol:11: Inserted `fee` > New variables should be placed after all existing inherited variables',
      ],
    });
  });

  test('a variable retyped', () => {
    const retyped = layout('BoxV2', [
      ['owner', 't_address'],
      ['value', 't_uint128'],
    ]);
    expect(compareOzLayouts({ current: v1, next: retyped, proxy, implementation }).errors).toEqual([
      'contracts/Box.sol:11: Upgraded `value` to an incompatible type - Bad upgrade from uint256 to uint128',
    ]);
  });

  test('ERC-7201 namespaces are compared too (OpenZeppelin Contracts 5 upgradeable storage)', () => {
    const item = (label: string, type: string, slot: string) => ({
      label,
      type,
      slot,
      offset: 0,
      contract: 'Vault',
      src: 'contracts/Vault.sol:12',
    });
    const namespaced = (items: ReturnType<typeof item>[]): StorageLayout => ({
      storage: [],
      types: v1.types,
      namespaces: { 'erc7201:example.main': items },
    });
    const current = namespaced([item('owner', 't_address', '0'), item('total', 't_uint256', '1')]);
    const appended = namespaced([
      item('owner', 't_address', '0'),
      item('total', 't_uint256', '1'),
      item('cap', 't_uint256', '2'),
    ]);
    const swapped = namespaced([item('total', 't_uint256', '0'), item('owner', 't_address', '1')]);
    expect(compareOzLayouts({ current, next: appended, proxy, implementation }).ok).toBe(true);
    expect(compareOzLayouts({ current, next: swapped, proxy, implementation }).errors).toEqual([
      'Vault: Deleted `owner` > Keep the variable even if unused',
      'contracts/Vault.sol:12: Inserted `owner` > New variables should be placed after all existing inherited variables',
    ]);
  });
});

describe('IncompatibleStorageLayoutError', () => {
  const current = getAddress('0x5fbdb2315678afecb367f032d93f642f64180aa3');
  const other = getAddress('0x5fc8d32690cc91d4c39d9d3abcbd16989f875707');
  const fix =
    'Fix the new implementation (append variables, keep the order and types of the existing ones), then run ' +
    'upgrades.prepareUpgrade again and import its address. No package was written.';

  test('one layout: its lines, then the fix', () => {
    const error = new IncompatibleStorageLayoutError([
      { proxy, current, next: implementation, errors: ['contracts/Box.sol:11: Inserted `fee`'] },
    ]);
    expect(error.shortMessage).toBe(
      `The storage layout of ${implementation} is incompatible with ${current}, which proxy ${proxy} runs now.`,
    );
    expect(error.metaMessages).toEqual(['contracts/Box.sol:11: Inserted `fee`', fix]);
  });

  test('several: each proxy with its lines', () => {
    const error = new IncompatibleStorageLayoutError([
      { proxy, current, next: implementation, errors: ['a', 'b'] },
      { proxy: other, current, next: implementation, errors: ['c'] },
    ]);
    expect(error.shortMessage).toBe(
      'The storage layouts of 2 new implementations are incompatible with what their proxies run now.',
    );
    expect(error.metaMessages).toEqual([
      `Proxy ${proxy}, ${current} → ${implementation}:`,
      '  a',
      '  b',
      `Proxy ${other}, ${current} → ${implementation}:`,
      '  c',
      fix,
    ]);
  });
});
