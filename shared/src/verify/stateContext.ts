import type { Address, Hex } from 'viem';

import type { Check, ManifestView } from '../guard/manifest.js';
import type { StopResponseName } from '../package/schema.js';
import type { Effect } from './effects.js';
import type { Invariant } from './invariants.js';
import type { VerifyFinding } from './types.js';

/** What the containment plan needs from the chain, read in the same batch as the state. */
export type ChainFacts = {
  timestamp: bigint;
  safeNonce: bigint;
  frozenUntil: bigint;
  maxFreeze: bigint;
  manifest: ManifestView | undefined;
  rollback: ManifestView | undefined;
  emergency: ManifestView | undefined;
};

/** The phase a verification judges, and how a finding is made (with the package's default response). */
export type StateContext = {
  safe: Address;
  guard: Address;
  manifestId: Hex;
  rollbackId: Hex | undefined;
  emergencyId: Hex | undefined;
  phase: number;
  lastPhase: boolean;
  effects: readonly Effect[];
  checks: readonly Check[];
  invariants: readonly Invariant[];
  finding: (finding: Omit<VerifyFinding, 'response'> & { response?: StopResponseName }) => VerifyFinding;
};
