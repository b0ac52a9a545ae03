import { type Address, type Hex, concat, getAddress, pad, zeroAddress } from 'viem';

import type { ChainClients } from '../fork/chainClients.js';
import { asAccount } from '../fork/forkActions.js';
import { decodeGuardError, safeWithGuardErrorsAbi } from '../guard/guardErrors.js';
import { safeAbi } from '../generated/safe.js';
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
  const safeContract = { address: safe, abi: safeAbi } as const;
  const nonce = await publicClient.readContract({ ...safeContract, functionName: 'nonce' });
  const { safeTxHash } = safeTxHashes({
    safe,
    chainId: clients.chain.id,
    transaction: safeTransaction({ ...transaction, operation: transaction.operation === 1 ? 1 : 0, nonce }),
  });
  const owners = (await publicClient.readContract({ ...safeContract, functionName: 'getOwners' })).map((owner) =>
    getAddress(owner),
  );
  const threshold = Number(await publicClient.readContract({ ...safeContract, functionName: 'getThreshold' }));
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
      });
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
    const call = {
      account: executor,
      chain: clients.chain,
      address: safe,
      abi: safeWithGuardErrorsAbi,
      functionName: 'execTransaction',
      args,
    } as const;
    try {
      await publicClient.simulateContract(call);
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
    const hash = await clients.walletClient.writeContract(call);
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

function firstLine(error: unknown): string {
  return ((error as Error)?.message ?? String(error)).split('\n')[0]!;
}
