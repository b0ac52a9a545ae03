import { writeFile } from 'node:fs/promises';

import { type Address, type Hex, isHex } from 'viem';

import { buildUpgradePackage, manifestKindNames, serializeReleasePackage, stopResponseNames } from '../../node.js';
import { expectGuard } from '../chain.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { writeJson } from '../files.js';
import { guardOf, parseAddressValue, parseDuration, safeOf } from '../inputs.js';
import { listOption, requiredOption, stringOption } from '../options.js';
import { exitCode, table } from '../output.js';
import { kindOptions, oneOf, packageOptions, parseTime, rollbackOfKind } from '../packageOptions.js';

export const init: Command = {
  name: 'init',
  usage: [
    'init --rpc <url> --guard <address> --ticket <id> --phase <proxy>=<implementation>[:<calldata>][,…] [--phase …]',
    '     [--kind Release|Rollback|Emergency] [--rollback <id or package file>] [--soak 1h] [--window 30d]',
    '     [--out release.json] [--evidence-out evidence.json]',
  ],
  description: [
    "Reads each proxy's kind on chain (Transparent v4/v5, UUPS, Beacon) and builds its upgrade step (ProxyAdmin",
    'upgradeAndCall, upgradeToAndCall, beacon upgradeTo) and the checks that it runs the new implementation after',
    "the phase (ProxyAdmin or beacon view; for v5 and UUPS the implementation's code hash and --check-view called",
    'through the proxy). Each --phase is one canary phase, in order; --soak is the time after each phase but the',
    "last. With --evidence-out, writes the evidence packet's skeleton (implementations and code hashes, calldata",
    'hashes, window, rollback signers and thresholds from the Safe and the guard) and puts its hash in the package;',
    'add the simulation (`simulate --record`), invariants and sign-offs (`evidence`), then `hash --seal`.',
    'Exit: 0 ok, 2 an error (a proxy of unknown kind, a bad option).',
  ].join('\n'),
  options: {
    phase: {
      type: 'string',
      multiple: true,
      value: '<proxy>=<impl>[:<data>][,…]',
      description: 'One canary phase: the proxies it upgrades (with an optional call after the upgrade).',
    },
    ...kindOptions,
    ...packageOptions,
    out: { type: 'string', value: '<file>', description: 'Write the package here (default: stdout).' },
    'evidence-out': { type: 'string', value: '<file>', description: 'Write the evidence packet skeleton here.' },
  },
  async run(context) {
    const { values, out, command } = context;
    const ticket = requiredOption(values, command, 'ticket', 'the change ticket id');
    const phases = listOption(values, 'phase').map(parsePhase);
    if (phases.length === 0) {
      throw new UsageError(
        '`init` needs at least one --phase.',
        'Write --phase <proxy>=<implementation> (repeat for more phases).',
      );
    }
    const kind = oneOf(stringOption(values, 'kind') ?? 'Release', manifestKindNames, '--kind');
    const response = oneOf(stringOption(values, 'response') ?? 'rollback', stopResponseNames, '--response');
    // Durations are read before the chain, so a malformed one is said at once.
    const window = parseDuration(stringOption(values, 'window') ?? (kind === 'Rollback' ? '60d' : '30d'), '--window');
    const soak = parseDuration(stringOption(values, 'soak') ?? '0', '--soak');
    const chain = await context.chain();
    const { publicClient } = chain;
    const guard = guardOf(context);
    await expectGuard(chain, guard);
    const safe = await safeOf(context, chain, guard);

    const rollbackOption = stringOption(values, 'rollback');
    const rollback = await rollbackOfKind(kind, rollbackOption);

    const now = (await publicClient.getBlock()).timestamp;
    const notBefore = parseTime(stringOption(values, 'not-before'), now);
    const {
      pkg,
      evidence,
      manifestId: id,
      proxies,
      steps,
    } = await buildUpgradePackage({
      client: publicClient,
      chainId: chain.chainId,
      guard,
      safe,
      kind,
      ticket,
      title: stringOption(values, 'title'),
      description: stringOption(values, 'description'),
      rollback,
      notBefore,
      window,
      soak,
      response,
      checkView: stringOption(values, 'check-view') ?? 'version()',
      phases,
      onProgress: (message) => out.progress(message),
    });
    const expiry = notBefore + window;
    const outPath = stringOption(values, 'out');
    const evidencePath = stringOption(values, 'evidence-out');
    if (evidencePath) await writeJson(evidencePath, evidence);
    if (!outPath) {
      process.stdout.write(`${serializeReleasePackage(pkg)}\n`);
      return exitCode.ok;
    }
    await writeFile(outPath, `${serializeReleasePackage(pkg)}\n`);
    out.result(
      {
        package: outPath,
        evidence: evidencePath ?? null,
        manifestId: id,
        kind,
        phases: pkg.phases.length,
        steps,
        proxies,
      },
      [
        `✓ wrote ${outPath}${evidencePath ? ` and the evidence skeleton ${evidencePath}` : ''}`,
        table([
          ['manifest id', id],
          ['kind', kind],
          ['phases', `${pkg.phases.length} (${steps} steps)`],
          ['proxies', proxies.join(', ')],
          [
            'window',
            `${new Date(Number(notBefore) * 1000).toISOString()} → ${new Date(Number(expiry) * 1000).toISOString()}`,
          ],
        ]),
        ...(evidencePath
          ? [
              `Next: \`simulate --record ${evidencePath}\`, add invariants and sign-offs with \`evidence --evidence ${evidencePath}\`, then \`hash --seal\`.`,
            ]
          : []),
      ].join('\n'),
    );
    return exitCode.ok;
  },
};

type Upgrade = { proxy: Address; implementation: Address; data?: Hex };

function parsePhase(value: string, index: number): Upgrade[] {
  return value.split(',').map((entry) => {
    const match = /^\s*(0x[0-9a-fA-F]{40})\s*=\s*(0x[0-9a-fA-F]{40})(?::(0x[0-9a-fA-F]*))?\s*$/.exec(entry);
    if (!match) {
      throw new UsageError(
        `--phase #${index + 1}: "${entry}" is not <proxy>=<implementation>[:<calldata>].`,
        'Write e.g. --phase 0xProxy…=0xNewImpl… (comma-separate several upgrades in one phase).',
      );
    }
    const data = match[3];
    if (data !== undefined && !isHex(data, { strict: true })) {
      throw new UsageError(
        `--phase #${index + 1}: "${data}" is not calldata.`,
        'Use 0x-prefixed hex with whole bytes.',
      );
    }
    return {
      proxy: parseAddressValue(match[1]!, `--phase #${index + 1} proxy`),
      implementation: parseAddressValue(match[2]!, `--phase #${index + 1} implementation`),
      data: data as Hex | undefined,
    };
  });
}
