import { type Address, type Hex, type PublicClient, getAddress, zeroAddress } from 'viem';

import { detectProxyKind } from '../proxy/detectProxyKind.js';
import { eip1967Slots } from '../proxy/slots.js';
import { assertReachable } from './errors.js';
import {
  accessControlAbi,
  beaconAbi,
  defaultWatchedRoles,
  isContract,
  knownRoles,
  nameOfRole,
  ownerChain,
  ownableAbi,
  proxiableAbi,
  roleOf,
  tryRead,
} from './readers.js';
import { classifyHolders } from './classifyHolder.js';
import { type AuthorityExpectations, proxyFindings, withExpectations } from './findings.js';
import type { AuthorityMap, AuthorityPath, ProxyAuthority } from './types.js';

export type AuthorityMapParameters = AuthorityExpectations & {
  publicClient: PublicClient;
  proxies: readonly Address[];
  safe: Address;
  /** Classify each path's final holder (`classifyHolder`) and report its risk (default: true). */
  classify?: boolean;
  /**
   * AccessControl roles to map on each proxy besides the upgrade roles, by name (`MINTER_ROLE`) or bytes32 id
   * (default `['MINTER_ROLE']`; the package's `"x-manifest-guard": { "roles": [...] }`). Their holders, and the
   * holders of their admin roles, are paths too: not upgrade paths, but a single key or a 1-of-N Safe holding one is
   * a finding all the same.
   */
  roles?: readonly string[];
};
export type AuthorityMapReturnType = AuthorityMap;

/**
 * For each proxy, every path that can upgrade it (SPEC "Authority map"): the ProxyAdmin and its owner for a
 * Transparent proxy, `owner()` of a UUPS proxy (implementation-defined: `_authorizeUpgrade` decides), the beacon's
 * owner, and OpenZeppelin AccessControl roles (DEFAULT_ADMIN_ROLE, UPGRADER_ROLE) when the proxy answers
 * `hasRole`. With `roles` (default MINTER_ROLE), the members of those roles and of their admin roles, on any proxy
 * kind, as paths that do not upgrade (`role.upgrades: false`). Each path's final holder (a role path's member) is classified (`holder`: EOA, Safe with its threshold,
 * guard and modules, timelock with its delay, other contract). `findings` lists what the gate holds on: a path whose
 * final authority is not the Safe (or, with `declared`, neither the Safe nor declared: `undeclaredPath`), a second
 * upgrade path (e.g. a UUPS implementation behind a Transparent proxy), an authority that could not be resolved, and
 * the holder's risk: an EOA, a 1-of-N Safe, a Safe without Manifest Guard (the team's own too), a timelock shorter
 * than `minTimelockDelay`. The Safe guarded by Manifest Guard with a threshold of 2 or more raises none.
 *
 * @throws {RpcUnreachableError} when the node does not answer.
 *
 * @example
 * const map = await authorityMap({ publicClient, proxies: [desk.proxies.transparent.proxy], safe: desk.safe });
 * map.findings; // [] when the Safe is the only authority
 */
export async function authorityMap({
  publicClient,
  proxies,
  safe: rawSafe,
  classify = true,
  roles = defaultWatchedRoles,
  ...expectations
}: AuthorityMapParameters): Promise<AuthorityMapReturnType> {
  const watched = roles.map(roleOf);
  await assertReachable(publicClient);
  const safe = getAddress(rawSafe);
  const entries: ProxyAuthority[] = [];
  for (const raw of proxies) entries.push(await proxyAuthority(publicClient, getAddress(raw), safe, watched));
  if (classify) {
    const authorities = entries.flatMap((entry) => entry.paths.flatMap((path) => path.authority ?? []));
    const classes = await classifyHolders(publicClient, authorities);
    for (const path of entries.flatMap((entry) => entry.paths)) {
      const holder = path.authority && classes.get(path.authority);
      if (holder) path.holder = holder;
    }
  }
  const findings = entries.flatMap(proxyFindings);
  return withExpectations({ safe, proxies: entries, findings }, expectations);
}

async function proxyAuthority(
  client: PublicClient,
  proxy: Address,
  safe: Address,
  watched: readonly Role[],
): Promise<ProxyAuthority> {
  const path = (via: AuthorityPath['via'], holders: Address[], extra: Partial<AuthorityPath> = {}): AuthorityPath => {
    const authority = holders.at(-1);
    return { via, holders, authority, isSafe: authority === safe, ...extra };
  };
  let detected: Awaited<ReturnType<typeof detectProxyKind>>;
  try {
    detected = await detectProxyKind({ client, address: proxy });
  } catch {
    // A beacon upgrade step calls the beacon, not its proxies: an UpgradeableBeacon stands for all of them.
    const implementation = await beaconImplementation(client, proxy);
    if (!implementation) return { proxy, kind: 'unknown', paths: [] };
    const beaconPath = path('beaconOwner', [proxy, ...(await ownerChain(client, proxy, safe))]);
    return { proxy, kind: 'upgradeableBeacon', implementation, beacon: proxy, paths: [beaconPath] };
  }
  const paths: AuthorityPath[] = [];
  if (detected.kind === 'transparent-v4' || detected.kind === 'transparent-v5') {
    const admin = getAddress(detected.admin);
    if (detected.adminIsContract) paths.push(path('proxyAdmin', [admin, ...(await ownerChain(client, admin, safe))]));
    else paths.push(path('admin', [admin]));
    if (detected.implementation && (await isUups(client, detected.implementation))) {
      paths.push(await uupsPath(client, proxy, safe, 'uupsImplementation', path));
    }
    paths.push(...(await rolePaths(client, proxy, safe, path, { upgrade: [], watched })));
    return { proxy, kind: detected.kind, implementation: detected.implementation, admin, paths };
  }
  if (detected.kind === 'beacon') {
    const beacon = getAddress(detected.beacon);
    paths.push(path('beaconOwner', [beacon, ...(await ownerChain(client, beacon, safe))]));
    if (detected.implementation && (await isUups(client, detected.implementation))) {
      paths.push(await uupsPath(client, proxy, safe, 'uupsImplementation', path));
    }
    paths.push(...(await rolePaths(client, proxy, safe, path, { upgrade: [], watched })));
    return { proxy, kind: 'beacon', implementation: detected.implementation, beacon, paths };
  }
  // An AccessControl UUPS contract usually has no owner(): its roles are the upgrade paths then.
  const ownerPath = await uupsPath(client, proxy, safe, 'uupsOwner', path);
  const roles = await rolePaths(client, proxy, safe, path, { upgrade: knownRoles, watched });
  if (ownerPath.authority || !roles.some((role) => role.role?.upgrades)) paths.push(ownerPath);
  paths.push(...roles);
  return { proxy, kind: 'uups', implementation: detected.implementation, paths };
}

