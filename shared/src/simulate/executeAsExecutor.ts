import { type Address, type Hex, concat, getAddress, pad, parseEther, zeroAddress } from 'viem';

import type { ChainClients } from '../fork/chainClients.js';
import { decodeGuardError, safeWithGuardErrorsAbi } from '../guard/guardErrors.js';
import { safeAbi } from '../safe/safeArtifacts.js';
import { safeTransaction, safeTxHashes } from '../safe/safeTx.js';
import { type SimulatedEvent, decodeLogs } from './decodeLogs.js';

/** What happened to one Safe transaction on the fork. */
export type ExecutionResult = {
  txHash: Hex | null;
  gasUsed: string | null;
  events: SimulatedEvent[];
  reverted: boolean;
  /** The guard's rejection, decoded (`ErrorName(args…)`), when the guard rejected it. */
  guardError: string | null;
  /** Any other failure, in one line. */
  error: string | null;
};

export type ExecuteAsExecutorParameters = {
  clients: ChainClients;
  safe: Address;
  executor: Address;
  transaction: { to: Address; value: bigint; data: Hex; operation: number };
  /** Only `eth_call` the `execTransaction` (after the approvals), do not send it. */
  dryRun?: boolean;
};

/**
 * Executes a Safe transaction on an Anvil fork the way the executor would: `threshold` owners (impersonated)
 * each call `approveHash(safeTxHash)`, then the executor (impersonated) sends `execTransaction` with the
 * pre-validated signatures (`r = owner, s = 0, v = 1`, sorted by owner). A rejection by the guard is decoded.
 *
 * @example
 * const result = await executeAsExecutor({ clients: fork.clients, safe, executor, transaction: step });
 */
export async function executeAsExecutor({
  clients,
  safe,
  executor,
  transaction,
  dryRun = false,
}: ExecuteAsExecutorParameters): Promise<ExecutionResult> {
  const { publicClient } = clients;
  const read = (functionName: string, args: readonly unknown[] = []) =>
    publicClient.readContract({ address: safe, abi: safeAbi, functionName, args } as never);
  const nonce = (await read('nonce')) as bigint;
  const { safeTxHash } = safeTxHashes({
    safe,
    chainId: clients.chain.id,
    transaction: safeTransaction({ ...transaction, operation: transaction.operation === 1 ? 1 : 0, nonce }),
  });
  const owners = ((await read('getOwners')) as Address[]).map((owner) => getAddress(owner));
  const threshold = Number((await read('getThreshold')) as bigint);
  const signers = owners.slice(0, threshold);
  for (const owner of signers) {
    await asAccount(clients, owner, async () => {
      const hash = await clients.walletClient.writeContract({
        account: owner,
        chain: clients.chain,
        address: safe,
        abi: safeAbi,
        functionName: 'approveHash',
        args: [safeTxHash],
      } as never);
      await publicClient.waitForTransactionReceipt({ hash });
    });
  }
  const signatures = concat(
    [...signers]
      .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))
      .map((owner) => concat([pad(owner, { size: 32 }), pad('0x00', { size: 32 }), '0x01'])),
  );
  const args = [
    transaction.to,
    transaction.value,
    transaction.data,
    transaction.operation,
    0n,
    0n,
    0n,
    zeroAddress,
    zeroAddress,
    signatures,
  ] as const;
  return asAccount(clients, executor, async () => {
    let request: unknown;
    try {
      ({ request } = await publicClient.simulateContract({
        account: executor,
        address: safe,
        abi: safeWithGuardErrorsAbi,
        functionName: 'execTransaction',
        args,
      } as never));
    } catch (error) {
      const rejection = decodeGuardError(error);
      return {
        txHash: null,
        gasUsed: null,
        events: [],
        reverted: true,
        guardError: rejection?.summary ?? null,
        error: rejection ? null : firstLine(error),
      };
    }
    if (dryRun) return { txHash: null, gasUsed: null, events: [], reverted: false, guardError: null, error: null };
    const hash = await clients.walletClient.writeContract({ ...(request as object), account: executor } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    return {
      txHash: hash,
      gasUsed: receipt.gasUsed.toString(),
      events: decodeLogs(receipt.logs),
      reverted: receipt.status !== 'success',
      guardError: null,
      error: receipt.status === 'success' ? null : 'the transaction reverted',
    };
  });
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

function firstLine(error: unknown): string {
  return ((error as Error)?.message ?? String(error)).split('\n')[0]!;
}
