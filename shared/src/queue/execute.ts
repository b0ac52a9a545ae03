import type SafeApiKit from '@safe-global/api-kit';
import { type Account, type Address, type Hex, type TransactionReceipt, getAddress } from 'viem';

import { decodeGuardError, safeWithGuardErrorsAbi } from '../guard/guardErrors.js';
import { type SafeTransaction, execTransactionArgs, safeTransaction, safeTxHashes } from '../safe/safeTx.js';
import type { QueueClients } from './approveHash.js';
import {
  AlreadyExecutedError,
  ExecutionRejectedError,
  NonceNotNextError,
  NotEnoughConfirmationsError,
  StaleNonceError,
} from './errors.js';
import type { SafeCall } from './propose.js';
import { onChainApprovals, readQueueSafeState } from './safeState.js';
import { verifiedTransaction } from './serviceTransaction.js';
import { encodeSignatures, preValidatedSignature } from './signer.js';

export type ExecuteReturnType = {
  safeTxHash: Hex;
  transactionHash: Hex;
  receipt: TransactionReceipt;
};

export type ExecuteQueuedParameters = {
  apiKit: SafeApiKit;
  clients: QueueClients;
  safeTxHash: Hex;
  /** Sends `execTransaction` (with Manifest Guard: one of the guard's executors). */
  executor: Account | Address;
};

/**
 * Executes a queued Safe transaction: the service's confirmations (current owners only) and any on-chain
 * `approveHash` approvals become the signatures blob, sorted by owner, and the executor sends `execTransaction`.
 * The transaction is hashed again from the service's data first; a guard rejection names the guard's rule.
 *
 * @example
 * const { transactionHash } = await executeQueued({ apiKit, clients, safeTxHash, executor: desk.accounts.executor });
 */
export async function executeQueued(parameters: ExecuteQueuedParameters): Promise<ExecuteReturnType> {
  const { apiKit, clients, safeTxHash, executor } = parameters;
  const chainId = await clients.publicClient.getChainId();
  const response = await apiKit.getTransaction(safeTxHash);
  const transaction = verifiedTransaction(response, chainId);
  if (response.isExecuted) throw new AlreadyExecutedError(safeTxHash, response.transactionHash);
  const serviceSignatures = (response.confirmations ?? []).map((confirmation) => ({
    owner: getAddress(confirmation.owner),
    signature: confirmation.signature as Hex,
  }));
  return executeSafeTransaction({
    clients,
    safe: getAddress(response.safe),
    transaction,
    signatures: serviceSignatures,
    executor,
  });
}

export type ExecuteWithApprovalsParameters = {
  clients: QueueClients;
  safe: Address;
  call: SafeCall;
  /** Default: the Safe's current nonce. */
  nonce?: bigint;
  executor: Account | Address;
};

/**
 * The service-free path: executes `call` with the pre-validated signatures (`v = 1`) of the owners that called
 * `approveHash` for it on chain (and of the executor, when it is an owner).
 *
 * @example
 * for (const owner of [alice, bob]) await approveHash({ clients, safe, safeTxHash, owner });
 * await executeWithApprovals({ clients, safe, call: step, executor });
 */
export async function executeWithApprovals(parameters: ExecuteWithApprovalsParameters): Promise<ExecuteReturnType> {
  const { clients, call, executor } = parameters;
  const safe = getAddress(parameters.safe);
  const nonce = parameters.nonce ?? (await readQueueSafeState(clients.publicClient, safe)).nonce;
  const transaction = safeTransaction({
    to: getAddress(call.to),
    value: call.value,
    data: call.data,
    operation: call.operation === 1 ? 1 : 0,
    nonce,
  });
  return executeSafeTransaction({ clients, safe, transaction, signatures: [], executor });
}

export type ExecuteSafeTransactionParameters = {
  clients: QueueClients;
  safe: Address;
  transaction: SafeTransaction;
  /** Owners' signatures already collected (EIP-712, eth_sign or approved-hash); non-owners are dropped. */
  signatures: readonly { owner: Address; signature: Hex }[];
  executor: Account | Address;
};

/**
 * Checks the nonce and the confirmations, adds on-chain approvals and the executor's own pre-validated signature
 * when it is an owner, then sends `execTransaction` from the executor.
 */
export async function executeSafeTransaction(parameters: ExecuteSafeTransactionParameters): Promise<ExecuteReturnType> {
  const { clients, transaction, executor } = parameters;
  const { publicClient, walletClient } = clients;
  const safe = getAddress(parameters.safe);
  const chainId = await publicClient.getChainId();
  const { safeTxHash } = safeTxHashes({ safe, chainId, transaction });
  const state = await readQueueSafeState(publicClient, safe);
  if (transaction.nonce < state.nonce) throw new StaleNonceError(safeTxHash, transaction.nonce, state.nonce);
  if (transaction.nonce > state.nonce) throw new NonceNotNextError(safeTxHash, transaction.nonce, state.nonce);

  const byOwner = new Map<Address, Hex>();
  for (const { owner, signature } of parameters.signatures)
    if (state.owners.includes(getAddress(owner))) byOwner.set(getAddress(owner), signature);
  for (const owner of await onChainApprovals({ publicClient, safe, safeTxHash, owners: state.owners }))
    if (!byOwner.has(owner)) byOwner.set(owner, preValidatedSignature(owner));
  const executorAddress = getAddress(typeof executor === 'string' ? executor : executor.address);
  if (byOwner.size < state.threshold && state.owners.includes(executorAddress) && !byOwner.has(executorAddress))
    byOwner.set(executorAddress, preValidatedSignature(executorAddress));
  if (byOwner.size < state.threshold)
    throw new NotEnoughConfirmationsError(safeTxHash, [...byOwner.keys()], state.threshold, state.owners);

  const signatures = encodeSignatures([...byOwner].map(([owner, signature]) => ({ owner, signature })));
  const call = {
    account: executor,
    chain: walletClient.chain,
    address: safe,
    abi: safeWithGuardErrorsAbi,
    functionName: 'execTransaction',
    args: execTransactionArgs(transaction, signatures),
  } as const;
  try {
    await publicClient.simulateContract(call);
  } catch (error) {
    throw new ExecutionRejectedError(safeTxHash, decodeGuardError(error)?.summary, error);
  }
  const transactionHash = await walletClient.writeContract(call);
  const receipt = await publicClient.waitForTransactionReceipt({ hash: transactionHash });
  if (receipt.status !== 'success')
    throw new ExecutionRejectedError(
      safeTxHash,
      undefined,
      new Error(`execTransaction reverted in ${transactionHash}`),
    );
  return { safeTxHash, transactionHash, receipt };
}
