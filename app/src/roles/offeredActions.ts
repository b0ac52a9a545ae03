import { type Address, isAddressEqual } from 'viem';

import { ManifestStatus } from '../../../shared/src/index.js';
import type { ManifestFacts, ManifestState } from '../guard/readGuard.js';
import type { AccountRoles } from './readRoles.js';

/** Which role actions this screen offers the connected account; whether each can succeed now is the guard's answer. */
export type OfferedActions = {
  approve: boolean;
  cancel: boolean;
  halt: boolean;
  reinstate: boolean;
  freeze: boolean;
  lift: boolean;
};

/**
 * The actions the account's roles (from `rolesOf`) allow on this manifest (its `manifestState` and `getManifest`)
 * and on the freeze (`frozenUntil` against the chain's clock). The guard still decides: each offered action is run as
 * an `eth_call` before its button is enabled.
 *
 * @example
 * const offers = offeredActions({ roles, state, proposer: facts.proposer, needsApprovals, frozenUntil, now });
 */
export function offeredActions(args: {
  /** `undefined` without a wallet: nothing is offered. */
  roles: AccountRoles | undefined;
  state: Pick<ManifestState, 'status' | 'reinstatable'>;
  proposer: ManifestFacts['proposer'];
  /** Not approved yet, or approvals lapsed (the guard's approvals against its required count). */
  needsApprovals: boolean;
  frozenUntil: bigint;
  now: bigint;
}): OfferedActions {
  const { roles, state } = args;
  const isProposer = (account: Address) => isAddressEqual(account, args.proposer);
  return {
    // The guard refuses an approval from the manifest's own proposer.
    approve: !!roles?.approver && args.needsApprovals && !isProposer(roles.account),
    cancel: !!roles?.proposer && state.status === ManifestStatus.Registered && isProposer(roles.account),
    halt: !!roles?.guardian && (state.status === ManifestStatus.Registered || state.status === ManifestStatus.Approved),
    reinstate: !!roles?.approver && state.reinstatable,
    freeze: !!roles?.guardian,
    lift: !!roles?.approver && args.frozenUntil > args.now,
  };
}
