import {
  type Address,
  type Hex,
  type LocalAccount,
  createPublicClient,
  createWalletClient,
  concat,
  encodeFunctionData,
  getAddress,
  http,
  keccak256,
  toHex,
  zeroAddress,
} from 'viem';

import { safeWithGuardErrorsAbi } from '../../../shared/src/guard/guardErrors.js';
import { encodeMultiSend } from '../../../shared/src/safe/multiSend.js';
import { multiSendAbi, safeAbi } from '../../../shared/src/generated/safe.js';
import { type SafeTransaction, safeTransaction, safeTxHashes, safeTxTypes } from '../../../shared/src/safe/safeTx.js';

/** A transaction the host put in its queue from `sendTransactions`. */
export type HostTransaction = {
  safeTxHash: Hex;
  transaction: SafeTransaction;
  confirmations: { owner: Address; signature: Hex }[];
  executed: boolean;
};

/** A Safe{Wallet}-like host for component tests: answers the Safe Apps SDK from a real chain. */
export type SafeHost = {
  /** Every request the app sent, in order. */
  requests: { method: string; params: unknown }[];
  queue: HostTransaction[];
  /** Queues transactions as if another app had sent them (`sendTransactions`); returns the safeTxHash. */
  enqueue(txs: { to: Address; value?: bigint; data: Hex }[]): Promise<Hex>;
  /** Owners sign a queued transaction (EIP-712), as they would in Safe{Wallet}. */
  confirm(safeTxHash: Hex, owners: readonly LocalAccount[]): Promise<void>;
  /** Executes a queued transaction with its confirmations, sent by `sender` (the guard's executor). */
  execute(safeTxHash: Hex, sender: LocalAccount): Promise<Hex>;
  /** Stops answering and restores `window.parent`. */
  close(): void;
};

const hostVersion = '9.1.0';

/**
 * Frames the app in a simulated Safe{Wallet}: `window.parent` becomes the host, which answers the SDK's
 * `postMessage` requests by dispatching `MessageEvent`s whose source is `window.parent` (as a real parent frame
 * would): `getSafeInfo` and `getChainInfo` from the chain, `rpcCall` forwarded to the node, `sendTransactions`
 * queued with the safeTxHash Safe{Wallet} would compute (MultiSendCallOnly for batches), `getTxBySafeTxHash` with
 * the owners' confirmations.
 *
 * @example
 * const host = installSafeHost({ rpcUrl, chainId: 31337, safe, multiSendCallOnly });
 */
