import type { StorageLayout } from '@openzeppelin/upgrades-core';
import { getAddress } from 'viem';
import { describe, expect, test } from 'vitest';

import { compareOzLayouts } from './compareOzLayouts.js';

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
});
