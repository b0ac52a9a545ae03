import { type Address, type PublicClient, getAddress, zeroAddress } from 'viem';

import { detectProxyKind } from '../proxy/detectProxyKind.js';
import { eip1967Slots } from '../proxy/slots.js';
import { assertReachable } from './errors.js';
import { accessControlAbi, knownRoles, ownerChain, ownableAbi, proxiableAbi, tryRead } from './readers.js';
import { classifyHolders } from './classifyHolder.js';
import { type AuthorityExpectations, proxyFindings, withExpectations } from './findings.js';
import type { AuthorityMap, AuthorityPath, ProxyAuthority } from './types.js';

export type AuthorityMapParameters = AuthorityExpectations & {
  publicClient: PublicClient;
  proxies: readonly Address[];
  safe: Address;
  /** Classify each path's final holder (`classifyHolder`) and report its risk (default: true). */
  classify?: boolean;
};
export type AuthorityMapReturnType = AuthorityMap;

/**
 * For each proxy, every path that can upgrade it (SPEC "Authority map"): the ProxyAdmin and its owner for a
 * Transparent proxy, `owner()` of a UUPS proxy (implementation-defined: `_authorizeUpgrade` decides), the beacon's
 * owner, and OpenZeppelin AccessControl roles (DEFAULT_ADMIN_ROLE, UPGRADER_ROLE) when the proxy answers
 * `hasRole`. Each path's final holder (a role path's member) is classified (`holder`: EOA, Safe with its threshold,
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
  ...expectations
}: AuthorityMapParameters): Promise<AuthorityMapReturnType> {
  await assertReachable(publicClient);
  const safe = getAddress(rawSafe);
  const entries: ProxyAuthority[] = [];
  for (const raw of proxies) entries.push(await proxyAuthority(publicClient, getAddress(raw), safe));
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

async function proxyAuthority(client: PublicClient, proxy: Address, safe: Address): Promise<ProxyAuthority> {
  let detected: Awaited<ReturnType<typeof detectProxyKind>>;
  try {
    detected = await detectProxyKind({ client, address: proxy });
  } catch {
    return { proxy, kind: 'unknown', paths: [] };
  }
  const path = (via: AuthorityPath['via'], holders: Address[], extra: Partial<AuthorityPath> = {}): AuthorityPath => {
    const authority = holders.at(-1);
    return { via, holders, authority, isSafe: authority === safe, ...extra };
  };
  const paths: AuthorityPath[] = [];
  if (detected.kind === 'transparent-v4' || detected.kind === 'transparent-v5') {
    const admin = getAddress(detected.admin);
    if (detected.adminIsContract) paths.push(path('proxyAdmin', [admin, ...(await ownerChain(client, admin, safe))]));
    else paths.push(path('admin', [admin]));
    if (detected.implementation && (await isUups(client, detected.implementation))) {
      paths.push(await uupsPath(client, proxy, safe, 'uupsImplementation', path));
    }
    return { proxy, kind: detected.kind, implementation: detected.implementation, admin, paths };
  }
  if (detected.kind === 'beacon') {
    const beacon = getAddress(detected.beacon);
    paths.push(path('beaconOwner', [beacon, ...(await ownerChain(client, beacon, safe))]));
    if (detected.implementation && (await isUups(client, detected.implementation))) {
      paths.push(await uupsPath(client, proxy, safe, 'uupsImplementation', path));
    }
    return { proxy, kind: 'beacon', implementation: detected.implementation, beacon, paths };
  }
  // An AccessControl UUPS contract usually has no owner(): its roles are the upgrade paths then.
  const ownerPath = await uupsPath(client, proxy, safe, 'uupsOwner', path);
  const roles = await rolePaths(client, proxy, safe, path);
  if (ownerPath.authority || roles.length === 0) paths.push(ownerPath);
  paths.push(...roles);
  return { proxy, kind: 'uups', implementation: detected.implementation, paths };
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

async function rolePaths(
  client: PublicClient,
  proxy: Address,
  safe: Address,
  path: MakePath,
): Promise<AuthorityPath[]> {
  const probe = await tryRead<boolean>(client, proxy, accessControlAbi, 'hasRole', [knownRoles[0]!.id, safe]);
  if (probe === undefined) return [];
  const paths: AuthorityPath[] = [];
  for (const role of knownRoles) {
    const admin = await tryRead<`0x${string}`>(client, proxy, accessControlAbi, 'getRoleAdmin', [role.id]);
    const count = await tryRead<bigint>(client, proxy, accessControlAbi, 'getRoleMemberCount', [role.id]);
    const members: Address[] = [];
    if (count !== undefined) {
      for (let i = 0n; i < count; i += 1n) {
        const member = await tryRead<Address>(client, proxy, accessControlAbi, 'getRoleMember', [role.id, i]);
        if (member) members.push(getAddress(member));
      }
    } else if (await tryRead<boolean>(client, proxy, accessControlAbi, 'hasRole', [role.id, safe])) {
      members.push(safe);
    }
    const note =
      count === undefined ? 'members not enumerable: only whether the Safe holds the role is known' : undefined;
    for (const member of members) {
      paths.push(path('role', [member], { role: { id: role.id, name: role.name, admin }, note }));
    }
  }
  return paths;
}
