import { type Address, encodeFunctionData, getAddress, zeroAddress } from 'viem';

import type { DeskClients, LocalDesk } from '../devnet/localDesk.js';
import type { GuardConfig } from '../guard/manifest.js';
import { safeAbi, safeProxyFactoryAbi } from '../safe/safeArtifacts.js';

/**
 * Tests: a fresh 2-of-3 Safe of the desk's owners with no guard, on Safe `version` (the desk deploys 1.4.1 and
 * 1.5.0 at their canonical addresses).
 *
 * @example
 * const safe = await createUnguardedSafe(clients, desk, '1.5.0');
 */
export async function createUnguardedSafe(
  clients: DeskClients,
  desk: LocalDesk,
  version: '1.4.1' | '1.5.0',
): Promise<Address> {
  const contracts = desk.safeContracts[version];
  const initializer = encodeFunctionData({
    abi: safeAbi,
    functionName: 'setup',
    args: [
      desk.accounts.owners.map((owner) => owner.address),
      2n,
      zeroAddress,
      '0x',
      contracts.CompatibilityFallbackHandler,
      zeroAddress,
      0n,
      zeroAddress,
    ],
  });
  const { result, request } = await clients.publicClient.simulateContract({
    account: desk.accounts.deployer,
    address: contracts.SafeProxyFactory,
    abi: safeProxyFactoryAbi,
    functionName: 'createProxyWithNonce',
    args: [contracts.Safe, initializer, BigInt(Date.now()) * 1000n + BigInt(Math.floor(Math.random() * 1000))],
  });
  const hash = await clients.walletClient.writeContract(request as never);
  await clients.publicClient.waitForTransactionReceipt({ hash });
  return getAddress(result as Address);
}

/** Tests: the desk's roles (one proposer, two approvers, one executor, one guardian) for a Safe of `version`. */
export function deskGuardConfig(desk: LocalDesk, version: '1.4.1' | '1.5.0'): GuardConfig {
  return { ...desk.guardConfig, multiSendCallOnly: desk.safeContracts[version].MultiSendCallOnly };
}
