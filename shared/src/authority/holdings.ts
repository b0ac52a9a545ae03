import { type Address, type Hex, type PublicClient, getAddress, isAddressEqual, zeroAddress } from 'viem';

import { addressInSlot, eip1967Slots } from '../proxy/slots.js';
import { accessControlAbi, isContract, knownRoles, ownableAbi, ownerChain, tryRead } from './readers.js';

/** How an address holds authority over a contract. */
export type HoldingVia =
  /** `owner()` (OpenZeppelin Ownable: ProxyAdmin, UpgradeableBeacon, UUPS implementations, most admin contracts). */
  | 'owner'
  /** `pendingOwner()` (Ownable2Step): may accept the ownership at any time. */
  | 'pendingOwner'
  /** The EIP-1967 admin slot of a Transparent proxy (a ProxyAdmin, then its owner). */
  | 'proxyAdmin'
  /** The EIP-1967 beacon slot of a Beacon proxy (the beacon, then its owner). */
  | 'beaconOwner'
  /** An AccessControl role holder. */
  | 'role';

/** One address holding authority over one contract, and the owners behind it. */
export type AuthorityHolding = {
  contract: Address;
  via: HoldingVia;
  /** For `role`: the role id and its name (the id itself when the name is not known). */
  role?: { id: Hex; name: string };
  /** The direct holder first, then whoever owns it, outwards; the last one is `authority`. */
  holders: Address[];
  /** Who finally decides. */
  authority: Address;
  isSafe: boolean;
};

/** Every holding of a set of contracts at one block. */
export type AuthorityHoldings = { blockNumber: number; contracts: Address[]; holdings: AuthorityHolding[] };

/** An account seen gaining or losing a role (a `RoleGranted` / `RoleRevoked` event): a candidate role holder. */
export type RoleSighting = { contract: Address; role: Hex; account: Address };

export type ReadHoldingsParameters = {
  publicClient: PublicClient;
  contracts: readonly Address[];
  safe: Address;
  blockNumber: bigint;
  /** Accounts seen in role events: checked with `hasRole` when the contract cannot enumerate its role members. */
  roleSightings?: readonly RoleSighting[];
};

/**
 * Who holds authority over each contract at `blockNumber`: its `owner()` and `pendingOwner()`, its EIP-1967 admin
 * (and the ProxyAdmin's owner), its beacon's owner, and AccessControl holders of DEFAULT_ADMIN_ROLE, UPGRADER_ROLE
 * and every role seen in `roleSightings` (enumerated when the contract is AccessControlEnumerable, else the Safe
 * and the sighted accounts are checked with `hasRole`). Each holder is followed outwards through `owner()`.
 * Accounts without code are skipped. The reads are made one at a time (an Anvil fork can deadlock on concurrent
 * reads of a past block).
 *
 * @example
 * const { holdings } = await readHoldings({ publicClient, contracts: [desk.proxies.beacon.beacon], safe, blockNumber });
 * // [{ contract: beacon, via: 'owner', holders: [safe], authority: safe, isSafe: true }]
 */
export async function readHoldings(parameters: ReadHoldingsParameters): Promise<AuthorityHoldings> {
  const { publicClient: client, blockNumber } = parameters;
  const safe = getAddress(parameters.safe);
  const contracts = unique(parameters.contracts);
  const holdings: AuthorityHolding[] = [];
  const holding = async (contract: Address, via: HoldingVia, first: Address, role?: AuthorityHolding['role']) => {
    const holders = [first, ...(await ownerChain(client, first, safe, blockNumber))];
    const authority = holders.at(-1)!;
    holdings.push({ contract, via, ...(role ? { role } : {}), holders, authority, isSafe: authority === safe });
  };
  for (const contract of contracts) {
    if (!(await isContract(client, contract, blockNumber))) continue;
    // One read at a time: an Anvil fork can deadlock on concurrent reads of a past block's state.
    const owner = await tryRead<Address>(client, contract, ownableAbi, 'owner', [], blockNumber);
    const pendingOwner = await tryRead<Address>(client, contract, ownableAbi, 'pendingOwner', [], blockNumber);
    const adminWord = await client.getStorageAt({ address: contract, slot: eip1967Slots.admin, blockNumber });
    const beaconWord = await client.getStorageAt({ address: contract, slot: eip1967Slots.beacon, blockNumber });
    if (owner && owner !== zeroAddress) await holding(contract, 'owner', getAddress(owner));
    if (pendingOwner && pendingOwner !== zeroAddress) await holding(contract, 'pendingOwner', getAddress(pendingOwner));
    const admin = addressInSlot(adminWord);
    if (admin) await holding(contract, 'proxyAdmin', admin);
    const beacon = addressInSlot(beaconWord);
    if (beacon) await holding(contract, 'beaconOwner', beacon);
    for (const { role, members } of await roleMembers(parameters, contract, safe)) {
      for (const member of members) await holding(contract, 'role', member, role);
    }
  }
  return { blockNumber: Number(blockNumber), contracts, holdings };
}

