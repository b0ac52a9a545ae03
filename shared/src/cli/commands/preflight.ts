import type { Address } from 'viem';

import {
  freePort,
  hasModuleGuard,
  installDryRun,
  type InstallDryRunProgress,
  type InstallDryRunReport,
  installStepNames,
  parseInstallConfig,
  readInstallSafe,
  withInstallFork,
} from '../../node.js';
import { parseChainId } from '../chain.js';
import type { Command, CommandContext } from '../command.js';
import { UsageError } from '../errors.js';
import { readText, writeJson } from '../files.js';
import { addressOption } from '../inputs.js';
import { requiredOption, stringOption } from '../options.js';
import { exitCode } from '../output.js';

export const preflight: Command = {
  name: 'preflight',
  usage: [
    'preflight --config <file> --rpc <url> [--safe <address>] [--guard <address>] [--fork-port <port>]',
    '          [--report <file>] [--json]',
    'preflight --config <file> --simulation-rpc <anvil url> [--safe <address>] [--guard <address>] [--json]',
  ],
  description: [
    'Proves, before the guard is attached, that the configuration can install it and get it off again. It forks',
    '--rpc with Anvil (same chain id; nothing is sent to --rpc) and, on the fork: deploys the guard for the Safe',
    '(or uses --guard, which must hold this configuration); installs it as the owners would (approveHash by',
    'threshold owners, then execTransaction: setGuard, and setModuleGuard on Safe 1.5.0); has the first proposer',
    'register a harmless routine manifest, the approvers reach the routine threshold, the clock pass the routine',
    'delay and the first executor execute its step through the Safe; then the privileged manifest that removes the',
    'guard registers, reaches the privileged threshold, waits the privileged delay and executes, leaving the Safe',
    "unguarded. Each step passes or fails with the guard's decoded error and what to change.",
    '--config is the JSON of guard/script/DeployManifestGuard.s.sol (safe, proposers, approvers, executors,',
    'guardians, routineThreshold, privilegedThreshold, routineDelay, privilegedDelay, maxFreeze, freezeCooldown,',
    'multiSendCallOnly, authorities, privilegedSelectors). --simulation-rpc runs on an Anvil you started',
    '(`npx anvil --fork-url <RPC>`) and reverts it afterwards (evm_snapshot / evm_revert).',
    'Exit: 0 every step passed, 2 a step failed (or an error).',
  ].join('\n'),
  options: {
    config: { type: 'string', value: '<file>', description: 'The guard configuration (DeployManifestGuard format).' },
    'simulation-rpc': {
      type: 'string',
      value: '<url>',
      description: 'An Anvil fork to run on instead of forking --rpc (reverted afterwards).',
    },
    'fork-port': { type: 'string', value: '<port>', description: 'Port of the fork of --rpc (default: a free port).' },
    report: { type: 'string', value: '<file>', description: 'Write the report (JSON) here.' },
  },
  async run(context) {
    const { values, out, command } = context;
    const path = requiredOption(values, command, 'config', 'the guard configuration file');
    const file = parseInstallConfig(await readText(path, 'guard configuration'), { source: path });
    const safe = safeOf(context, file.safe);
    const guard = addressOption(context, 'guard');
    const onProgress = (event: InstallDryRunProgress) => {
      if (event.status === 'running') out.progress(`${event.index + 1}/${installStepNames.length} ${event.title}`);
    };
    const simulationRpc = stringOption(values, 'simulation-rpc');
    let forkedFrom: string | null = null;
    let report: InstallDryRunReport;
    if (simulationRpc !== undefined) {
      const chainId = parseChainId(stringOption(values, 'chain-id'));
      report = await installDryRun({ rpcUrl: simulationRpc, safe, config: file.config, guard, chainId, onProgress });
    } else {
      const chain = await context.chain();
      await readInstallSafe(chain.publicClient, safe, chain);
      const port = forkPort(stringOption(values, 'fork-port')) ?? (await freePort());
      out.progress(`forking ${chain.rpcUrl} on port ${port}`);
      forkedFrom = chain.rpcUrl;
      report = await withInstallFork(
        chain.rpcUrl,
        (forkUrl) =>
          installDryRun({ rpcUrl: forkUrl, safe, config: file.config, guard, chainId: chain.chainId, onProgress }),
        { port },
      );
    }
    const reportPath = stringOption(values, 'report');
    if (reportPath) await writeJson(reportPath, { forkedFrom, ...report });
    out.result({ forkedFrom, ...report }, human(report, forkedFrom, path));
    return report.ok ? exitCode.ok : exitCode.reject;
  },
};

function safeOf(context: CommandContext, fromFile: Address): Address {
  const option = addressOption(context, 'safe');
  if (option && option !== fromFile) {
    throw new UsageError(
      `--safe ${option} is not the configuration's "safe" (${fromFile}).`,
      'A guard is deployed for one Safe: fix "safe" in the configuration, or leave --safe out.',
    );
  }
  return option ?? fromFile;
}

function forkPort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value) || Number(value) < 1 || Number(value) > 65_535) {
    throw new UsageError(`--fork-port "${value}" is not a port.`, 'Use a free TCP port (1-65535).');
  }
  return Number(value);
}

function human(report: InstallDryRunReport, forkedFrom: string | null, configPath: string): string {
  const where = `${forkedFrom ? `a fork of ${forkedFrom}` : report.fork.rpcUrl} (chain ${report.fork.chainId}, block ${report.fork.blockNumber})`;
  const failed = report.steps.findIndex((step) => !step.ok);
  const lines = [
    report.ok
      ? `✓ install dry run passed on ${where}: the roles register, approve and execute a manifest, and the privileged manifest that removes the guard runs (this configuration cannot lock the Safe ${report.safe})`
      : `✗ install dry run FAILED at step ${failed + 1} (${report.steps[failed]!.title}) on ${where}`,
  ];
  for (const step of report.steps) {
    if (step.skipped) {
      lines.push(`  - ${step.title} (not run)`);
      continue;
    }
    lines.push(`  ${step.ok ? '✓' : '✗'} ${step.title}`, `      ${step.detail}`);
    if (step.error?.guardError) lines.push(`      guard error: ${step.error.guardError}`);
    if (step.error) lines.push(`      fix: ${step.error.fix}`);
  }
  lines.push(
    report.ok
      ? `Next: deploy the guard (MANIFEST_GUARD_CONFIG=${configPath} forge script guard/script/DeployManifestGuard.s.sol) and have the owners sign setGuard${hasModuleGuard(report.safeVersion) ? ' and setModuleGuard' : ''}.`
      : 'Nothing was installed anywhere: change the configuration and run the preflight again.',
  );
  return lines.join('\n');
}
