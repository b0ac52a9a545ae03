import { type Address, getAddress } from 'viem';

import {
  type AuthorityFinding,
  authorityMap,
  type AuthorityPath,
  declaredAuthorities,
  declaredMinTimelockDelay,
  declaredRoles,
  describeHolder,
  packageAuthority,
  roleOf,
  type PackageAuthorityReport,
  type ProxyAuthority,
  withExpectations,
} from '../../node.js';
import { manifestGuardAbi } from '../../generated/manifestGuard.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { addressOption, optionalPackage, parseAddressValue } from '../inputs.js';
import { listOption } from '../options.js';
import { exitCode } from '../output.js';
import { proxiesOf } from '../proposal.js';

export const authority: Command = {
  name: 'authority',
  usage: ['authority (--proxy <address> … | --package <file>) [--safe <address> | --guard <address>] --rpc <url>'],
  description: [
    'For each proxy, every path that can upgrade it: the ProxyAdmin and its owner, a UUPS owner, the beacon owner,',
    "AccessControl admin and upgrader roles; each path's final holder classified: EOA, Safe (threshold k of n, guard,",
    'modules), TimelockController (its delay) or other contract. Findings: an authority other than the Safe, a second',
    'upgrade path (proxy admin ambiguity), an unresolved authority, an address that is not a known proxy, and the',
    "holder's risk: an EOA, a 1-of-N Safe, a Safe without Manifest Guard (the Safe's own too), a timelock shorter than",
    '--min-timelock-delay (or the package\'s "x-manifest-guard": {"minTimelockDelay": seconds}), and with declared',
    'authorities a path ending in anyone else (undeclaredPath). Also the members of --role (default MINTER_ROLE, or',
    'the package\'s "x-manifest-guard": {"roles": [...]}) and of their admin roles, on any proxy kind: a key or a',
    '1-of-N Safe that can mint alone is a finding as well.',
    "With --package, also the after-state: the package's remaining steps run on an Anvil fork as the Safe, then the",
    "proxies' map again and who holds authority (owner(), pending owner, admin, beacon owner, roles) over every",
    'contract the steps touch (MultiSend entries too) or that emits an ownership or role event, before and after.',
    'Authority that leaves the Safe, or appears outside the declared set ("x-manifest-guard": {"authorities":',
    '[...]}), is a finding.',
    'Exit: 0 the Safe is the only authority, before and after; 1 findings (the gate would hold); 2 an error.',
  ].join('\n'),
  options: {
    proxy: { type: 'string', multiple: true, value: '<address>', description: 'A proxy to map (repeat).' },
    package: { type: 'string', value: '<file>', description: 'Map the proxies the package changes, before and after.' },
    role: {
      type: 'string',
      multiple: true,
      value: '<name|id>',
      description: 'An AccessControl role whose holders to map too, e.g. MINTER_ROLE or a bytes32 id (repeat).',
    },
    'min-timelock-delay': {
      type: 'string',
      value: '<seconds>',
      description: 'The shortest delay accepted of a timelock holding upgrade authority.',
    },
  },
  async run(context) {
    const minTimelockDelay = minTimelockDelayOf(context.values['min-timelock-delay']);
    const pkg = await optionalPackage(context);
    const roleOptions = listOption(context.values, 'role');
    for (const role of roleOptions) roleOfOption(role);
    const roles = roleOptions.length > 0 ? roleOptions : pkg && declaredRoles(pkg);
    const chain = await context.chain();
    const given = listOption(context.values, 'proxy').map((value) => parseAddressValue(value, '--proxy'));
    const proxies = given.length > 0 ? given : pkg ? await proxiesOf(pkg, chain.publicClient) : [];
    if (proxies.length === 0 && !pkg) {
      throw new UsageError('`authority` needs proxies.', 'Pass --proxy <address> (repeat) or --package <file>.');
    }
    let safe: Address | undefined = addressOption(context, 'safe') ?? pkg?.safe;
    const guard = addressOption(context, 'guard');
    if (!safe && guard) {
      safe = getAddress(
        (await chain.publicClient.readContract({
          address: guard,
          abi: manifestGuardAbi,
          functionName: 'SAFE',
        })) as Address,
      );
    }
    if (!safe) throw new UsageError('`authority` needs the Safe.', 'Pass --safe, --guard or --package.');
    const safeAddress: Address = safe;
    const expectations = {
      declared: pkg ? declaredAuthorities(pkg) : [],
      minTimelockDelay: minTimelockDelay ?? (pkg && declaredMinTimelockDelay(pkg)),
    };
    const expected = (map: { proxies: ProxyAuthority[]; findings: AuthorityFinding[] }) =>
      withExpectations({ safe: safeAddress, ...map }, expectations).findings;

    let report: (Omit<PackageAuthorityReport, 'after' | 'changes'> & Partial<PackageAuthorityReport>) | undefined;
    if (pkg) {
      context.out.progress('running the package on a fork as the Safe');
      report = await packageAuthority({
        publicClient: chain.publicClient,
        rpcUrl: chain.rpcUrl,
        pkg: { ...pkg, safe },
        proxies,
        declared: expectations.declared,
        roles,
      });
      report = {
        ...report,
        findings: expected(report),
        ...(report.after ? { after: { ...report.after, findings: expected(report.after) } } : {}),
      };
    } else {
      const map = await authorityMap({ publicClient: chain.publicClient, proxies, safe, roles, ...expectations });
      report = { safe: map.safe, proxies: map.proxies, findings: map.findings };
    }
    const findings = [...report.findings, ...(report.after?.findings ?? [])];
    const changeFindings = report.changes?.findings ?? [];
    const clean = findings.length === 0 && changeFindings.length === 0 && !report.changes?.reverted;
    context.out.result(
      { ...report, after: report.after ?? null, changes: report.changes ?? null },
      [
        `upgrade authority (Safe ${safe}), now:`,
        ...mapLines(report.proxies, report.findings),
        ...(report.after && report.changes
          ? [
              `after the package's remaining steps (${report.after.steps.join(', ') || 'none'}), simulated as the Safe ` +
                `on a fork of block ${report.changes.forkBlockNumber}:`,
              ...mapLines(report.after.proxies, report.after.findings),
              `  holders of ${report.changes.contracts.length} touched contracts:`,
              ...report.after.holdings.map(
                (holding) =>
                  `    ${holding.contract} ${holding.via}${holding.role ? ` ${holding.role.name}` : ''}: ` +
                  `${holding.holders.join(' → ')}${holding.isSafe ? ' (the Safe)' : ''}`,
              ),
              ...(report.changes.reverted ? [`✗ the steps revert on the fork: ${report.changes.error}`] : []),
              ...changeFindings.map((finding) => `✗ ${finding.kind} ${finding.contract}: ${finding.message}`),
            ]
          : []),
        ...(clean ? ['✓ the Safe is the only authority'] : []),
      ].join('\n'),
    );
    return clean ? exitCode.ok : exitCode.hold;
  },
};

