import type { Address } from 'viem';

import {
  declaredAuthorities,
  freePort,
  type GuardConfig,
  type JsonValue,
  manifestId,
  ManifestStatus,
  openFork,
  readManifestView,
  type RollbackAloneReport,
  rollbackAloneSummary,
  type RollbackRehearsalReport,
  type SimulateReleaseReturnType,
  simulateRelease,
  simulateRollbackAlone,
  simulationSummary,
  toJson,
  toManifest,
} from '../../node.js';
import { manifestGuardAbi } from '../../generated/manifestGuard.js';
import { expectChainId, expectGuard } from '../chain.js';
import type { Command, CommandContext } from '../command.js';
import { UsageError } from '../errors.js';
import { readJson, readPackage, writeJson } from '../files.js';
import { addressOption } from '../inputs.js';
import { requiredOption, stringOption } from '../options.js';
import { type ExitCode, exitCode } from '../output.js';
import { proxiesOf } from '../proposal.js';

export const simulate: Command = {
  name: 'simulate',
  usage: [
    'simulate --package <file> [--rollback-package <file>] [--phase <n>] --rpc <url> [--fork-port <port>]',
    '         [--record <evidence file>] [--report <file>] [--json]',
  ],
  description: [
    'Forks the chain with Anvil (same chain id) and executes each phase not yet executed (or only --phase) exactly',
    'as the executor would, through the Safe and the guard; what the real chain still needs (registration,',
    'approvals, the clock, "continue") is done on the fork and noted. Then the rollback rehearsal: the Rollback',
    'manifest runs on the same fork and the state it cares about (slots, owners, authorities) must come back.',
    'Who holds authority (owner(), pending owner, EIP-1967 admin and ProxyAdmin owner, beacon owner, AccessControl',
    'roles) over the proxies, every contract the steps touch (MultiSend entries too) and every contract that emits',
    'an ownership or role event is compared before and after: authority that leaves the Safe or appears outside',
    'the declared set ("x-manifest-guard": {"authorities": [...]}) is a finding.',
    'A Release needs --rollback-package. A Rollback on its own (before its release is registered) runs its calls as',
    'the Safe, the guard not consulted (the guard arms a Rollback only once its release started), to show what they',
    "do to the current state; its rehearsal through the guard is the release's. --record writes the summary and",
    'report hashes into the evidence packet.',
    'A new implementation that is itself a proxy (its own EIP-1967 slots set, a clone) or that delegates on to a',
    'third contract through the proxy is a finding too.',
    'Exit: 0 every phase succeeded, no finding and the rollback restored the state; 1 an authority finding, an',
    'implementation that delegates on, or the rollback did not restore it; 2 a phase failed, a new implementation',
    'is itself a proxy (or an error).',
  ].join('\n'),
  options: {
    package: { type: 'string', value: '<file>', description: 'The release package.' },
    'rollback-package': { type: 'string', value: '<file>', description: "The Release's Rollback package (rehearsed)." },
    phase: { type: 'string', value: '<n>', description: 'Simulate only this phase (0-based).' },
    executor: { type: 'string', value: '<address>', description: "Who sends (default: the guard's first executor)." },
    'fork-port': { type: 'string', value: '<port>', description: 'Port of the fork (default: a free port).' },
    record: {
      type: 'string',
      value: '<file>',
      description: "Write the result into this evidence packet's simulation.",
    },
    report: { type: 'string', value: '<file>', description: 'Write the full report here.' },
  },
  async run(context) {
    const { values, out, command } = context;
    const pkg = await readPackage(requiredOption(values, command, 'package', 'the release package file'));
    const rollbackPath = stringOption(values, 'rollback-package');
    const rollbackPkg = rollbackPath === undefined ? undefined : await readPackage(rollbackPath);
    if (pkg.kind === 'Release' && !rollbackPkg) {
      throw new UsageError(
        'A Release is simulated with its rollback rehearsal: pass --rollback-package <file>.',
        'A rollback that was never rehearsed is a rollback on paper only.',
      );
    }
    const chain = await context.chain();
    expectChainId(chain, pkg.chainId, 'the package');
    await expectGuard(chain, pkg.guard);
    const manifest = toManifest(pkg);
    const rollbackManifest = rollbackPkg ? toManifest(rollbackPkg) : undefined;
    const id = manifestId({ manifest, chainId: pkg.chainId, guard: pkg.guard });
    const config = (await chain.publicClient.readContract({
      address: pkg.guard,
      abi: manifestGuardAbi,
      functionName: 'getConfig',
    })) as GuardConfig;
    const executor: Address | undefined = addressOption(context, 'executor') ?? config.executors[0];
    if (!executor) throw new UsageError('The guard has no executor.', 'Pass --executor <address>.');
    if (pkg.kind === 'Rollback' && !rollbackPkg) {
      const proxies = await proxiesOf(pkg, chain.publicClient);
      const port = await forkPort(stringOption(values, 'fork-port'));
      out.progress(`forking ${chain.rpcUrl} on port ${port}`);
      const fork = await openFork({ rpcUrl: chain.rpcUrl, port });
      let alone: RollbackAloneReport;
      try {
        out.progress("running the rollback's calls as the Safe");
        alone = await simulateRollbackAlone({
          fork,
          manifest,
          safe: pkg.safe,
          guard: pkg.guard,
          multiSendCallOnly: config.multiSendCallOnly,
          proxies,
          declared: declaredAuthorities(pkg),
        });
      } finally {
        await fork.anvil.stop();
      }
      return recordRollbackAlone(context, alone);
    }
    const view = await readManifestView(chain.publicClient, pkg.guard, id);
    const first = view.status === ManifestStatus.None ? 0 : view.currentPhase;
    const phaseOption = stringOption(values, 'phase');
    const phases =
      phaseOption === undefined
        ? Array.from({ length: Math.max(0, manifest.phases.length - first) }, (_, i) => first + i)
        : [parsePhase(phaseOption, manifest.phases.length)];
    if (phases.length === 0) throw new UsageError(`${id} has executed every phase.`, 'Nothing is left to simulate.');
    const proxies = await proxiesOf(pkg, chain.publicClient);
    const declared = declaredAuthorities(pkg);
    const port = await forkPort(stringOption(values, 'fork-port'));

    out.progress(`forking ${chain.rpcUrl} on port ${port}`);
    const fork = await openFork({ rpcUrl: chain.rpcUrl, port });
    let run: SimulateReleaseReturnType;
    try {
      run = await simulateRelease({
        fork,
        manifest,
        rollbackManifest,
        phases,
        safe: pkg.safe,
        guard: pkg.guard,
        executor,
        proxies,
        declared,
        onProgress: (message) => out.progress(message),
      });
    } finally {
      await fork.anvil.stop();
    }

    const { reports, rehearsal } = run;
    const summary = simulationSummary({
      forkedFrom: chain.rpcUrl,
      chainId: chain.chainId,
      manifestId: id,
      reports,
      phases: phases.length,
      rehearsal,
    });
    const { success } = summary;
    const restored = rehearsal?.restored ?? null;
    const full = { ...summary, reports, rehearsal: rehearsal ?? null };
    const recordPath = await writeResults(context, summary, full);
    out.result(
      full,
      [
        `${success ? '✓' : '✗'} simulated ${reports.length} phase${reports.length === 1 ? '' : 's'} of ${id} on a fork of ${chain.rpcUrl}`,
        ...reports.map(
          (report) =>
            `  phase ${report.phase}: ${report.success ? 'success' : 'FAILED'}, ${report.perStep.length} steps` +
            `${report.perStep.find((step) => step.reverted)?.guardError ? ` (${report.perStep.find((step) => step.reverted)!.guardError})` : ''}` +
            `, drifted payload ${report.driftRejected?.rejected ? `rejected (${report.driftRejected.guardError})` : 'NOT rejected'}` +
            `${report.gainedAuthority.length > 0 ? `, ${report.gainedAuthority.length} gained authority` : ''}`,
        ),
        ...reports.flatMap((report) =>
          report.authorityChanges.findings.map((finding) => `    ✗ ${finding.kind}: ${finding.message}`),
        ),
        ...reports.flatMap((report) =>
          report.implementationFindings.map((finding) => `    ✗ ${finding.kind}: ${finding.message}`),
        ),
        ...report(rehearsal),
        ...(recordPath ? [`  recorded in ${recordPath} (run \`hash --seal\` next)`] : []),
      ].join('\n'),
    );
    // A new implementation that is itself a proxy is refused as the gate refuses it; one that delegates on is held.
    const implementationFindings = reports.flatMap((report) => report.implementationFindings);
    if (!success || implementationFindings.some((finding) => finding.kind === 'implementationIsProxy'))
      return exitCode.reject;
    const findings =
      implementationFindings.length > 0 || reports.some((report) => report.authorityChanges.findings.length > 0);
    return restored === false || findings ? exitCode.hold : exitCode.ok;
  },
};

