import type { Address, Hex, PublicClient } from 'viem';

import type { AuthorityMap } from '../authority/types.js';
import type { GuardConfig, Manifest } from '../guard/manifest.js';
import type { ReleasePackage } from '../package/schema.js';
import type { Policy } from '../policy/schema.js';
import type { AuthorityChangeSummary, AuthorityEffects } from '../simulate/authorityEffects.js';
import type { TxBuilderBatch } from '../txbuilder/batchFile.js';
import type { GateInputError } from './errors.js';
import type { StepIndex } from './stepMatch.js';
import type { GateDecision, GateReason, ProposedSafeTransaction } from './types.js';

export type GateParameters = {
  /** The release package; or `manifest` (with `guard`) when only the ABI manifest is at hand. */
  pkg?: ReleasePackage;
  manifest?: Manifest;
  /** The evidence packet whose hash is the manifest's `evidence`. */
  evidence?: unknown;
  /** The proposed Safe transaction, or a Safe Transaction Builder batch. */
  proposed: ProposedSafeTransaction | TxBuilderBatch;
  /** The chain the transaction is for. */
  chainId: number;
  /** The Safe that will execute it. */
  safe: Address;
  /** The account that will send `execTransaction`. */
  executor?: Address;
  /** The guard (defaults to `chain.guard`, then `pkg.guard`). */
  guard?: Address;
  /**
   * Read the cursor, configuration, approvals and the guard's own verdict from this chain, and simulate the
   * transaction's effect on authority on a fork of it (`rpcUrl`, default: the client's URL). Without it the gate
   * is offline and holds.
   */
  chain?: { publicClient: PublicClient; guard: Address; rpcUrl?: string };
  /** The guard configuration when there is no chain (executors, MultiSendCallOnly, lane context). */
  config?: Partial<GuardConfig>;
  /** The team's policy (`parsePolicy`). */
  policy?: Policy;
  /** An authority map already computed; or `proxies` to compute one on `chain`. */
  authority?: AuthorityMap;
  proxies?: readonly Address[];
  /** Authorities the team expects besides the Safe (a new holder outside them is a finding). */
  declared?: readonly Address[];
  /** The authority simulation already run for this transaction; by default the gate runs it on a fork of `chain`. */
  authorityEffects?: AuthorityEffects;
  /** Unix seconds (default: the chain's latest block, else the clock). */
  now?: bigint | number;
};

export type GateReturnType = {
  packageHash: Hex;
  manifestId: Hex;
  targetProxy: Address;
  lane: 'routine' | 'privileged';
  rollbackReady: boolean;
  /** The step the proposed transaction was compared with (the manifest's next step). */
  step: StepIndex | null;
  decision: GateDecision;
  /** True when no chain was read: the decision cannot be `release` then. */
  offline: boolean;
  /** The chain state the decision was taken against (every read at this block), `null` offline. */
  chain: GateChain | null;
  /**
   * Who holds authority before and after the transaction, simulated on a fork of `chain.blockNumber` over every
   * contract it touches; `null` offline or when the decision is already `reject`.
   */
  authorityEffects: GateAuthorityEffects | null;
  reasons: GateReason[];
};

/** Where a decision was taken: chain id, block (number, hash, unix time), guard and the Safe it protects. */
export type GateChain = {
  chainId: number;
  blockNumber: number;
  blockHash: Hex;
  timestamp: number;
  guard: Address;
  safe: Address;
};

/** The gate's summary of the authority simulation (`simulateAuthorityEffects`). */
export type GateAuthorityEffects = AuthorityChangeSummary;
export type GateErrorType = GateInputError;