/**
 * The implementation of an OpenZeppelin UpgradeableBeacon (`implementation()` names a contract and `owner()`
 * answers), `undefined` for anything else: a beacon upgrade step calls the beacon, which then stands for its proxies.
 *
 * @example
 * await beaconImplementation(publicClient, desk.proxies.beacon.beacon); // '0x…' (poolV1)
 */
export async function beaconImplementation(client: PublicClient, address: Address): Promise<Address | undefined> {
  const implementation = await tryRead<Address>(client, address, beaconAbi, 'implementation');
  if (!implementation || implementation === zeroAddress) return undefined;
  if ((await tryRead<Address>(client, address, ownableAbi, 'owner')) === undefined) return undefined;
  return (await isContract(client, implementation)) ? getAddress(implementation) : undefined;
}

async function isUups(client: PublicClient, implementation: Address): Promise<boolean> {
  return (await tryRead(client, implementation, proxiableAbi, 'proxiableUUID')) === eip1967Slots.implementation;
}

type MakePath = (via: AuthorityPath['via'], holders: Address[], extra?: Partial<AuthorityPath>) => AuthorityPath;

async function uupsPath(
  client: PublicClient,
  proxy: Address,
  safe: Address,
  via: 'uupsOwner' | 'uupsImplementation',
  path: MakePath,
): Promise<AuthorityPath> {
  const owner = await tryRead<Address>(client, proxy, ownableAbi, 'owner');
  const note =
    'implementation-defined: _authorizeUpgrade of the implementation decides; owner() is the usual rule' +
    (via === 'uupsImplementation' ? ' (a UUPS implementation behind another proxy kind is a second upgrade path)' : '');
  if (!owner || owner === zeroAddress) return path(via, [], { note, authority: undefined, isSafe: false });
  const first = getAddress(owner);
  return path(via, [first, ...(await ownerChain(client, first, safe))], { note });
}

type Role = { name: string; id: Hex };

/** A role's members read one by one at most this far (the list is the contract's storage, not ours). */
const maxMembersRead = 50n;
/** Roles followed at most, admin roles included. */
const maxRolesRead = 16;

/**
 * The members of `upgrade` (roles that can upgrade the proxy) and `watched` (configured roles), and of each one's
 * admin role (who can grant it: it can as much as the role), when the proxy answers AccessControl's `hasRole`.
 */
async function rolePaths(
  client: PublicClient,
  proxy: Address,
  safe: Address,
  path: MakePath,
  { upgrade, watched }: { upgrade: readonly Role[]; watched: readonly Role[] },
): Promise<AuthorityPath[]> {
  if (upgrade.length === 0 && watched.length === 0) return [];
  const probe = await tryRead<boolean>(client, proxy, accessControlAbi, 'hasRole', [knownRoles[0]!.id, safe]);
  if (probe === undefined) return [];
  const queue: (Role & { upgrades: boolean })[] = [
    ...upgrade.map((role) => ({ ...role, upgrades: true })),
    ...watched
      .filter((role) => !upgrade.some((known) => known.id === role.id))
      .map((role) => ({ ...role, upgrades: false })),
  ];
  const paths: AuthorityPath[] = [];
  for (let index = 0; index < queue.length && index < maxRolesRead; index += 1) {
    const role = queue[index]!;
    const admin = await tryRead<Hex>(client, proxy, accessControlAbi, 'getRoleAdmin', [role.id]);
    if (admin && !queue.some((queued) => queued.id === admin)) {
      queue.push({ id: admin, name: nameOfRole(admin) ?? `the admin role of ${role.name}`, upgrades: role.upgrades });
    }
    const count = await tryRead<bigint>(client, proxy, accessControlAbi, 'getRoleMemberCount', [role.id]);
    const members: Address[] = [];
    if (count !== undefined) {
      for (let i = 0n; i < count && i < maxMembersRead; i += 1n) {
        const member = await tryRead<Address>(client, proxy, accessControlAbi, 'getRoleMember', [role.id, i]);
        if (member) members.push(getAddress(member));
      }
    } else if (await tryRead<boolean>(client, proxy, accessControlAbi, 'hasRole', [role.id, safe])) {
      members.push(safe);
    }
    const note =
      count === undefined
        ? 'members not enumerable: only whether the Safe holds the role is known'
        : count > maxMembersRead
          ? `the first ${maxMembersRead} of ${count} members`
          : undefined;
    for (const member of members) {
      paths.push(
        path('role', [member], { role: { id: role.id, name: role.name, admin, upgrades: role.upgrades }, note }),
      );
    }
  }
  return paths;
}