/** A --role value checked before anything runs: a name like MINTER_ROLE or a bytes32 id. */
function roleOfOption(value: string): void {
  try {
    roleOf(value);
  } catch {
    throw new UsageError(
      `--role ${value} is neither a role name nor a 32-byte role id.`,
      'Name the role as the contract does (--role MINTER_ROLE: its id is keccak256 of the name) or give its id (0x + 64 hex digits).',
    );
  }
}

function minTimelockDelayOf(value: unknown): bigint | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) {
    throw new UsageError(
      `--min-timelock-delay ${String(value)} is not a whole number of seconds.`,
      'Pass the delay in seconds, e.g. --min-timelock-delay 172800 (two days).',
    );
  }
  return BigInt(value);
}

function mapLines(proxies: readonly ProxyAuthority[], findings: readonly AuthorityFinding[]): string[] {
  const path = (p: AuthorityPath) =>
    `    ${p.via}: ${p.holders.join(' → ') || '(none)'}${p.isSafe ? ' (the Safe)' : ''}${p.role ? ` [${p.role.name}]` : ''}` +
    `${p.holder ? ` — ${describeHolder(p.holder)}` : ''}`;
  return [
    ...proxies.flatMap((entry) => [`  ${entry.proxy} (${entry.kind})`, ...entry.paths.map(path)]),
    ...findings.map((finding) => `✗ ${finding.kind} ${finding.proxy}: ${finding.message}`),
  ];
}
