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
  /**
   * OpenZeppelin AccessControl role held by an account: an upgrade role (DEFAULT_ADMIN_ROLE, UPGRADER_ROLE of a UUPS
   * proxy), or a configured one (MINTER_ROLE, …) and its admin role, which do not upgrade (`role.upgrades`).
   */
  | 'role';

/**
 * What kind of account finally holds an authority (`classifyHolder`): a single key, a Safe (how many must sign,
 * whether Manifest Guard guards it, which modules may bypass its owners), a timelock (its delay) or another contract.
 */
export type HolderClass =
  /** No code, or an EIP-7702 delegation (`0xef0100…`): one private key decides. */
  | { kind: 'eoa'; delegatedTo?: Address }
  | {
      kind: 'safe';
      /** `VERSION()`, e.g. "1.5.0". */
      version: string;
      /** Owners that must sign (`getThreshold()`). */
      threshold: number;
      /** How many owners it has (`getOwners().length`). */
      owners: number;
      /** The transaction guard installed (`undefined`: none). */
      guard: Address | undefined;
      /** Whether that guard is a Manifest Guard bound to this Safe (its `SAFE()` answers the Safe). */
      guardIsManifestGuard: boolean;
      /** The module guard (Safe 1.5.0; `undefined`: none or an older Safe). */
      moduleGuard: Address | undefined;
      /** Enabled modules (at most the first 20): each can execute without the owners' signatures. */
      modules: Address[];
    }
  /** An OpenZeppelin TimelockController (`getMinDelay()`). */
  | { kind: 'timelock'; minDelay: bigint }
  /** A contract that is neither (a multisig of another kind, a governor, anything else). */
  | { kind: 'contract' };

/**
 * One path that can upgrade a proxy (or, for a configured role, use that role on it): the chain of holders from the
 * proxy outwards and the final authority.
 */
export type AuthorityPath = {
  via: AuthorityVia;
  /** Contracts and accounts the path goes through, nearest first; the last one is `authority`. */
  holders: Address[];
  /** Who finally decides (the end of `holders`), `undefined` when it could not be resolved. */
  authority: Address | undefined;
  /** Whether `authority` is the Safe. */
  isSafe: boolean;
  /** What kind of account `authority` is (absent when there is none, or the map was built without reading it). */
  holder?: HolderClass;
  /**
   * For `role` paths: the role id, its name when known, its admin role, and whether holding it can upgrade the proxy
   * (an upgrade role of a UUPS proxy, or its admin) or only do what the role allows (MINTER_ROLE, …).
   */
  role?: { id: Hex; name: string; admin?: Hex; upgrades: boolean };
  /** What to know about the path (e.g. "implementation-defined"). */
  note?: string;
};

/**
 * Who can upgrade one proxy. An OpenZeppelin UpgradeableBeacon given in place of its proxies (a beacon upgrade step
 * calls the beacon) is `kind: 'upgradeableBeacon'`, `proxy` and `beacon` its address: its owner upgrades every proxy
 * behind it at once.
 */
export type ProxyAuthority = {
  proxy: Address;
  kind: ProxyKind | 'upgradeableBeacon' | 'unknown';
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
  | 'unknownProxy'
  /** A path ends in an externally owned account: one key can upgrade. */
  | 'holderIsEoa'
  /** A path ends in a Safe whose threshold is 1: any one of its owners can upgrade. */
  | 'holderIsSingleSignerSafe'
  /**
   * A path ends in a Safe (the team's own included) without Manifest Guard (its owners can sign any upgrade), or
   * guarded but with enabled modules that execute without the guard (no module guard, or another one).
   */
  | 'holderSafeUnguarded'
  /** A path ends in a timelock whose delay is shorter than the caller's minimum. */
  | 'holderIsShortTimelock'
  /** Authorities are declared, and a path ends in one that is neither the Safe nor declared. */
  | 'undeclaredPath';

/** Something about a proxy's upgrade authority the team does not expect; the gate holds on it. */
export type AuthorityFinding = {
  proxy: Address;
  kind: AuthorityFindingKind;
  message: string;
  path?: AuthorityPath;
};

/** Who can upgrade each proxy, and what is wrong with it. */
export type AuthorityMap = { safe: Address; proxies: ProxyAuthority[]; findings: AuthorityFinding[] };
