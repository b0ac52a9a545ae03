import {
  declaredAuthorities,
  gate as runGate,
  type GateReason,
  type GateReturnType,
  manifestId,
  ManifestStatus,
  parsePolicy,
  type ProposedSafeTransaction,
  readManifestView,
  type ReleasePackage,
  toManifest,
  type TxBuilderBatch,
} from '../../node.js';
import { type CliChain, expectChainId, expectGuard } from '../chain.js';
import type { Command, CommandContext } from '../command.js';
import { UsageError } from '../errors.js';
import { readJson, readPackage, readText } from '../files.js';
import { addressOption } from '../inputs.js';
import { requiredOption, stringOption } from '../options.js';
import { decisionExit } from '../output.js';
import { parseStepPosition, proxiesOf, readProposed } from '../proposal.js';

export const gate: Command = {
  name: 'gate',
  usage: [
    'gate --package <file> --evidence <file> [--tx <file> | --step <phase>.<step>] [--rpc <url>] [--policy <file>] [--json]',
  ],
  description: [
    "Applies the guard's rules and the off-chain ones (evidence, rollback readiness, policy, authority) to a proposed",
    'Safe transaction: --tx (a Safe transaction JSON or a Transaction Builder batch), --step (a step of the',
    "manifest), or by default the manifest's next step. With --rpc the cursor, approvals, freeze and the guard's own",
    'verdict (explainTransaction) are read from the chain at one block, the authority map of the changed proxies is',
    'checked, and the transaction runs on an Anvil fork of that block to find authority that leaves the Safe or',
    'appears outside the declared set ("x-manifest-guard": {"authorities": [...]}), in every contract it touches.',
    'Without --rpc the gate is offline: it never answers release (rule "offline", "offline": true, "chain": null).',
    'Prints the decision JSON {packageHash, manifestId, targetProxy, lane, rollbackReady, step, decision, offline,',
    'chain {chainId, blockNumber, blockHash, timestamp, guard, safe}, authorityEffects, reasons[]}; every reason',
    'names its rule, what was wrong and the values.',
    'Exit: 0 release, 1 hold, 2 reject or error (node down or answering garbage, invalid input).',
  ].join('\n'),
  options: {
    package: { type: 'string', value: '<file>', description: 'The release package.' },
    evidence: { type: 'string', value: '<file>', description: 'Its evidence packet (without it the gate holds).' },
    tx: { type: 'string', value: '<file>', description: 'The proposed Safe transaction or Transaction Builder batch.' },
    step: { type: 'string', value: '<phase>.<step>', description: 'Gate this step of the manifest instead.' },
    policy: { type: 'string', value: '<file>', description: "The team's policy file." },
    executor: {
      type: 'string',
      value: '<address>',
      description: 'Who will send execTransaction (default: an executor).',
    },
  },
  async run(context) {
    const { values, out } = context;
    const pkg = await readPackage(requiredOption(values, context.command, 'package', 'the release package file'));
    const result = await decide(context, pkg);
    out.result(result, formatDecision(result));
    return decisionExit(result.decision);
  },
};

/** Runs the gate for the command's options (shared with `execute`). */
export async function decide(
  context: CommandContext,
  pkg: ReleasePackage,
  override?: { proposed: ProposedSafeTransaction; executor: `0x${string}` },
): Promise<GateReturnType> {
  const { values } = context;
  const evidencePath = stringOption(values, 'evidence');
  const evidence = evidencePath === undefined ? undefined : await readJson(evidencePath, 'evidence packet');
  const policyPath = stringOption(values, 'policy');
  const policy = policyPath === undefined ? undefined : parsePolicy(await readText(policyPath, 'policy file'));
  const chain: CliChain | undefined = context.hasRpc ? await context.chain() : undefined;
  if (chain) {
    expectChainId(chain, pkg.chainId, 'the package');
    await expectGuard(chain, pkg.guard);
  }
  const proposed = override?.proposed ?? (await proposedOf(context, pkg, chain));
  return runGate({
    pkg,
    evidence,
    proposed,
    chainId: chain?.chainId ?? pkg.chainId,
    safe: addressOption(context, 'safe') ?? pkg.safe,
    executor: override?.executor ?? addressOption(context, 'executor'),
    chain: chain ? { publicClient: chain.publicClient, guard: pkg.guard, rpcUrl: chain.rpcUrl } : undefined,
    policy,
    proxies: chain ? await proxiesOf(pkg, chain.publicClient) : undefined,
    declared: declaredAuthorities(pkg),
  });
}

async function proposedOf(
  context: CommandContext,
  pkg: ReleasePackage,
  chain: CliChain | undefined,
): Promise<ProposedSafeTransaction | TxBuilderBatch> {
  const tx = stringOption(context.values, 'tx');
  const stepOption = stringOption(context.values, 'step');
  if (tx !== undefined && stepOption !== undefined) {
    throw new UsageError('--tx and --step both name the proposed transaction.', 'Pass one of them.');
  }
  if (tx !== undefined) return readProposed(tx);
  let position = { phase: 0, step: 0 };
  if (stepOption !== undefined) position = parseStepPosition(stepOption);
  else if (chain) {
    const id = manifestId({ manifest: toManifest(pkg), chainId: pkg.chainId, guard: pkg.guard });
    const view = await readManifestView(chain.publicClient, pkg.guard, id);
    if (view.status !== ManifestStatus.None && view.currentPhase < pkg.phases.length) {
      position = { phase: view.currentPhase, step: view.nextStep };
    }
  }
  const step = pkg.phases[position.phase]?.steps[position.step];
  if (!step) {
    throw new UsageError(
      `The manifest has no step ${position.step} in phase ${position.phase}.`,
      'Use --step <phase>.<step> within the package (0-based).',
    );
  }
  return { ...step, operation: step.operation === 'delegatecall' ? 1 : 0 };
}

/** The decision for people: the verdict, then every reason with its rule and values. */
export function formatDecision(result: GateReturnType): string {
  const mark = { release: '✓ RELEASE', hold: '… HOLD', reject: '✗ REJECT' }[result.decision];
  const { chain, authorityEffects } = result;
  return [
    `${mark}  manifest ${result.manifestId}${result.step ? ` step ${result.step.phase}.${result.step.step}` : ''}`,
    `  target proxy ${result.targetProxy}, lane ${result.lane}, rollback ready: ${result.rollbackReady ? 'yes' : 'no'}`,
    `  package hash ${result.packageHash}`,
    chain
      ? `  taken at block ${chain.blockNumber} (${chain.blockHash}, ${new Date(chain.timestamp * 1000).toISOString()}) ` +
        `of chain ${chain.chainId}, guard ${chain.guard}`
      : '  OFFLINE: no chain was read (pass --rpc); the gate cannot release',
    ...(authorityEffects
      ? [
          `  authority simulated on a fork of block ${authorityEffects.forkBlockNumber} over ` +
            `${authorityEffects.contracts.length} contracts: ` +
            `${authorityEffects.findings.length === 0 ? 'no authority leaves the Safe' : `${authorityEffects.findings.length} finding(s)`}`,
        ]
      : []),
    ...result.reasons.map(formatReason),
  ].join('\n');
}

function formatReason(reason: GateReason): string {
  const values = Object.entries(reason.values)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`)
    .join(' ');
  return `  - ${reason.decision} ${reason.rule}: ${reason.message}${values ? `\n      (${values})` : ''}`;
}
