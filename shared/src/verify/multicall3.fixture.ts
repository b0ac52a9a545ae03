import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Address, Hex, TestClient } from 'viem';

import { canonicalMulticall3 } from './batchReads.js';

/**
 * Multicall3's creation code as viem ships it (viem uses it for deployless multicalls but does not export it).
 * Tests only: a missing file fails loudly here rather than in a verifier test.
 */
async function multicall3CreationCode(): Promise<Hex> {
  const require = createRequire(import.meta.url);
  const file = join(dirname(require.resolve('viem/package.json')), '_esm/constants/contracts.js');
  const constants = (await import(pathToFileURL(file).href)) as { multicall3Bytecode?: Hex };
  if (!constants.multicall3Bytecode) throw new Error(`viem no longer ships multicall3Bytecode in ${file}`);
  return constants.multicall3Bytecode;
}

/**
 * Puts Multicall3's runtime code at its canonical address on a local Anvil (which has none): the runtime code is what
 * the creation code returns when run by an `eth_call` without a target.
 *
 * @example
 * await installMulticall3(clients.testClient);
 */
export async function installMulticall3(testClient: TestClient, address: Address = canonicalMulticall3): Promise<void> {
  const client = testClient as unknown as {
    call: (args: { data: Hex }) => Promise<{ data?: Hex }>;
    getCode: (args: { address: Address }) => Promise<Hex | undefined>;
  };
  const existing = await client.getCode({ address });
  if (existing && existing !== '0x') return;
  const { data: runtime } = await client.call({ data: await multicall3CreationCode() });
  if (!runtime || runtime === '0x') throw new Error('Multicall3 creation code returned no runtime code');
  await testClient.setCode({ address, bytecode: runtime });
}
