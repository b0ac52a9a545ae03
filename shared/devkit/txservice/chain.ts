import { type Address, type Hex, type PublicClient, getAddress, slice, toEventSelector } from 'viem';

import { safeAbi } from '../../src/generated/safe.js';

/** keccak256("fallback_manager.handler.address") */
const FALLBACK_HANDLER_SLOT: Hex = '0x6c9a6c4a39284e37ed1cf53d337577d14212a4870fb976a4366c693b939918d5';
/** keccak256("guard_manager.guard.address") */
const GUARD_SLOT: Hex = '0x4a204f620c8c5ccdca3fd54d003badd85ba500436a431f0cbda4f558c93c34c8';
const SENTINEL: Address = '0x0000000000000000000000000000000000000001';

/** A Safe's configuration as read from the chain. */
export type SafeState = {
  address: Address;
  nonce: bigint;
  threshold: number;
  owners: Address[];
  masterCopy: Address;
  modules: Address[];
  fallbackHandler: Address;
  guard: Address;
  version: string;
};

/**
 * Reads a Safe's nonce, threshold, owners, singleton, modules, fallback handler, guard and version; `undefined`
 * when the address holds no Safe.
 */
export async function readSafeState(publicClient: PublicClient, safe: Address): Promise<SafeState | undefined> {
  const code = await publicClient.getCode({ address: safe });
  if (!code || code === '0x') return undefined;
  const safeContract = { address: safe, abi: safeAbi } as const;
  const word = async (slot: Hex) =>
    getAddress(slice((await publicClient.getStorageAt({ address: safe, slot })) ?? `0x${'0'.repeat(64)}`, 12, 32));
  try {
    const [nonce, threshold, owners, version, modules, masterCopy, fallbackHandler, guard] = await Promise.all([
      publicClient.readContract({ ...safeContract, functionName: 'nonce' }),
      publicClient.readContract({ ...safeContract, functionName: 'getThreshold' }),
      publicClient.readContract({ ...safeContract, functionName: 'getOwners' }),
      publicClient.readContract({ ...safeContract, functionName: 'VERSION' }),
      publicClient.readContract({ ...safeContract, functionName: 'getModulesPaginated', args: [SENTINEL, 100n] }),
      word(`0x${'0'.repeat(64)}`),
      word(FALLBACK_HANDLER_SLOT),
      word(GUARD_SLOT),
    ]);
    return {
      address: getAddress(safe),
      nonce,
      threshold: Number(threshold),
      owners: owners.map((owner) => getAddress(owner)),
      masterCopy,
      modules: modules[0].map((module) => getAddress(module)),
      fallbackHandler,
      guard,
      version,
    };
  } catch {
    return undefined;
  }
}

/** Where and how a Safe transaction was executed. */
export type Execution = {
  safe: Address;
  transactionHash: Hex;
  blockNumber: number;
  isSuccessful: boolean;
  executor: Address | null;
  executionDate: string | null;
  gasUsed: number | null;
  ethGasPrice: string | null;
};

const successTopic = toEventSelector('ExecutionSuccess(bytes32,uint256)');
const failureTopic = toEventSelector('ExecutionFailure(bytes32,uint256)');

/**
 * Follows the chain's `ExecutionSuccess` / `ExecutionFailure` logs (any Safe) so the service can say which
 * safeTxHash was executed, in which transaction, by whom. Reads only the blocks it has not seen, from `fromBlock`
 * on (the service passes the block it started at: nothing it queues can have executed earlier, and a fork of a
 * long chain is not read from genesis); starts over when the chain went back (an Anvil revert: the last block it
 * read is gone or has another hash).
 */
export class ExecutionIndex {
  #scanned: bigint;
  #scannedHash: Hex | undefined;
  #executions = new Map<Hex, Execution>();
  #details = new Set<Hex>();

  constructor(
    private readonly publicClient: PublicClient,
    private readonly fromBlock = 0n,
  ) {
    this.#scanned = fromBlock - 1n;
  }

  /** Reads new blocks' Safe execution logs. */
  async refresh(): Promise<void> {
    const latest = await this.publicClient.getBlockNumber({ cacheTime: 0 });
    const wentBack =
      this.#scanned >= this.fromBlock &&
      (latest < this.#scanned || (await this.#blockHash(this.#scanned)) !== this.#scannedHash);
    if (wentBack) {
      this.#scanned = (latest < this.fromBlock ? latest : this.fromBlock) - 1n;
      this.#executions.clear();
      this.#details.clear();
    }
    if (latest === this.#scanned) return;
    const logs = await this.publicClient.request({
      method: 'eth_getLogs',
      params: [
        {
          fromBlock: `0x${(this.#scanned + 1n).toString(16)}`,
          toBlock: `0x${latest.toString(16)}`,
          topics: [[successTopic, failureTopic]],
        },
      ],
    });
    for (const log of logs) {
      // Safe >= 1.4.1 indexes the hash; Safe 1.3.0 puts it first in the data.
      const safeTxHash = (log.topics[1] ?? slice(log.data, 0, 32)) as Hex;
      this.#executions.set(safeTxHash.toLowerCase() as Hex, {
        safe: getAddress(log.address),
        transactionHash: log.transactionHash!,
        blockNumber: Number(log.blockNumber),
        isSuccessful: log.topics[0] === successTopic,
        executor: null,
        executionDate: null,
        gasUsed: null,
        ethGasPrice: null,
      });
    }
    this.#scanned = latest;
    this.#scannedHash = await this.#blockHash(latest);
  }

  async #blockHash(blockNumber: bigint): Promise<Hex | undefined> {
    return (await this.publicClient.getBlock({ blockNumber }).catch(() => undefined))?.hash ?? undefined;
  }

  /** The execution of `safeTxHash` on `safe`, with its sender, date and gas, or `undefined`. */
  async lookup(safe: Address, safeTxHash: Hex): Promise<Execution | undefined> {
    const key = safeTxHash.toLowerCase() as Hex;
    const execution = this.#executions.get(key);
    if (!execution || execution.safe !== getAddress(safe)) return undefined;
    if (!this.#details.has(key)) {
      const [receipt, block] = await Promise.all([
        this.publicClient.getTransactionReceipt({ hash: execution.transactionHash }),
        this.publicClient.getBlock({ blockNumber: BigInt(execution.blockNumber) }),
      ]);
      execution.executor = getAddress(receipt.from);
      execution.gasUsed = Number(receipt.gasUsed);
      execution.ethGasPrice = receipt.effectiveGasPrice.toString();
      execution.executionDate = new Date(Number(block.timestamp) * 1000).toISOString();
      this.#details.add(key);
    }
    return execution;
  }
}
