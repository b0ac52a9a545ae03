import type { Hex } from 'viem';
import type { HDAccount } from 'viem/accounts';

import type { DeskClients, LocalDesk } from '../devnet/localDesk.js';
import { manifestGuardAbi } from '../generated/manifestGuard.js';
import type { Manifest } from '../guard/manifest.js';

/**
 * Calls the desk's guard as `account` and waits for the receipt; returns the simulated result (tests and demos).
 *
 * @example
 * const id = await guardWrite(clients, desk, desk.accounts.proposer, 'register', [manifest]);
 */
export async function guardWrite(
  clients: DeskClients,
  desk: LocalDesk,
  account: HDAccount,
  functionName: string,
  args: readonly unknown[],
): Promise<unknown> {
  const { request, result } = await clients.publicClient.simulateContract({
    account,
    address: desk.guard,
    abi: manifestGuardAbi,
    functionName: functionName as never,
    args: args as never,
  });
  const hash = await clients.walletClient.writeContract(request as never);
  await clients.publicClient.waitForTransactionReceipt({ hash });
  return result;
}

/** Registers a manifest as the desk's proposer; with `approve`, both approvers approve it. Returns its id. */
export async function registerOnDesk(
  clients: DeskClients,
  desk: LocalDesk,
  manifest: Manifest,
  { approve = true }: { approve?: boolean } = {},
): Promise<Hex> {
  const id = (await guardWrite(clients, desk, desk.accounts.proposer, 'register', [manifest])) as Hex;
  if (approve)
    for (const approver of desk.accounts.approvers) await guardWrite(clients, desk, approver, 'approve', [id]);
  return id;
}

/** Moves the chain's clock forward and mines a block. */
export async function advance(clients: DeskClients, seconds: bigint | number): Promise<void> {
  await clients.testClient.increaseTime({ seconds: Number(seconds) });
  await clients.testClient.mine({ blocks: 1 });
}
