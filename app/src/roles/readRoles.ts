import type { Address, PublicClient } from 'viem';

import { manifestGuardAbi } from '../../../shared/src/generated/manifestGuard.js';

/** The guard's roles of one account, from its own `rolesOf(account)` bits and `ROLE_*` constants. */
export type AccountRoles = {
  account: Address;
  /** The raw bits `rolesOf(account)` answers (0: no role). */
  bits: number;
  proposer: boolean;
  approver: boolean;
  executor: boolean;
  guardian: boolean;
};

/**
 * Asks the guard which roles `account` holds: `rolesOf(account)` masked with the guard's own `ROLE_PROPOSER`,
 * `ROLE_APPROVER`, `ROLE_EXECUTOR` and `ROLE_GUARDIAN` (never bits copied into the app).
 *
 * @example
 * const roles = await readAccountRoles(client, guard, account); // roles.guardian, roles.approver, …
 */
export async function readAccountRoles(client: PublicClient, guard: Address, account: Address): Promise<AccountRoles> {
  const read = (functionName: 'ROLE_PROPOSER' | 'ROLE_APPROVER' | 'ROLE_EXECUTOR' | 'ROLE_GUARDIAN') =>
    client.readContract({ address: guard, abi: manifestGuardAbi, functionName });
  const [bits, proposer, approver, executor, guardian] = await Promise.all([
    client.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'rolesOf', args: [account] }),
    read('ROLE_PROPOSER'),
    read('ROLE_APPROVER'),
    read('ROLE_EXECUTOR'),
    read('ROLE_GUARDIAN'),
  ]);
  return {
    account,
    bits,
    proposer: (bits & proposer) !== 0,
    approver: (bits & approver) !== 0,
    executor: (bits & executor) !== 0,
    guardian: (bits & guardian) !== 0,
  };
}