async function roleMembers(
  { publicClient: client, blockNumber, roleSightings = [] }: ReadHoldingsParameters,
  contract: Address,
  safe: Address,
): Promise<{ role: { id: Hex; name: string }; members: Address[] }[]> {
  const hasRole = (role: Hex, account: Address) =>
    tryRead<boolean>(client, contract, accessControlAbi, 'hasRole', [role, account], blockNumber);
  if ((await hasRole(knownRoles[0]!.id, safe)) === undefined) return [];
  const sighted = roleSightings.filter((sighting) => isAddressEqual(sighting.contract, contract));
  const ids = [...new Set([...knownRoles.map((role) => role.id), ...sighted.map((sighting) => sighting.role)])];
  const result: { role: { id: Hex; name: string }; members: Address[] }[] = [];
  for (const id of ids) {
    const role = { id, name: knownRoles.find((known) => known.id === id)?.name ?? id };
    const count = await tryRead<bigint>(client, contract, accessControlAbi, 'getRoleMemberCount', [id], blockNumber);
    const members: Address[] = [];
    if (count !== undefined) {
      for (let i = 0n; i < count && i < 64n; i += 1n) {
        const member = await tryRead<Address>(
          client,
          contract,
          accessControlAbi,
          'getRoleMember',
          [id, i],
          blockNumber,
        );
        if (member) members.push(getAddress(member));
      }
    } else {
      const candidates = unique([safe, ...sighted.filter((s) => s.role === id).map((s) => s.account)]);
      for (const candidate of candidates) if (await hasRole(id, candidate)) members.push(candidate);
    }
    if (members.length > 0) result.push({ role, members });
  }
  return result;
}

/** One address that gained or lost a place among a contract's holders. */
export type HoldingChange = { contract: Address; via: HoldingVia; role?: Hex; address: Address };

/** Authority that left the Safe, or appeared outside the declared set: the gate holds on it. */
export type AuthorityChangeFinding = {
  kind: 'authorityLeftSafe' | 'authorityOutsideDeclared';
  contract: Address;
  via: HoldingVia;
  role?: { id: Hex; name: string };
  /** The direct holder after the change (`null`: nobody holds it any more). */
  holder: Address | null;
  /** Who finally decides after the change (`null`: nobody). */
  authority: Address | null;
  /** Who finally decided before. */
  authorityBefore: Address[];
  message: string;
};

export type DiffHoldingsReturnType = {
  gained: HoldingChange[];
  lost: HoldingChange[];
  findings: AuthorityChangeFinding[];
};

/**
 * Compares the holdings of the same contracts at two blocks. `gained` and `lost` list every address that gained
 * or lost a place among a contract's holders (direct or behind an owner). Findings: an authority the Safe held
 * before and no longer holds (`authorityLeftSafe`, whoever holds it now, or nobody), and an authority that was
 * not there before and is neither the Safe nor in `declared` (`authorityOutsideDeclared`).
 *
 * @example
 * const { findings } = diffHoldings(before, after, { safe, declared: [] });
 * // [{ kind: 'authorityLeftSafe', contract: proxyAdmin, via: 'owner', holder: '0x…', … }]
 */
