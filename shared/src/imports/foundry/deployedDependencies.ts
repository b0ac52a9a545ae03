import { type Address, type PublicClient, isAddressEqual } from 'viem';

import { DependencyNotDeployedError } from './errors.js';
import type { BroadcastOtherTransaction, BroadcastSafeCall } from './safeCalls.js';

export type AssertDependenciesDeployedParameters = {
  client: PublicClient;
  chainId: number;
  safeCalls: readonly BroadcastSafeCall[];
  others: readonly BroadcastOtherTransaction[];
};

/**
 * Refuses Safe calls that name a contract another sender deploys in the same broadcast (as their target or inside
 * their calldata) while that contract has no code on chain: in a dry run nothing was deployed, and the address would
 * hold whatever its deployer deploys there later. Contracts no Safe call names are only listed.
 *
 * @throws {DependencyNotDeployedError} naming the contract, the Safe calls and the deploying transaction.
 * @example
 * await assertDependenciesDeployed({ client, chainId: 31337, safeCalls, others });
 */
export async function assertDependenciesDeployed(parameters: AssertDependenciesDeployedParameters): Promise<void> {
  const { client, safeCalls } = parameters;
  for (const other of parameters.others) {
    const address = other.contractAddress;
    if (other.kind === 'CALL' || !address) continue;
    const calls = safeCalls.filter((call) => names(call, address)).map((call) => call.call);
    if (calls.length === 0) continue;
    const code = await client.getCode({ address });
    if (code && code !== '0x') continue;
    throw new DependencyNotDeployedError({
      address,
      ...(other.contractName ? { contractName: other.contractName } : {}),
      chainId: parameters.chainId,
      calls,
      deployedBy: { number: other.number, from: other.from },
    });
  }
}

function names(call: BroadcastSafeCall, address: Address): boolean {
  return isAddressEqual(call.to, address) || call.data.toLowerCase().includes(address.slice(2).toLowerCase());
}
