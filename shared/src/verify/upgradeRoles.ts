import { type Address, type Hex, encodeFunctionData, hexToBigInt, isAddressEqual, parseAbi } from 'viem';

import { accessControlAbi, knownRoles } from '../authority/readers.js';
import type { BatchResult } from './batchReads.js';
import { addressAt, wordAt } from './resultWords.js';
import type { StateReads } from './stateReads.js';
import type { VerifyFinding } from './types.js';

const ownableAbi = parseAbi(['function owner() view returns (address)']);
/** How many members of each role are read in the batch (more are counted, not named). */
const membersRead = 4n;

/** A grant the phase makes, so its account is an expected holder. */
export type RoleGrant = { subject: Address; role: Hex; account: Address };

/**
 * Plans, for a contract a step upgrades through `upgradeTo[AndCall]`, the reads of its OpenZeppelin AccessControl
 * upgrade roles (`knownRoles`: DEFAULT_ADMIN_ROLE, UPGRADER_ROLE): whether the Safe holds each, and, when the
 * contract is enumerable, the members (the first four, all in the same batch). The judge answers a `role` finding
 * when a contract without `owner()` leaves the Safe no upgrade role, or when anyone but the Safe (and the accounts
 * the phase grants the role to) holds one: a second upgrade path. Contracts without `hasRole` are skipped.
 *
 * @example
 * const judge = planUpgradeRoles({ reads, subject: vault, step: 0, safe, grants: [] });
 * findings.push(...judge(results, finding));
 */
export function planUpgradeRoles(args: {
  reads: StateReads;
  subject: Address;
  step: number;
  safe: Address;
  grants: readonly RoleGrant[];
}): (
  results: readonly BatchResult[],
  finding: (finding: Omit<VerifyFinding, 'response'>) => VerifyFinding,
) => VerifyFinding[] {
  const { reads, subject, step, safe } = args;
  const read = (data: Hex) => reads.call(subject, data);
  const owner = read(encodeFunctionData({ abi: ownableAbi, functionName: 'owner' }));
  const roles = knownRoles.map((role) => ({
    role,
    safeHolds: read(encodeFunctionData({ abi: accessControlAbi, functionName: 'hasRole', args: [role.id, safe] })),
    count: read(encodeFunctionData({ abi: accessControlAbi, functionName: 'getRoleMemberCount', args: [role.id] })),
    members: [...Array(Number(membersRead)).keys()].map((i) =>
      read(encodeFunctionData({ abi: accessControlAbi, functionName: 'getRoleMember', args: [role.id, BigInt(i)] })),
    ),
  }));
  const granted = (role: Hex) =>
    args.grants.filter((grant) => grant.role === role && isAddressEqual(grant.subject, subject)).map((g) => g.account);

  return (results, finding) => {
    const held = roles.map(({ safeHolds }) => wordAt(results, safeHolds));
    if (held.every((value) => value === undefined)) return []; // not AccessControl
    const findings: VerifyFinding[] = [];
    const names = roles.map(({ role }) => role.name);
    const safeHoldsOne =
      held.some((value) => value !== undefined && hexToBigInt(value) !== 0n) ||
      roles.some(({ role }) => granted(role.id).some((account) => isAddressEqual(account, safe)));
    if (!addressAt(results, owner) && !safeHoldsOne) {
      findings.push(
        finding({
          rule: 'role',
          message: `The Safe holds neither ${names.join(' nor ')} on ${subject}, which has no owner(): the Safe cannot upgrade it.`,
          expected: `${safe} holds ${names.join(' or ')}`,
          actual: null,
          subject,
          step,
        }),
      );
    }
    for (const { role, count, members } of roles) {
      const total = wordAt(results, count);
      if (total === undefined) continue; // not enumerable
      const holders = members.flatMap((index) => addressAt(results, index) ?? []);
      const allowed = [safe, ...granted(role.id)];
      const others = holders.filter((holder) => !allowed.some((ok) => isAddressEqual(ok, holder)));
      const more = hexToBigInt(total) - BigInt(holders.length);
      if (others.length === 0 && more <= 0n) continue;
      findings.push(
        finding({
          rule: 'role',
          message: `${role.name} on ${subject} is held by ${others.join(', ') || `${more} more account(s)`} besides the Safe: a second upgrade path.`,
          expected: allowed.join(', '),
          actual: [...holders, ...(more > 0n ? [`${more} more`] : [])].join(', '),
          subject,
          step,
        }),
      );
    }
    return findings;
  };
}
