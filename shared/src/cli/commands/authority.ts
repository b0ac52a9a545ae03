import { type Address, getAddress } from 'viem';

import { authorityMap } from '../../authority/authorityMap.js';
import type { AuthorityPath } from '../../authority/types.js';
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
    'AccessControl admin and upgrader roles. Findings: an authority other than the Safe, a second upgrade path',
    '(proxy admin ambiguity), an unresolved authority, an address that is not a known proxy.',
    'Exit: 0 the Safe is the only authority, 1 findings (the gate would hold).',
  ].join('\n'),
  options: {
    proxy: { type: 'string', multiple: true, value: '<address>', description: 'A proxy to map (repeat).' },
    package: { type: 'string', value: '<file>', description: 'Map the proxies the package changes.' },
  },
  async run(context) {
    const pkg = await optionalPackage(context);
    const chain = await context.chain();
    const given = listOption(context.values, 'proxy').map((value) => parseAddressValue(value, '--proxy'));
    const proxies = given.length > 0 ? given : pkg ? await proxiesOf(pkg, chain.publicClient) : [];
    if (proxies.length === 0) {
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
    const map = await authorityMap({ publicClient: chain.publicClient, proxies, safe });
    const path = (p: AuthorityPath) =>
      `    ${p.via}: ${p.holders.join(' → ') || '(none)'}${p.isSafe ? ' (the Safe)' : ''}${p.role ? ` [${p.role.name}]` : ''}`;
    context.out.result(
      map,
      [
        `upgrade authority (Safe ${safe}):`,
        ...map.proxies.flatMap((entry) => [`  ${entry.proxy} (${entry.kind})`, ...entry.paths.map(path)]),
        ...(map.findings.length === 0
          ? ['✓ the Safe is the only authority']
          : map.findings.map((finding) => `✗ ${finding.kind} ${finding.proxy}: ${finding.message}`)),
      ].join('\n'),
    );
    return map.findings.length === 0 ? exitCode.ok : exitCode.hold;
  },
};
