import { type Address, getAddress } from 'viem';

import { describeHolder } from './classifyHolder.js';
import type { AuthorityFinding, AuthorityMap, AuthorityPath, ProxyAuthority } from './types.js';

/** What the team expects of its upgrade authority, besides the Safe. */
export type AuthorityExpectations = {
  /**
   * The authorities the team declares besides the Safe (`declaredAuthorities(pkg)`). When not empty, a path that ends
   * in one of them is expected, and a path that ends in anyone else is `undeclaredPath` (instead of
   * `authorityNotSafe`).
   */
  declared?: readonly Address[];
  /** The shortest timelock delay (seconds) the team accepts: a timelock holder below it is `holderIsShortTimelock`. */
  minTimelockDelay?: bigint;
};

/**
 * The findings of one proxy's upgrade paths: an unknown proxy, a second upgrade path, an unresolved authority, an
 * authority that is not the Safe (not for a configured role such as MINTER_ROLE: a contract may hold it by design),
 * and the holder's risk (`holderIsEoa`, `holderIsSingleSignerSafe`,
 * `holderSafeUnguarded`: no Manifest Guard, or enabled modules that run without it) for every path whose final holder
 * was classified (the Safe's own included). Each holder
 * risk names the holder, what it is, how it holds the authority and what to do.
 *
 * @example
 * proxyFindings(entry); // [{ kind: 'holderIsEoa', proxy, message: '… ends in 0x…, an EOA …', path }]
 */
export function proxyFindings(entry: ProxyAuthority): AuthorityFinding[] {
  const { proxy } = entry;
  if (entry.kind === 'unknown') {
    return [
      {
        proxy,
        kind: 'unknownProxy',
        message: `${proxy} is not a proxy of a known kind: who can upgrade it cannot be resolved. Check the address.`,
      },
    ];
  }
  const findings: AuthorityFinding[] = [];
  for (const path of entry.paths) {
    if (path.via === 'uupsImplementation') {
      findings.push({
        proxy,
        kind: 'secondUpgradePath',
        path,
        message:
          `${proxy} (${entry.kind}) runs a UUPS implementation: besides its ${entry.kind === 'beacon' ? 'beacon' : 'ProxyAdmin'}, ` +
          `upgradeToAndCall through the proxy is a second upgrade path (authority ${path.authority ?? 'unresolved'}).`,
      });
    } else if (!path.authority) {
      findings.push({
        proxy,
        kind: 'unresolvedAuthority',
        path,
        message: `${proxy}: the ${path.via} path has no resolvable authority (no owner()). Check _authorizeUpgrade.`,
      });
    } else if (!path.isSafe && upgrades(path)) {
      findings.push({
        proxy,
        kind: 'authorityNotSafe',
        path,
        message:
          `${proxy}: the ${path.via} path (${path.holders.join(' → ')}) ends in ${path.authority}, not the Safe. ` +
          'Move that authority to the Safe.',
      });
    }
    findings.push(...holderRisks(proxy, path));
  }
  return findings;
}

/**
 * The map's findings adjusted to what the team expects: with `declared` authorities, a path ending in a declared one
 * loses its `authorityNotSafe` finding and a path ending in anyone else gets `undeclaredPath` instead; with
 * `minTimelockDelay`, a timelock holder below it gets `holderIsShortTimelock`. Holder risks stay (a declared EOA is
 * still one key). Idempotent; without expectations the findings are returned as they are.
 *
 * @example
 * withExpectations(map, { declared: [timelock], minTimelockDelay: 172_800n }).findings;
 */
export function withExpectations(map: AuthorityMap, expectations: AuthorityExpectations = {}): AuthorityMap {
  const declared = new Set((expectations.declared ?? []).map((address) => getAddress(address)));
  const findings: AuthorityFinding[] = [];
  for (const finding of map.findings) {
    const authority = finding.path?.authority;
    if (declared.size > 0 && authority && (finding.kind === 'authorityNotSafe' || finding.kind === 'undeclaredPath')) {
      if (!declared.has(authority)) findings.push(undeclared(finding.proxy, finding.path!, [...declared]));
      continue;
    }
    if (finding.kind === 'holderIsShortTimelock') continue;
    findings.push(finding);
  }
  const min = expectations.minTimelockDelay;
  if (min !== undefined) {
    for (const entry of map.proxies) {
      for (const path of entry.paths) {
        if (path.holder?.kind === 'timelock' && path.holder.minDelay < min) {
          findings.push({
            proxy: entry.proxy,
            kind: 'holderIsShortTimelock',
            path,
            message:
              `${entry.proxy}: ${path.authority}, a TimelockController with a delay of ${path.holder.minDelay} s, ` +
              `${holdsVia(path)}: an upgrade it schedules can run after ${path.holder.minDelay} s, less than the ` +
              `${min} s the team requires. Raise its delay (updateDelay through the timelock) to at least ${min} s.`,
          });
        }
      }
    }
  }
  return { ...map, findings };
}

