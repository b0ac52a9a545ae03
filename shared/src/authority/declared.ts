import { type Address, getAddress, isAddress } from 'viem';

import type { ReleasePackage } from '../package/schema.js';
import { AuthorityInputError } from './errors.js';
import { roleOf } from './readers.js';

/** Where a package declares the authorities the team expects besides the Safe. */
export const declaredAuthoritiesKey = 'x-manifest-guard';

/**
 * The authorities a package declares besides the Safe (`"x-manifest-guard": { "authorities": ["0x…"] }`): a holder
 * that appears outside them (and the Safe) is an `authorityOutsideDeclared` finding. Empty when none are declared.
 *
 * @throws {AuthorityInputError} when `authorities` is not a list of addresses.
 *
 * @example
 * declaredAuthorities(pkg); // ['0x…'] (e.g. a Timelock the release hands a role to on purpose)
 */
export function declaredAuthorities(pkg: ReleasePackage): Address[] {
  const extension = pkg.extra[declaredAuthoritiesKey] as { authorities?: unknown } | undefined;
  const list = extension?.authorities;
  if (list === undefined) return [];
  if (
    !Array.isArray(list) ||
    !list.every((entry) => typeof entry === 'string' && isAddress(entry, { strict: false }))
  ) {
    throw new AuthorityInputError(
      `"${declaredAuthoritiesKey}".authorities of the package is not a list of addresses`,
      `Write "${declaredAuthoritiesKey}": { "authorities": ["0x…"] } (the accounts expected to hold authority besides the Safe), or remove it.`,
    );
  }
  return list.map((entry) => getAddress((entry as string).toLowerCase()));
}

/**
 * The shortest timelock delay (seconds) the package accepts for a timelock holding upgrade authority
 * (`"x-manifest-guard": { "minTimelockDelay": 172800 }`); `undefined` when none is given.
 *
 * @throws {AuthorityInputError} when `minTimelockDelay` is not a non-negative whole number of seconds.
 *
 * @example
 * declaredMinTimelockDelay(pkg); // 172800n: a timelock with a shorter delay is `holderIsShortTimelock`
 */
export function declaredMinTimelockDelay(pkg: ReleasePackage): bigint | undefined {
  const extension = pkg.extra[declaredAuthoritiesKey] as { minTimelockDelay?: unknown } | undefined;
  const value = extension?.minTimelockDelay;
  if (value === undefined) return undefined;
  const text = typeof value === 'number' || typeof value === 'string' ? String(value) : '';
  if (!/^\d+$/.test(text)) {
    throw new AuthorityInputError(
      `"${declaredAuthoritiesKey}".minTimelockDelay of the package is not a whole number of seconds`,
      `Write "${declaredAuthoritiesKey}": { "minTimelockDelay": 172800 } (seconds), or remove it.`,
    );
  }
  return BigInt(text);
}

/**
 * The AccessControl roles a package asks the authority map to read on its proxies besides the upgrade roles
 * (`"x-manifest-guard": { "roles": ["MINTER_ROLE", "PAUSER_ROLE"] }`, names or bytes32 ids); `undefined` when none
 * are given (the map's default, MINTER_ROLE). Each is checked at once, so a bad one is said before any chain read.
 *
 * @throws {AuthorityInputError} when `roles` is not a list of role names or bytes32 ids.
 *
 * @example
 * declaredRoles(pkg); // ['MINTER_ROLE', 'PAUSER_ROLE']: an EOA or a 1-of-N Safe holding one is a finding
 */
export function declaredRoles(pkg: ReleasePackage): string[] | undefined {
  const extension = pkg.extra[declaredAuthoritiesKey] as { roles?: unknown } | undefined;
  const list = extension?.roles;
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || !list.every((entry) => typeof entry === 'string')) {
    throw new AuthorityInputError(
      `"${declaredAuthoritiesKey}".roles of the package is not a list of role names or ids`,
      `Write "${declaredAuthoritiesKey}": { "roles": ["MINTER_ROLE"] } (names, or 32-byte role ids), or remove it.`,
    );
  }
  for (const entry of list) roleOf(entry);
  return list as string[];
}
