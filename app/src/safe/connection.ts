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
  /** The owner who proposed it, when the queue says. */
  proposer?: Address;
};

/** A proposal made: the hash the signers' wallets will show, and the nonce it was queued at (when known). */
export type Proposal = { safeTxHash: Hex; nonce?: bigint };

/**
 * Where a proposal goes: `nonce` puts it at that nonce (replacing whatever the queue holds there), instead of after
 * the queue. Safe{Wallet} chooses the nonce itself (its review screen lets the signer change it): there the returned
 * `Proposal.nonce` is the one actually queued, read back from the host.
 */
export type ProposeOptions = { nonce?: bigint };

/** A standalone connection's queue: propose, read, confirm and execute Safe transactions (`standaloneQueue`). */
export type StandaloneQueue = {
  propose(call: SafeCall, options?: ProposeOptions): Promise<Proposal>;
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
  /**
   * The Transaction Service the queue lives in (api-kit). Standalone: `undefined` means on-chain `approveHash`.
   * Inside Safe{Wallet}: the service Safe{Wallet} uses (the app's `?txService=` parameter), read for the shared queue.
   */
  txServiceUrl: string | undefined;
  /** Standalone only: confirm and execute queued transactions (shared/src/queue). */
  queue: StandaloneQueue | undefined;
  /** Puts one Safe transaction in the queue (at `options.nonce` when given and the mode lets the app choose). */
  propose(call: SafeCall, options?: ProposeOptions): Promise<Proposal>;
  /** Reads a queued transaction; `undefined` when the queue does not know it. */
  queued(safeTxHash: Hex): Promise<QueuedTransaction | undefined>;
  /**
   * The Safe's transactions waiting from its nonce on, the same for every owner: the Transaction Service's (both
   * modes), or, standalone without a service, the on-chain proposals this browser knows. `undefined` inside
   * Safe{Wallet} when the app was not told the service (the Safe Apps SDK reads a transaction only by its hash).
   */
  pending?(): Promise<QueuedTransaction[]>;
  /** Re-reads the Safe (nonce, owners, guard). */
  refresh(): Promise<SafeConnection>;
};
