import type { Address, Hex } from 'viem';

import type { ProxyKind } from '../proxy/detectProxyKind.js';

/** How an upgrade authority reaches a proxy. */
export type AuthorityVia =
  /** Transparent proxy: the EIP-1967 admin (a ProxyAdmin) and whoever owns it. */
  | 'proxyAdmin'
  /** Transparent proxy whose admin is an account, not a ProxyAdmin (possible with OpenZeppelin v4). */
  | 'admin'
  /** UUPS: `owner()` of the proxy; the upgrade rule is implementation-defined. */
  | 'uupsOwner'
  /** UUPS implementation behind a Transparent or Beacon proxy: a second upgrade path. */
  | 'uupsImplementation'
  /** Beacon proxy: the beacon's owner. */
  | 'beaconOwner'
  /** OpenZeppelin AccessControl role (DEFAULT_ADMIN_ROLE, UPGRADER_ROLE) held by an account. */
  | 'role';

/** One path that can upgrade a proxy: the chain of holders from the proxy outwards and the final authority. */
export type AuthorityPath = {
  via: AuthorityVia;
  /** Contracts and accounts the path goes through, nearest first; the last one is `authority`. */
  holders: Address[];
  /** Who finally decides (the end of `holders`), `undefined` when it could not be resolved. */
  authority: Address | undefined;
  /** Whether `authority` is the Safe. */
  isSafe: boolean;
  /** For `role` paths: the role id and its name when known. */
  role?: { id: Hex; name: string; admin?: Hex };
  /** What to know about the path (e.g. "implementation-defined"). */
  note?: string;
};

/** Who can upgrade one proxy. */
export type ProxyAuthority = {
  proxy: Address;
  kind: ProxyKind | 'unknown';
  implementation?: Address;
  admin?: Address;
  beacon?: Address;
  paths: AuthorityPath[];
};

export type AuthorityFindingKind =
  /** A path ends in an authority other than the Safe. */
  | 'authorityNotSafe'
  /** More than one path can upgrade the proxy (proxy admin ambiguity). */
  | 'secondUpgradePath'
  /** Nobody could be resolved (no owner, no roles): the upgrade rule is unknown. */
  | 'unresolvedAuthority'
  /** The address is not a proxy of a known kind. */
  | 'unknownProxy';

/** Something about a proxy's upgrade authority the team does not expect; the gate holds on it. */
export type AuthorityFinding = {
  proxy: Address;
  kind: AuthorityFindingKind;
  message: string;
  path?: AuthorityPath;
};

/** Who can upgrade each proxy, and what is wrong with it. */
export type AuthorityMap = { safe: Address; proxies: ProxyAuthority[]; findings: AuthorityFinding[] };
