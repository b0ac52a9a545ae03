import { type Address, zeroHash } from 'viem';
import { describe, expect, test } from 'vitest';

import { describeHolder } from './classifyHolder.js';
import { proxyFindings, withExpectations } from './findings.js';
import type { AuthorityPath, HolderClass, ProxyAuthority } from './types.js';

const proxy: Address = '0x1000000000000000000000000000000000000001';
const proxyAdmin: Address = '0x2000000000000000000000000000000000000002';
const safe: Address = '0x3000000000000000000000000000000000000003';
const guard: Address = '0x4000000000000000000000000000000000000004';
const module: Address = '0x5000000000000000000000000000000000000005';

const guardedSafe = (overrides: Partial<Extract<HolderClass, { kind: 'safe' }>> = {}): HolderClass => ({
  kind: 'safe',
  version: '1.5.0',
  threshold: 2,
  owners: 3,
  guard,
  guardIsManifestGuard: true,
  moduleGuard: guard,
  modules: [],
  ...overrides,
});

const entry = (path: Partial<AuthorityPath>): ProxyAuthority => ({
  proxy,
  kind: 'transparent-v5',
  paths: [{ via: 'proxyAdmin', holders: [proxyAdmin, safe], authority: safe, isSafe: true, ...path }],
});
const kinds = (value: ProxyAuthority) => proxyFindings(value).map((finding) => finding.kind);

describe('proxyFindings', () => {
  test('default: the Safe, 2 of 3, guarded as transaction and module guard: nothing', () => {
    expect(kinds(entry({ holder: guardedSafe() }))).toEqual([]);
    expect(kinds(entry({ holder: guardedSafe({ modules: [module] }) }))).toEqual([]);
  });

  test('the Safe with threshold 1, guarded: only the single signer', () => {
    const findings = proxyFindings(entry({ holder: guardedSafe({ threshold: 1 }) }));
    expect(findings.map((finding) => finding.kind)).toEqual(['holderIsSingleSignerSafe']);
    expect(findings[0]!.message).toBe(
      `${proxy}: the Safe ${safe}, a 1-of-3 Safe 1.5.0, owns the ProxyAdmin ${proxyAdmin} of the proxy: any one of ` +
        'its 3 owners can upgrade the proxy alone. Raise its threshold (changeThreshold) to at least 2.',
    );
  });

  test('a guarded Safe 1.4.1 with a module: the module runs without the guard', () => {
    const findings = proxyFindings(
      entry({ holder: guardedSafe({ version: '1.4.1', moduleGuard: undefined, modules: [module] }) }),
    );
    expect(findings.map((finding) => finding.kind)).toEqual(['holderSafeUnguarded']);
    expect(findings[0]!.message).toContain('no module guard is set (Safe 1.4.1 has none)');
  });

  test('a role member that is an EOA; a path without an authority carries no holder risk', () => {
    const member: Address = '0x6000000000000000000000000000000000000006';
    const role = { id: zeroHash, name: 'DEFAULT_ADMIN_ROLE', upgrades: true } as const;
    const value: ProxyAuthority = {
      proxy,
      kind: 'uups',
      paths: [
        { via: 'role', holders: [member], authority: member, isSafe: false, role, holder: { kind: 'eoa' } },
        { via: 'uupsOwner', holders: [], authority: undefined, isSafe: false },
      ],
    };
    const findings = proxyFindings(value);
    expect(findings.map((finding) => finding.kind)).toEqual(['authorityNotSafe', 'holderIsEoa', 'unresolvedAuthority']);
    expect(findings[1]!.message).toContain(
      `${member}, an externally owned account, holds DEFAULT_ADMIN_ROLE on the proxy`,
    );
  });
});

describe('describeHolder', () => {
  test('each class in words', () => {
    expect(describeHolder({ kind: 'eoa', delegatedTo: module })).toBe(`EOA (EIP-7702, delegated to ${module})`);
    expect(describeHolder(guardedSafe({ modules: [module] }))).toBe(
      'Safe 1.5.0, 2 of 3, Manifest Guard, 1 module(s) enabled',
    );
    expect(describeHolder(guardedSafe({ guardIsManifestGuard: false }))).toBe(
      `Safe 1.5.0, 2 of 3, guard ${guard} (not a Manifest Guard for it)`,
    );
    expect(describeHolder({ kind: 'timelock', minDelay: 172_800n })).toBe('TimelockController, delay 172800 s');
    expect(describeHolder({ kind: 'contract' })).toBe('contract, not a Safe or a TimelockController');
  });
});

describe('withExpectations', () => {
  const outsider: Address = '0x7000000000000000000000000000000000000007';
  const map = {
    safe,
    proxies: [
      entry({ holders: [proxyAdmin, outsider], authority: outsider, isSafe: false, holder: { kind: 'contract' } }),
    ],
    findings: [] as ReturnType<typeof proxyFindings>,
  };
  map.findings = map.proxies.flatMap(proxyFindings);

  test('declared: the path to a declared authority is expected, to anyone else undeclared', () => {
    expect(map.findings.map((finding) => finding.kind)).toEqual(['authorityNotSafe']);
    expect(withExpectations(map, { declared: [outsider] }).findings).toEqual([]);
    const undeclared = withExpectations(map, { declared: [module] }).findings;
    expect(undeclared.map((finding) => finding.kind)).toEqual(['undeclaredPath']);
    expect(undeclared[0]!.message).toContain(
      `ends in ${outsider} (contract, not a Safe or a TimelockController), which is neither the Safe nor a declared authority (${module})`,
    );
  });
});
