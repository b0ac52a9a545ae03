import { getAddress } from 'viem';
import { expect, test } from 'vitest';

import { type StorageLayout, storageLayoutReport } from './storageLayoutReport.js';

const implementation = getAddress('0x3333333333333333333333333333333333333333');
const types = {
  t_address: { label: 'address', numberOfBytes: '20' },
  t_uint256: { label: 'uint256', numberOfBytes: '32' },
  t_uint128: { label: 'uint128', numberOfBytes: '16' },
};
const v1: StorageLayout = {
  storage: [
    { label: 'owner', slot: '0', offset: 0, type: 't_address' },
    { label: 'feeBps', slot: '1', offset: 0, type: 't_uint256' },
  ],
  types,
};

test('default: appended variable is compatible', () => {
  const v2: StorageLayout = {
    storage: [...v1.storage, { label: 'feeCap', slot: '2', offset: 0, type: 't_uint256' }],
    types,
  };
  expect(storageLayoutReport({ current: v1, next: v2, implementation })).toEqual({
    implementation,
    ok: true,
    errors: [],
  });
});

test('inserted, retyped, renamed and removed variables', () => {
  const v2: StorageLayout = {
    storage: [
      { label: 'admin', slot: '0', offset: 0, type: 't_address' },
      { label: 'feeCap', slot: '1', offset: 0, type: 't_uint128' },
    ],
    types,
  };
  const report = storageLayoutReport({ current: v1, next: v2, implementation, proxy: implementation });
  expect(report.ok).toBe(false);
  expect(report.errors).toEqual([
    'slot 0 offset 0 was renamed from owner to admin.',
    'feeBps at slot 1 offset 0 changed type from uint256 to uint128.',
    'slot 1 offset 0 was renamed from feeBps to feeCap.',
  ]);
  const removed = storageLayoutReport({ current: v1, next: { storage: [v1.storage[0]!], types }, implementation });
  expect(removed.errors).toEqual([expect.stringContaining('feeBps (slot 1 offset 0) was removed')]);
});
