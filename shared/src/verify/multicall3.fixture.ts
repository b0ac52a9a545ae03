import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Hex } from 'viem';

export { installMulticall3 } from '../devnet/multicall3.js';

/**
 * Multicall3's creation code as viem ships it (viem uses it for deployless multicalls but does not export it).
 * Tests only: a missing file fails loudly here rather than in a verifier test.
 */
export async function multicall3CreationCode(): Promise<Hex> {
  const require = createRequire(import.meta.url);
  const file = join(dirname(require.resolve('viem/package.json')), '_esm/constants/contracts.js');
  const constants = (await import(pathToFileURL(file).href)) as { multicall3Bytecode?: Hex };
  if (!constants.multicall3Bytecode) throw new Error(`viem no longer ships multicall3Bytecode in ${file}`);
  return constants.multicall3Bytecode;
}
