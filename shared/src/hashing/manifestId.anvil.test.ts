import { readFileSync } from 'node:fs';

import { type Abi, type Address, getAddress, type Hex, keccak256, toBytes } from 'viem';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { manifestFromJson, type VectorFile, vectorFilePath } from '../../../test/vectors/format.js';
import { deskAccounts } from '../../devkit/devnet/accounts.js';
import { type AnvilInstance, startAnvil } from '../fork/anvil.js';
import { type DeskClients, deskClients } from '../../devkit/devnet/localDesk.js';
import { manifestGuardAbi, manifestGuardBytecode } from '../generated/manifestGuard.js';
import { approvalDigest, domainSeparator, manifestId, stepKey } from './index.js';

/**
 * The guard is deployed from the generated module (`shared/src/generated`), which `npm test` checks byte for byte
 * against the forge build (`generate-artifacts.ts --check`): so this file needs no build of its own and runs while
 * forge builds.
 */
function readArtifact(): { abi: Abi; bytecode: Hex } {
  return { abi: manifestGuardAbi, bytecode: manifestGuardBytecode };
}
const port = 8547;
/** The vectors whose manifests are also hashed by a live guard. */
const onChainVectors = ['release-multi-phase', 'unicode-ticket', 'max-values', 'multisend-batch'];

const file: VectorFile = JSON.parse(readFileSync(vectorFilePath, 'utf8'));
const accounts = deskAccounts();
let anvil: AnvilInstance | undefined;
let clients: DeskClients;
let abi: Abi;
let guard: Address;

beforeAll(async () => {
  const artifact = readArtifact();
  abi = artifact.abi;
  anvil = await startAnvil({ port, chainId: 31337 });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  const hash = await clients.walletClient.deployContract({
    abi,
    bytecode: artifact.bytecode,
    account: accounts.deployer,
    chain: clients.chain,
    // The hashes read here need no configuration: the guard is deployed, not initialized.
    args: [getAddress('0x5afe00000000000000000000000000000000005a'), keccak256(toBytes('no configuration'))],
  });
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
  guard = getAddress(receipt.contractAddress!);
}, 60_000);

afterAll(async () => {
  await anvil?.stop();
});

const read = (functionName: string, args: readonly unknown[] = []) =>
  clients.publicClient.readContract({ address: guard, abi, functionName, args });

describe('a ManifestGuard on Anvil agrees with the TypeScript hashing', () => {
  test('DOMAIN_SEPARATOR', async () => {
    expect(await read('DOMAIN_SEPARATOR')).toBe(domainSeparator({ chainId: 31337, guard }));
  });

  describe.each(file.vectors.filter((vector) => onChainVectors.includes(vector.name)))('$name', (vector) => {
    const manifest = manifestFromJson(vector.manifest);

    test('manifestId and approvalDigest', async () => {
      const id = manifestId({ manifest, chainId: 31337, guard });
      expect(await read('manifestId', [manifest])).toBe(id);
      expect(await read('approvalDigest', [id])).toBe(approvalDigest({ manifestId: id, chainId: 31337, guard }));
    });

    test('stepKey', async () => {
      for (const step of manifest.phases.flatMap((phase) => phase.steps)) {
        expect(await read('stepKey', [step.to, step.value, step.data, step.operation])).toBe(stepKey(step));
      }
    });
  });

  test('every on-chain vector exists', () => {
    expect(file.vectors.map((vector) => vector.name)).toEqual(expect.arrayContaining(onChainVectors));
  });
});
