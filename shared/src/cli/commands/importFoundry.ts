import { writeFile } from 'node:fs/promises';

import {
  type ImportFoundryBroadcastReturnType,
  assertBroadcastChain,
  describeOther,
  importFoundryBroadcast,
  manifestKindNames,
  readArtifacts,
  readBroadcast,
  serializeReleasePackage,
  stopResponseNames,
} from '../../node.js';
import { expectGuard } from '../chain.js';
import type { Command } from '../command.js';
import { writeJson } from '../files.js';
import { guardOf, parseDuration, safeOf } from '../inputs.js';
import { listOption, requiredOption, stringOption } from '../options.js';
import { exitCode, table } from '../output.js';
import { kindOptions, oneOf, packageOptions, parseTime, rollbackOfKind } from '../packageOptions.js';

export const importFoundry: Command = {
  name: 'import foundry',
  usage: [
    'import foundry --rpc <url> --guard <address> --broadcast broadcast/<Script>.s.sol/<chain id>/[dry-run/]run-latest.json',
    '     --ticket <id> [--artifacts out] [--phase 1-2 --phase 3] [--kind Release|Rollback|Emergency]',
    '     [--rollback <id or package file>] [--soak 1h] [--window 30d] [--out release.json] [--evidence-out evidence.json]',
  ],
  description: [
    'Turns the calls a `forge script` makes as the Safe (`forge script <script> --rpc-url <url> --sender <safe>`, a',
    'dry run) into a release package: each call of the Safe is a step (call, to, value, data as the script made it).',
    "Each --phase is a 1-based range of the Safe's calls (--phase 1-2 --phase 3): together they take every call once,",
    "in the script's order; without --phase, one phase holds every call. Each step is decoded with the library's ABIs",
    "and the script's artifacts (--artifacts: forge's out/ directory) and printed. An upgrade (ProxyAdmin",
    'upgradeAndCall/upgrade, UUPS upgradeToAndCall, beacon upgradeTo) is confirmed on chain and brings the checks',
    "`init` adds after the phase: the new implementation's code hash, then the ProxyAdmin or beacon view, or for",
    'Transparent v5 and UUPS --check-view called through the proxy. Transactions of other senders (a deployer) are',
    'listed, not steps; an implementation they deploy must already have code on chain. Refused: a broadcast of',
    "another chain than the node's, one with no call from the Safe, a CREATE/CREATE2 from the Safe (deploy from a",
    'deployer account in a separate script), an empty or malformed file (with the path of each problem).',
    'A Release needs --rollback (build it with `init --kind Rollback`). With --evidence-out, writes the evidence',
    "packet's skeleton; then `simulate --record`, `evidence`, `hash --seal`, as after `init`.",
    'Exit: 0 ok, 2 an error (a refused broadcast, a bad option, a proxy of unknown kind).',
  ].join('\n'),
  options: {
    broadcast: {
      type: 'string',
      value: '<file>',
      description: "forge script's run-latest.json (dry-run or broadcast).",
    },
    artifacts: {
      type: 'string',
      value: '<dir>',
      description: "forge's build output (out/), to decode the script's calls.",
    },
    phase: {
      type: 'string',
      multiple: true,
      value: '<from>[-<to>]',
      description: "One canary phase: a 1-based range of the Safe's calls (default: one phase with all).",
    },
    ...kindOptions,
    ...packageOptions,
    out: { type: 'string', value: '<file>', description: 'Write the package here (default: stdout).' },
    'evidence-out': { type: 'string', value: '<file>', description: 'Write the evidence packet skeleton here.' },
  },
  async run(context) {
    const { values, out, command } = context;
    const broadcastPath = requiredOption(values, command, 'broadcast', "forge script's run-latest.json");
    const ticket = requiredOption(values, command, 'ticket', 'the change ticket id');
    const kind = oneOf(stringOption(values, 'kind') ?? 'Release', manifestKindNames, '--kind');
    const response = oneOf(stringOption(values, 'response') ?? 'rollback', stopResponseNames, '--response');
    const window = parseDuration(stringOption(values, 'window') ?? (kind === 'Rollback' ? '60d' : '30d'), '--window');
    const soak = parseDuration(stringOption(values, 'soak') ?? '0', '--soak');
    // "now" (or nothing) is the block the package is built at; a time given is checked at once.
    const notBeforeText = stringOption(values, 'not-before');
    const notBefore = notBeforeText === undefined || notBeforeText === 'now' ? undefined : parseTime(notBeforeText, 0n);
    const rollback = await rollbackOfKind(kind, stringOption(values, 'rollback'));

    const broadcast = await readBroadcast(broadcastPath);
    const artifactsPath = stringOption(values, 'artifacts');
    const artifacts = artifactsPath ? await readArtifacts(artifactsPath) : undefined;
    const chain = await context.chain();
    // The chain first: on another chain the guard's address means nothing.
    assertBroadcastChain(broadcast, chain.chainId);
    const guard = guardOf(context);
    await expectGuard(chain, guard);
    const safe = await safeOf(context, chain, guard);
    const phases = listOption(values, 'phase');
    const checkView = stringOption(values, 'check-view');
    const imported = await importFoundryBroadcast({
      client: chain.publicClient,
      broadcast,
      safe,
      guard,
      phases,
      ...(artifacts ? { artifacts } : {}),
      kind,
      ticket,
      ...(stringOption(values, 'title') ? { title: stringOption(values, 'title') } : {}),
      ...(stringOption(values, 'description') ? { description: stringOption(values, 'description') } : {}),
      ...(rollback ? { rollback } : {}),
      ...(notBefore !== undefined ? { notBefore } : {}),
      window,
      soak,
      response,
      ...(checkView ? { checkView } : {}),
      onProgress: (line) => out.progress(line),
    });

    const outPath = stringOption(values, 'out');
    const evidencePath = stringOption(values, 'evidence-out');
    if (evidencePath) await writeJson(evidencePath, imported.evidence);
    const serialized = `${serializeReleasePackage(imported.package)}\n`;
    if (outPath) await writeFile(outPath, serialized);
    else if (!out.json) {
      // The package is the result: on stdout, the report on stderr.
      process.stdout.write(serialized);
      process.stderr.write(`${report(imported, { broadcastPath, outPath, evidencePath })}\n`);
      return exitCode.ok;
    }
    out.result(
      {
        package: outPath ?? null,
        evidence: evidencePath ?? null,
        manifestId: imported.manifestId,
        kind,
        phasing: imported.phasing,
        phases: imported.phases,
        steps: imported.steps.map((step) => ({
          phase: step.phase,
          step: step.step,
          call: step.call,
          transaction: step.transaction,
          to: step.to,
          summary: step.decoded.summary,
          upgrades: step.upgrades,
        })),
        notTheSafes: imported.others.map((other) => ({
          transaction: other.number,
          kind: other.kind,
          from: other.from,
          ...(other.contractName ? { contractName: other.contractName } : {}),
          ...(other.contractAddress ? { contractAddress: other.contractAddress } : {}),
          line: describeOther(other),
        })),
        checks: imported.package.phases.map((phase) => phase.checks.length),
        ...(outPath ? {} : { releasePackage: JSON.parse(serialized) as unknown }),
      },
      report(imported, { broadcastPath, outPath, evidencePath }),
    );
    return exitCode.ok;
  },
};

