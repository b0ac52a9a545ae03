import { type Address, encodeFunctionData, getAddress, zeroAddress } from 'viem';

import { execSafeTransaction } from '../../../shared/devkit/devnet/localDesk.js';
import { safeAbi, safeProxyFactoryAbi } from '../../../shared/src/generated/safe.js';
import type { TestDesk } from './desk.js';

/** A fresh Safe without a guard (owners: the desk's three, 2 of 3), optionally with a module enabled. */
export async function createSafe(t: TestDesk, version: '1.4.1' | '1.5.0', { module }: { module?: Address } = {}) {
  const contracts = t.desk.safeContracts[version];
  const owners = t.desk.accounts.owners.map((owner) => owner.address);
  const initializer = encodeFunctionData({
    abi: safeAbi,
    functionName: 'setup',
    args: [owners, 2n, zeroAddress, '0x', contracts.CompatibilityFallbackHandler, zeroAddress, 0n, zeroAddress],
  });
  const { publicClient, walletClient } = t.clients;
  const call = {
    account: t.desk.accounts.deployer,
    chain: t.clients.chain,
    address: contracts.SafeProxyFactory,
    abi: safeProxyFactoryAbi,
    functionName: 'createProxyWithNonce',
    args: [contracts.Safe, initializer, BigInt(Date.now())],
  } as const;
  const { result } = await publicClient.simulateContract(call);
  await publicClient.waitForTransactionReceipt({ hash: await walletClient.writeContract(call) });
  const safe = getAddress(result as Address);
  if (module) {
    await execSafeTransaction(t.clients, {
      safe,
      to: safe,
      data: encodeFunctionData({ abi: safeAbi, functionName: 'enableModule', args: [module] }),
      owners: [t.desk.accounts.owners[0], t.desk.accounts.owners[1]],
      sender: t.desk.accounts.deployer,
    });
  }
  return safe;
}
