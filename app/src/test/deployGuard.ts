import { type Address, getAddress } from 'viem';

import { deskGuardConfig } from '../../../shared/devkit/fixtures/installFixtures.js';
import { manifestGuardAbi, manifestGuardBytecode } from '../../../shared/src/generated/manifestGuard.js';
import { guardConfigHash } from '../../../shared/src/index.js';
import type { TestDesk } from './desk.js';

/** A Manifest Guard for `safe` with the desk's roles, deployed and initialized by the deployer (not installed). */
export async function deployGuardFor(t: TestDesk, safe: Address): Promise<Address> {
  const { publicClient, walletClient, chain } = t.clients;
  const account = t.desk.accounts.deployer;
  const config = deskGuardConfig(t.desk, '1.5.0');
  const deployment = await publicClient.waitForTransactionReceipt({
    hash: await walletClient.deployContract({
      abi: manifestGuardAbi,
      bytecode: manifestGuardBytecode,
      args: [safe, guardConfigHash(config)],
      account,
      chain,
    }),
  });
  const guard = getAddress(deployment.contractAddress!);
  await publicClient.waitForTransactionReceipt({
    hash: await walletClient.writeContract({
      address: guard,
      abi: manifestGuardAbi,
      functionName: 'initialize',
      args: [config],
      account,
      chain,
    }),
  });
  return guard;
}
