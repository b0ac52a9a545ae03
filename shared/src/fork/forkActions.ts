import { type Abi, type Address, type Hex, getAddress, keccak256, parseEther, slice, stringToBytes } from 'viem';

import type { ChainClients } from './chainClients.js';
import { type ContractWrite, type WriteFunctionName, plainCall } from './contractWrite.js';

/** Who deploys the guard on the fork: an address no one holds a key for (impersonated, funded on the fork only). */
export const dryRunDeployer: Address = getAddress(
  slice(keccak256(stringToBytes('manifest-guard install dry run deployer')), 12),
);

/**
 * Gives each account at least 10 ether on the fork, so gas never stops the dry run (reverted with everything else).
 *
 * @example
 * await fundAccounts(clients, [proposer, executor]);
 */
export async function fundAccounts(clients: ChainClients, accounts: readonly Address[]): Promise<void> {
  for (const account of new Set(accounts)) {
    if ((await clients.publicClient.getBalance({ address: account })) < parseEther('10')) {
      await clients.testClient.setBalance({ address: account, value: parseEther('100') });
    }
  }
}

/**
 * Calls a contract as `account` (impersonated): simulated first, so a revert surfaces with its data (the guard's
 * errors decode), then sent and mined. Returns the simulated result and the transaction hash.
 *
 * @example
 * const { result: id } = await sendAs(clients, proposer, { address: guard, abi, functionName: 'register', args: [m] });
 */
export async function sendAs<const abi extends Abi, functionName extends WriteFunctionName<abi>>(
  clients: ChainClients,
  account: Address,
  call: ContractWrite<abi, functionName>,
): Promise<{ hash: Hex; result: unknown }> {
  return asAccount(clients, account, async () => {
    const plain = plainCall(call);
    const { result } = await clients.publicClient.simulateContract({ ...plain, account });
    const hash = await clients.walletClient.writeContract({ ...plain, account, chain: clients.chain });
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`Transaction ${hash} reverted on the fork.`);
    return { hash, result };
  });
}

/**
 * Deploys creation code (`data`: bytecode and constructor arguments) as `account` (impersonated); returns the new
 * contract's address. Run the constructor with `eth_call` first to get its error decoded.
 *
 * @example
 * const { address } = await deployAs(clients, dryRunDeployer, deployData);
 */
export async function deployAs(
  clients: ChainClients,
  account: Address,
  data: Hex,
): Promise<{ address: Address; hash: Hex }> {
  return asAccount(clients, account, async () => {
    const hash = await clients.walletClient.sendTransaction({ account, chain: clients.chain, data });
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success' || !receipt.contractAddress) {
      throw new Error(`The deployment ${hash} reverted on the fork.`);
    }
    return { address: getAddress(receipt.contractAddress), hash };
  });
}

/**
 * Moves the fork's clock to at least `timestamp` (`evm_increaseTime`, then `evm_mine`); returns the seconds moved
 * (0 when the clock is already there).
 *
 * @example
 * const moved = await advanceTo(clients, view.executableFrom);
 */
export async function advanceTo(clients: ChainClients, timestamp: bigint): Promise<bigint> {
  const now = (await clients.publicClient.getBlock()).timestamp;
  if (now >= timestamp) return 0n;
  await clients.testClient.increaseTime({ seconds: Number(timestamp - now) });
  await clients.testClient.mine({ blocks: 1 });
  return timestamp - now;
}

/** Runs `action` with `account` impersonated on the fork and funded for gas. */
export async function asAccount<T>(clients: ChainClients, account: Address, action: () => Promise<T>): Promise<T> {
  const { testClient, publicClient } = clients;
  await testClient.impersonateAccount({ address: account });
  if ((await publicClient.getBalance({ address: account })) < parseEther('0.1')) {
    await testClient.setBalance({ address: account, value: parseEther('1') });
  }
  try {
    return await action();
  } finally {
    await testClient.stopImpersonatingAccount({ address: account });
  }
}
