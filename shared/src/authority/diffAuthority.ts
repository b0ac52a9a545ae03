import type { Address, Hex } from 'viem';

import type { AuthorityMap, AuthorityVia } from './types.js';

/** One address holding (or no longer holding) a place on an upgrade path of a proxy. */
export type AuthorityChange = { proxy: Address; via: AuthorityVia; address: Address; role?: Hex };

export type DiffAuthorityReturnType = { gained: AuthorityChange[]; lost: AuthorityChange[]; changed: boolean };

/**
 * The addresses that gained or lost a place on an upgrade path (a ProxyAdmin, its owner, a beacon owner, a role
 * holder, …) between two authority maps, e.g. before and after a simulated phase.
 *
 * @example
 * const { gained } = diffAuthority(before, after); // [{ proxy, via: 'proxyAdmin', address: '0x…' }]
 */
export function diffAuthority(before: AuthorityMap, after: AuthorityMap): DiffAuthorityReturnType {
  const a = changes(before);
  const b = changes(after);
  const gained = [...b.entries()].filter(([key]) => !a.has(key)).map(([, change]) => change);
  const lost = [...a.entries()].filter(([key]) => !b.has(key)).map(([, change]) => change);
  return { gained, lost, changed: gained.length > 0 || lost.length > 0 };
}

function changes(map: AuthorityMap): Map<string, AuthorityChange> {
  const result = new Map<string, AuthorityChange>();
  for (const entry of map.proxies) {
    for (const path of entry.paths) {
      for (const address of path.holders) {
        const change: AuthorityChange = { proxy: entry.proxy, via: path.via, address };
        if (path.role) change.role = path.role.id;
        result.set(`${entry.proxy}|${path.via}|${path.role?.id ?? ''}|${address}`, change);
      }
    }
  }
  return result;
}