export function diffHoldings(
  before: AuthorityHoldings,
  after: AuthorityHoldings,
  context: { safe: Address; declared?: readonly Address[] },
): DiffHoldingsReturnType {
  const safe = getAddress(context.safe);
  const declared = new Set([safe, ...(context.declared ?? []).map((address) => getAddress(address))]);
  const groupsBefore = group(before.holdings);
  const groupsAfter = group(after.holdings);
  const gained: HoldingChange[] = [];
  const lost: HoldingChange[] = [];
  const findings: AuthorityChangeFinding[] = [];
  for (const key of new Set([...groupsBefore.keys(), ...groupsAfter.keys()])) {
    const was = groupsBefore.get(key) ?? [];
    const now = groupsAfter.get(key) ?? [];
    const { contract, via, role } = (was[0] ?? now[0])!;
    const change = (address: Address): HoldingChange => ({
      contract,
      via,
      ...(role ? { role: role.id } : {}),
      address,
    });
    const holdersWas = new Set(was.flatMap((entry) => entry.holders));
    const holdersNow = new Set(now.flatMap((entry) => entry.holders));
    for (const address of holdersNow) if (!holdersWas.has(address)) gained.push(change(address));
    for (const address of holdersWas) if (!holdersNow.has(address)) lost.push(change(address));
    const authoritiesWas = unique(was.map((entry) => entry.authority));
    const label = describeVia(contract, via, role);
    if (was.some((entry) => entry.isSafe) && !now.some((entry) => entry.isSafe)) {
      const successor = now[0];
      findings.push({
        kind: 'authorityLeftSafe',
        contract,
        via,
        ...(role ? { role } : {}),
        holder: successor?.holders[0] ?? null,
        authority: successor?.authority ?? null,
        authorityBefore: authoritiesWas,
        message:
          `${label} leaves the Safe: it was the Safe, it is now ` +
          `${successor ? `${successor.holders.join(' → ')}${successor.holders.length > 1 ? ` (authority ${successor.authority})` : ''}` : 'nobody'}` +
          `${now.length > 1 ? ` and ${now.length - 1} more` : ''}. Remove that call from the batch, or stop: the Safe must keep its authority.`,
      });
      continue;
    }
    for (const entry of now) {
      if (entry.isSafe || declared.has(entry.authority) || authoritiesWas.includes(entry.authority)) continue;
      findings.push({
        kind: 'authorityOutsideDeclared',
        contract,
        via,
        ...(role ? { role } : {}),
        holder: entry.holders[0]!,
        authority: entry.authority,
        authorityBefore: authoritiesWas,
        message:
          `${label} gains ${entry.holders.join(' → ')}${entry.holders.length > 1 ? ` (authority ${entry.authority})` : ''}, ` +
          'which is neither the Safe nor a declared authority. Remove that call, or declare the holder in the package ' +
          '("x-manifest-guard": { "authorities": [...] }) if it is intended.',
      });
    }
  }
  return { gained, lost, findings };
}

function group(holdings: readonly AuthorityHolding[]): Map<string, AuthorityHolding[]> {
  const groups = new Map<string, AuthorityHolding[]>();
  for (const entry of holdings) {
    const key = `${entry.contract}|${entry.via}|${entry.role?.id ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return groups;
}

function describeVia(contract: Address, via: HoldingVia, role: AuthorityHolding['role']): string {
  switch (via) {
    case 'owner':
      return `The owner() of ${contract}`;
    case 'pendingOwner':
      return `The pending owner (pendingOwner()) of ${contract}`;
    case 'proxyAdmin':
      return `The admin of proxy ${contract} (EIP-1967 admin slot and the ProxyAdmin's owner)`;
    case 'beaconOwner':
      return `The beacon owner of proxy ${contract}`;
    case 'role':
      return `Role ${role?.name ?? '?'} of ${contract}`;
  }
}

function unique(addresses: readonly Address[]): Address[] {
  return [...new Set(addresses.map((address) => getAddress(address)))];
}
