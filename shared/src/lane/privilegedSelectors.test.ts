import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect, test } from 'vitest';

import {
  defaultPrivilegedSelectors,
  defaultPrivilegedSignatures,
  isDefaultPrivilegedSelector,
} from './privilegedSelectors.js';

test('default', () => {
  expect(isDefaultPrivilegedSelector('0xf2fde38b')).toBe(true); // transferOwnership(address)
  expect(isDefaultPrivilegedSelector('0xE19A9DD9')).toBe(true); // setGuard(address)
  expect(isDefaultPrivilegedSelector('0x4f1ef286')).toBe(false); // upgradeToAndCall(address,bytes)
  expect(defaultPrivilegedSelectors.size).toBe(defaultPrivilegedSignatures.length);
});

test('the same signatures as PrivilegedSelectors.sol', () => {
  const source = readFileSync(join(process.cwd(), 'guard/src/libraries/PrivilegedSelectors.sol'), 'utf8');
  const signatures = [...source.matchAll(/keccak256\("([^"]+)"\)/g)].map((match) => match[1]);
  expect(signatures).toEqual([...defaultPrivilegedSignatures]);
});
