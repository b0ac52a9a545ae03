import { size, slice } from 'viem';
import { describe, expect, test } from 'vitest';

import { multicall3CreationCode } from '../fixtures/multicall3.fixture.js';
import { multicall3RuntimeCode } from './multicall3.js';

describe('Multicall3 runtime code', () => {
  test("is what viem's creation code copies out (CODECOPY of 0x15b9 bytes from offset 0x20, then RETURN)", async () => {
    const creation = await multicall3CreationCode();
    // PUSH2 0x15b9 DUP1 PUSH2 0x0020 PUSH1 0 CODECOPY PUSH1 0 RETURN INVALID
    expect(slice(creation, 18, 32)).toBe('0x6115b98061002060003960' + '00f3fe');
    expect(size(multicall3RuntimeCode)).toBe(0x15b9);
    expect(slice(creation, 32)).toBe(multicall3RuntimeCode);
  });
});