function report(
  imported: ImportFoundryBroadcastReturnType,
  files: { broadcastPath: string; outPath?: string; evidencePath?: string },
): string {
  const { package: pkg } = imported;
  const calls = imported.steps.length;
  const phasing =
    imported.phasing === 'default'
      ? `one phase with all ${calls} Safe call${calls === 1 ? '' : 's'} (no --phase given)`
      : imported.phases
          .map((phase, index) => `phase ${index + 1}: call${phase.length === 1 ? '' : 's'} ${span(phase)}`)
          .join('; ');
  const lines = [
    files.outPath
      ? `✓ wrote ${files.outPath}${files.evidencePath ? ` and the evidence skeleton ${files.evidencePath}` : ''} from ${files.broadcastPath}`
      : `✓ imported ${files.broadcastPath}`,
    table([
      ['manifest id', imported.manifestId],
      ['kind', pkg.kind],
      ['phases', phasing],
      [
        'window',
        `${new Date(Number(pkg.notBefore) * 1000).toISOString()} → ${new Date(Number(pkg.expiry) * 1000).toISOString()}`,
      ],
    ]),
  ];
  for (const [index, phase] of pkg.phases.entries()) {
    lines.push(`phase ${index + 1}${phase.minSoak > 0n ? ` (soak ${phase.minSoak} s after it)` : ''}:`);
    for (const step of imported.steps.filter((each) => each.phase === index)) {
      lines.push(
        `  step ${step.step + 1} (Safe call ${step.call}, transaction #${step.transaction}): ${step.decoded.summary}`,
      );
    }
    for (const check of phase.checks) {
      lines.push(
        `  check: ${check.kind === 'codeHash' ? `code hash of ${check.target} is ${check.expected}` : `${check.target} answers ${check.data.length > 10 ? `${check.data.slice(0, 10)}…` : check.data} with a result whose keccak256 is ${check.expected}`}`,
      );
    }
  }
  for (const other of imported.others) lines.push(describeOther(other));
  if (files.evidencePath) {
    lines.push(
      `Next: \`simulate --record ${files.evidencePath}\`, add invariants and sign-offs with \`evidence --evidence ${files.evidencePath}\`, then \`hash --seal\`.`,
    );
  }
  return lines.join('\n');
}

function span(calls: readonly number[]): string {
  return calls.length === 1 ? String(calls[0]) : `${calls[0]}-${calls[calls.length - 1]}`;
}