function undeclared(proxy: Address, path: AuthorityPath, declared: Address[]): AuthorityFinding {
  return {
    proxy,
    kind: 'undeclaredPath',
    path,
    message:
      `${proxy}: the ${path.via} path (${path.holders.join(' → ')}) ends in ${path.authority}` +
      `${path.holder ? ` (${describeHolder(path.holder)})` : ''}, which is neither the Safe nor a declared authority ` +
      `(${declared.join(', ')}). Move that authority to the Safe, or declare it in the package ` +
      '("x-manifest-guard": { "authorities": [...] }) if the team means it to hold it.',
  };
}

function holderRisks(proxy: Address, path: AuthorityPath): AuthorityFinding[] {
  const { holder, authority } = path;
  if (!holder || !authority) return [];
  const who = path.isSafe ? `the Safe ${authority}` : authority;
  const move = path.isSafe
    ? ''
    : ' Or move the authority to the Safe guarded by Manifest Guard (transferOwnership / grantRole through a release).';
  if (holder.kind === 'eoa') {
    return [
      {
        proxy,
        kind: 'holderIsEoa',
        path,
        message:
          `${proxy}: ${who}, an externally owned account${holder.delegatedTo ? ` (EIP-7702, delegated to ${holder.delegatedTo})` : ''}, ` +
          `${holdsVia(path)}: whoever holds its key can ${power(path)} alone, outside any release. ` +
          'Move the authority to the Safe guarded by Manifest Guard (transferOwnership / grantRole through a release).',
      },
    ];
  }
  if (holder.kind !== 'safe') return [];
  const findings: AuthorityFinding[] = [];
  if (holder.threshold === 1) {
    findings.push({
      proxy,
      kind: 'holderIsSingleSignerSafe',
      path,
      message:
        `${proxy}: ${who}, a 1-of-${holder.owners} Safe ${holder.version}, ${holdsVia(path)}: any one of its ` +
        `${holder.owners} owners can ${power(path)} alone. Raise its threshold (changeThreshold) to at least 2.${move}`,
    });
  }
  const bypass = holder.guardIsManifestGuard && holder.modules.length > 0 && holder.moduleGuard !== holder.guard;
  if (bypass) {
    const why = holder.moduleGuard
      ? `its module guard ${holder.moduleGuard} is not that Manifest Guard`
      : `no module guard is set${holder.version.startsWith('1.5.') ? '' : ` (Safe ${holder.version} has none)`}`;
    findings.push({
      proxy,
      kind: 'holderSafeUnguarded',
      path,
      message:
        `${proxy}: ${who}, a ${holder.threshold}-of-${holder.owners} Safe ${holder.version} with Manifest Guard, ` +
        `${holdsVia(path)}, but its ${holder.modules.length} enabled module(s) (${holder.modules.join(', ')}) ` +
        `execute without the guard: ${why}. Disable the module(s) (disableModule through a release), or on Safe ` +
        `1.5.0 set the Manifest Guard as module guard (setModuleGuard).${move}`,
    });
  }
  if (!holder.guardIsManifestGuard) {
    const guard = holder.guard ? `guard ${holder.guard}, which is not a Manifest Guard for it` : 'no guard';
    const modules =
      holder.modules.length > 0
        ? ` Its ${holder.modules.length} enabled module(s) (${holder.modules.join(', ')}) can execute without signatures too.`
        : '';
    findings.push({
      proxy,
      kind: 'holderSafeUnguarded',
      path,
      message:
        `${proxy}: ${who}, a ${holder.threshold}-of-${holder.owners} Safe ${holder.version} with ${guard}, ` +
        `${holdsVia(path)}: its owners can ${upgrades(path) ? 'sign any upgrade' : `${power(path)}`}, outside a registered and approved manifest.${modules} ` +
        `Install Manifest Guard on it (the app's Install, then setGuard).${move}`,
    });
  }
  return findings;
}

/** Whether holding the path's authority can upgrade the proxy (every path but a configured role's). */
function upgrades(path: AuthorityPath): boolean {
  return path.via !== 'role' || path.role?.upgrades !== false;
}

/** What the holder can do through the path: "upgrade the proxy", or "use MINTER_ROLE on the proxy". */
function power(path: AuthorityPath): string {
  return upgrades(path) ? 'upgrade the proxy' : `use ${path.role?.name ?? 'the role'} on the proxy`;
}

/** How the holder holds the authority over the proxy, e.g. "owns the ProxyAdmin 0x… of the proxy". */
function holdsVia(path: AuthorityPath): string {
  const [first] = path.holders;
  const between = (from: number) => path.holders.slice(from, -1);
  const through = between(0).length > 0 ? ` (through ${between(0).join(' → ')})` : '';
  const behind = between(1).length > 0 ? ` (through ${between(1).join(' → ')})` : '';
  switch (path.via) {
    case 'proxyAdmin':
      return `owns the ProxyAdmin ${first} of the proxy${behind}`;
    case 'admin':
      return 'is the admin of the Transparent proxy';
    case 'uupsOwner':
      return `is owner() of the UUPS proxy${through}`;
    case 'uupsImplementation':
      return `is owner() of the UUPS implementation behind the proxy${through}`;
    case 'beaconOwner':
      return `owns the beacon ${first} of the proxy${behind}`;
    case 'role':
      return `holds ${path.role?.name ?? 'a role'} on the proxy`;
  }
}