export function installSafeHost(args: {
  rpcUrl: string;
  chainId: number;
  safe: Address;
  multiSendCallOnly: Address;
  chainName?: string;
}): SafeHost {
  const client = createPublicClient({ transport: http(args.rpcUrl) });
  const requests: SafeHost['requests'] = [];
  const queue: HostTransaction[] = [];
  let open = true;
  const parent = {
    postMessage(message: { id: string; method: string; params: unknown }) {
      if (!open || !message?.method) return;
      requests.push({ method: message.method, params: message.params });
      answer(message.method, message.params).then(
        (data) => reply({ id: message.id, success: true, version: hostVersion, data }),
        (error: Error) => reply({ id: message.id, success: false, version: hostVersion, error: error.message }),
      );
    },
  };
  const reply = (data: unknown) => {
    if (!open) return;
    const event = new MessageEvent('message', { data, origin: 'https://app.safe.global' });
    Object.defineProperty(event, 'source', { value: parent });
    window.dispatchEvent(event);
  };
  const original = Object.getOwnPropertyDescriptor(window, 'parent');
  Object.defineProperty(window, 'parent', { configurable: true, get: () => parent });

  const safeContract = { address: args.safe, abi: safeAbi } as const;

  async function answer(method: string, params: unknown): Promise<unknown> {
    switch (method) {
      case 'getSafeInfo': {
        const [owners, threshold, nonce, version, guardWord, modules] = await Promise.all([
          client.readContract({ ...safeContract, functionName: 'getOwners' }),
          client.readContract({ ...safeContract, functionName: 'getThreshold' }),
          client.readContract({ ...safeContract, functionName: 'nonce' }),
          client.readContract({ ...safeContract, functionName: 'VERSION' }),
          client.getStorageAt({ address: args.safe, slot: keccak256(toHex('guard_manager.guard.address')) }),
          client.readContract({
            ...safeContract,
            functionName: 'getModulesPaginated',
            args: ['0x0000000000000000000000000000000000000001', 10n],
          }),
        ]);
        const guard = getAddress(`0x${(guardWord ?? '0x').slice(-40).padStart(40, '0')}`);
        return {
          safeAddress: args.safe,
          chainId: args.chainId,
          threshold: Number(threshold),
          owners,
          isReadOnly: false,
          nonce: Number(nonce),
          implementation: zeroAddress,
          modules: modules[0],
          fallbackHandler: null,
          guard: guard === zeroAddress ? null : guard,
          version,
        };
      }
      case 'getChainInfo':
        return {
          chainName: args.chainName ?? 'Anvil',
          chainId: String(args.chainId),
          shortName: 'anvil',
          nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18, logoUri: '' },
          blockExplorerUriTemplate: { address: '', txHash: '', api: '' },
        };
      case 'rpcCall': {
        const { call, params: callParams } = params as { call: string; params: unknown[] };
        const response = await fetch(args.rpcUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: call, params: callParams }),
        });
        const body = (await response.json()) as { result?: unknown; error?: { message: string } };
        if (body.error) throw new Error(body.error.message);
        return body.result;
      }
      case 'sendTransactions': {
        const { txs } = params as { txs: { to: Address; value: string; data: Hex }[] };
        const onChain = await client.readContract({ ...safeContract, functionName: 'nonce' });
        const pending = queue.filter((tx) => !tx.executed).map((tx) => tx.transaction.nonce + 1n);
        const nonce = pending.reduce((max, n) => (n > max ? n : max), onChain);
        const call =
          txs.length === 1
            ? { to: getAddress(txs[0]!.to), value: BigInt(txs[0]!.value), data: txs[0]!.data, operation: 0 as const }
            : {
                to: args.multiSendCallOnly,
                value: 0n,
                operation: 1 as const,
                data: encodeFunctionData({
                  abi: multiSendAbi,
                  functionName: 'multiSend',
                  args: [encodeMultiSend(txs.map((tx) => ({ to: tx.to, value: BigInt(tx.value), data: tx.data })))],
                }),
              };
        const transaction = safeTransaction({ ...call, nonce });
        const { safeTxHash } = safeTxHashes({ safe: args.safe, chainId: args.chainId, transaction });
        queue.push({ safeTxHash, transaction, confirmations: [], executed: false });
        return { safeTxHash };
      }
      case 'getTxBySafeTxHash': {
        const { safeTxHash } = params as { safeTxHash: Hex };
        const tx = queue.find((entry) => entry.safeTxHash === safeTxHash);
        if (!tx) throw new Error(`No transaction with safeTxHash ${safeTxHash}`);
        const threshold = await client.readContract({ ...safeContract, functionName: 'getThreshold' });
        return {
          safeAddress: args.safe,
          txId: `multisig_${args.safe}_${safeTxHash}`,
          txStatus: tx.executed ? 'SUCCESS' : 'AWAITING_CONFIRMATIONS',
          txData: {
            hexData: tx.transaction.data,
            to: { value: tx.transaction.to },
            value: tx.transaction.value.toString(),
            operation: tx.transaction.operation,
          },
          detailedExecutionInfo: {
            type: 'MULTISIG',
            nonce: Number(tx.transaction.nonce),
            safeTxHash,
            confirmationsRequired: Number(threshold),
            confirmations: tx.confirmations.map((c) => ({ signer: { value: c.owner }, signature: c.signature })),
          },
        };
      }
      case 'getEnvironmentInfo':
        return { origin: 'https://app.safe.global' };
      default:
        throw new Error(`The test host does not implement ${method}`);
    }
  }

  const find = (safeTxHash: Hex) => {
    const tx = queue.find((entry) => entry.safeTxHash === safeTxHash);
    if (!tx) throw new Error(`The host has no queued transaction ${safeTxHash}`);
    return tx;
  };

  return {
    requests,
    queue,
    async enqueue(txs) {
      const params = { txs: txs.map((tx) => ({ to: tx.to, value: (tx.value ?? 0n).toString(), data: tx.data })) };
      const { safeTxHash } = (await answer('sendTransactions', params)) as { safeTxHash: Hex };
      return safeTxHash;
    },
    async confirm(safeTxHash, owners) {
      const tx = find(safeTxHash);
      for (const owner of owners) {
        const signature = await owner.signTypedData({
          domain: { chainId: args.chainId, verifyingContract: args.safe },
          types: safeTxTypes,
          primaryType: 'SafeTx',
          message: tx.transaction,
        });
        tx.confirmations.push({ owner: owner.address, signature });
      }
    },
    async execute(safeTxHash, sender) {
      const tx = find(safeTxHash);
      const signatures = concat(
        [...tx.confirmations]
          .sort((a, b) => (BigInt(a.owner) < BigInt(b.owner) ? -1 : 1))
          .map((confirmation) => confirmation.signature),
      );
      const wallet = createWalletClient({ account: sender, transport: http(args.rpcUrl) });
      const t = tx.transaction;
      const hash = await wallet.writeContract({
        chain: null,
        address: args.safe,
        abi: safeWithGuardErrorsAbi,
        functionName: 'execTransaction',
        args: [
          t.to,
          t.value,
          t.data,
          t.operation,
          t.safeTxGas,
          t.baseGas,
          t.gasPrice,
          t.gasToken,
          t.refundReceiver,
          signatures,
        ],
        gas: 3_000_000n,
      });
      const receipt = await client.waitForTransactionReceipt({ hash });
      if (receipt.status !== 'success') throw new Error(`execTransaction ${hash} reverted`);
      tx.executed = true;
      return hash;
    },
    close() {
      open = false;
      if (original) Object.defineProperty(window, 'parent', original);
      else delete (window as { parent?: unknown }).parent;
    },
  };
}