/**
 * Writes the full report to --report and the summary into the evidence packet of --record (its `simulation`);
 * returns the --record path, if any.
 */
async function writeResults(context: CommandContext, summary: object, full: object): Promise<string | undefined> {
  const reportPath = stringOption(context.values, 'report');
  if (reportPath) await writeJson(reportPath, full);
  const recordPath = stringOption(context.values, 'record');
  if (recordPath) {
    const evidence = (await readJson(recordPath, 'evidence packet')) as Record<string, unknown>;
    // The storage-layout report comes from elsewhere (an import, a policy run): the simulation keeps it.
    const previous = evidence.simulation as { storageLayout?: JsonValue } | undefined;
    const storageLayout = previous && typeof previous === 'object' ? previous.storageLayout : undefined;
    evidence.simulation = {
      ...(toJson(summary) as { [key: string]: JsonValue }),
      ...(storageLayout !== undefined ? { storageLayout } : {}),
    };
    await writeJson(recordPath, evidence);
  }
  return recordPath;
}

/** Records (--record, --report) and prints a Rollback simulated on its own; its exit code. */
async function recordRollbackAlone(context: CommandContext, alone: RollbackAloneReport): Promise<ExitCode> {
  const { out } = context;
  const findings = alone.authorityChanges.findings;
  const summary = rollbackAloneSummary(alone);
  const recordPath = await writeResults(context, summary, { ...summary, report: alone });
  out.result(
    { ...summary, report: alone },
    [
      `${alone.success ? '✓' : '✗'} ran the ${alone.calls} call(s) of rollback ${alone.manifestId} as the Safe on a fork of ${alone.forkedFrom}` +
        (alone.error ? `: ${alone.error}` : ''),
      ...alone.differences.map(
        (difference) => `  changes ${difference.what}: ${difference.before} → ${difference.after}`,
      ),
      ...findings.map((finding) => `    ✗ ${finding.kind}: ${finding.message}`),
      `  ${alone.note}`,
      ...(recordPath ? [`  recorded in ${recordPath}`] : []),
    ].join('\n'),
  );
  if (!alone.success) return exitCode.reject;
  return findings.length > 0 ? exitCode.hold : exitCode.ok;
}

function report(rehearsal: RollbackRehearsalReport | undefined): string[] {
  if (!rehearsal) return [];
  return [
    `  rollback ${rehearsal.rollbackManifestId}: ${rehearsal.restored ? 'restored the state' : 'did NOT restore the state'}`,
    ...rehearsal.differences.map((difference) => `    - ${JSON.stringify(toJson(difference))}`),
  ];
}

function parsePhase(value: string, count: number): number {
  if (!/^[0-9]+$/.test(value) || Number(value) >= count) {
    throw new UsageError(`--phase "${value}" is not a phase of the package.`, `Use 0 to ${count - 1}.`);
  }
  return Number(value);
}

async function forkPort(value: string | undefined): Promise<number> {
  if (value !== undefined) {
    if (!/^[0-9]+$/.test(value) || Number(value) < 1 || Number(value) > 65_535) {
      throw new UsageError(`--fork-port "${value}" is not a port.`, 'Use a free TCP port (1-65535).');
    }
    return Number(value);
  }
  return freePort();
}
