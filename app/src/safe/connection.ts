import type { Account, Address, Chain, Hex, PublicClient, WalletClient } from 'viem';

/** One call the app asks the Safe to make (a manifest step). */
export type SafeCall = { to: Address; value: bigint; data: Hex; operation: 0 | 1 };

/** The Safe as the app sees it. */
export type SafeState = {
  safe: Address;
  chainId: number;
  owners: Address[];
  threshold: number;
  nonce: bigint;
  /** `VERSION()` of the Safe singleton, e.g. `1.5.0`. */
  version: string;
  /** The transaction guard, `undefined` when none is set. */
  guard: Address | undefined;
  modules: Address[];
  /** Safe >= 1.5.0: the module guard (`undefined` when none is set or the Safe has none). */
  moduleGuard: Address | undefined;
};

/** A transaction in the Safe's queue (Safe{Wallet} or the Transaction Service), or only its hash on chain. */
export type QueuedTransaction = {
  safeTxHash: Hex;
  call: SafeCall;
  nonce: bigint;
  confirmations: { owner: Address; signature: Hex | undefined }[];
  confirmationsRequired: number;
  executed: boolean;
  /** Where the confirmations come from. */
  source: 'safe-wallet' | 'tx-service' | 'chain';
};

/** A proposal made: the hash the signers' wallets will show. */
export type Proposal = { safeTxHash: Hex; nonce?: bigint };

/** A standalone connection's queue: propose, read, confirm and execute Safe transactions (`standaloneQueue`). */
export type StandaloneQueue = {
  propose(call: SafeCall): Promise<Proposal>;
  queued(safeTxHash: Hex): Promise<QueuedTransaction | undefined>;
  /** The Safe's transactions waiting from its nonce on (the Transaction Service's, or this browser's on-chain ones). */
  pending(): Promise<QueuedTransaction[]>;
  confirm(queued: QueuedTransaction): Promise<void>;
  execute(queued: QueuedTransaction): Promise<Hex>;
};

/** How the app reaches the Safe: inside Safe{Wallet} (Safe Apps SDK) or standalone (RPC + a wallet). */
export type SafeConnection = {
  mode: 'safe-app' | 'standalone';
  chain: Chain;
  client: PublicClient;
  state: SafeState;
  /** Standalone only: the wallet that signs (owner, approver, executor, guardian or proposer). */
  wallet: { client: WalletClient; account: Account | Address; label: string } | undefined;
  /** Standalone only: the Transaction Service the queue lives in (api-kit); `undefined` means on-chain `approveHash`. */
  txServiceUrl: string | undefined;
  /** Standalone only: confirm and execute queued transactions (shared/src/queue). */
  queue: StandaloneQueue | undefined;
  /** Puts one Safe transaction in the queue. */
  propose(call: SafeCall): Promise<Proposal>;
  /** Reads a queued transaction; `undefined` when the queue does not know it. */
  queued(safeTxHash: Hex): Promise<QueuedTransaction | undefined>;
  /**
   * Standalone only: the Safe's transactions waiting from its nonce on. Safe{Wallet} lists its queue itself (the Safe
   * Apps SDK reads a transaction only by its safeTxHash).
   */
  pending?(): Promise<QueuedTransaction[]>;
  /** Re-reads the Safe (nonce, owners, guard). */
  refresh(): Promise<SafeConnection>;
};
