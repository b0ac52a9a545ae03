import type { Hex } from 'viem';

import {
  manifestId,
  ManifestStatus,
  readManifestView,
  readQueueSafeState,
  type ReleasePackage,
  safeTxHashIndex,
  toManifest,
  type VerifyFinding,
  verifyPhase,
} from '../../node.js';
import { safeAbi } from '../../generated/safe.js';
import { expectChainId } from '../chain.js';
import type { Command } from '../command.js';
import { NoContractError, UsageError } from '../errors.js';
import { readPackage } from '../files.js';
import { addressOption } from '../inputs.js';
import { listOption, requiredOption, stringOption } from '../options.js';
import { exitCode } from '../output.js';

export const verify: Command = {
  name: 'verify',
  usage: [
    'verify --package <file> --rpc <url> [--phase <n>] [--rollback-package <file>] [--json]',
    'verify --package <file> --rpc <url> --phase <n> --tx <hash> [--tx <hash> …] [--json]',
  ],
  description: [
    'Verifies a phase after it executed (default: the last completed one): its transactions (found from the',
    "Safe's ExecutionSuccess logs, or --tx) executed every step once and in order, with the expected upgrade",
    "events; and the state it left (EIP-1967 slots, beacon implementations, owners, roles, the Safe's guard, the",
    "manifest's cursor, the phase's checks, the package's watched invariants) is what the manifest says. On a",
    'divergence each finding is printed with the expected and observed values, and the containment the',
    "stop-condition table calls for (guardian freeze / halt, the pre-approved rollback's steps).",
    'Exit: 0 no finding, 1 findings whose response is "observe", 2 findings calling for containment or rollback.',
  ].join('\n'),
  options: {
    package: { type: 'string', value: '<file>', description: 'The release package.' },
    phase: { type: 'string', value: '<n>', description: 'The phase to verify (default: the last completed).' },
    tx: { type: 'string', multiple: true, value: '<hash>', description: "The phase's transactions (default: found)." },
    'rollback-package': { type: 'string', value: '<file>', description: 'The rollback, for the containment plan.' },
    'from-block': { type: 'string', value: '<n>', description: 'Search the Safe logs from this block (default 0).' },
    multicall: { type: 'string', value: '<address>', description: 'Multicall3 (default: the canonical address).' },
  },
  async run(context) {
    const { values, out } = context;
    const pkg = await readPackage(requiredOption(values, context.command, 'package', 'the release package file'));
    const rollbackPath = stringOption(values, 'rollback-package');
    const rollback = rollbackPath === undefined ? undefined : await readPackage(rollbackPath);
    const given = listOption(values, 'tx');
    for (const hash of given) {
      if (!/^0x[0-9a-fA-F]{64}$/.test(hash))
        throw new UsageError(`--tx "${hash}" is not a transaction hash.`, 'Use 0x + 64 hex.');
    }
    const fromBlock = stringOption(values, 'from-block');
    if (fromBlock !== undefined && !/^[0-9]+$/.test(fromBlock)) {
      throw new UsageError(`--from-block "${fromBlock}" is not a block number.`, 'Use a decimal block number.');
    }
    const multicallAddress = addressOption(context, 'multicall');
    const id = manifestId({ manifest: toManifest(pkg), chainId: pkg.chainId, guard: pkg.guard });
    // One round trip for everything the verification needs first (the connection's chain id, the guard's code, the
    // manifest's cursor, the Safe's nonce and execution logs), one for the verification itself (receipts and state).
    const { chain, value } = await context.chainWith((client) =>
      Promise.all([
        client.getCode({ address: pkg.guard }),
        readManifestView(client, pkg.guard, id),
        readQueueSafeState(client, pkg.safe),
        given.length > 0
          ? Promise.resolve([])
          : client.getContractEvents({
              address: pkg.safe,
              abi: safeAbi,
              eventName: 'ExecutionSuccess',
              fromBlock: fromBlock === undefined ? 0n : BigInt(fromBlock),
            }),
      ]),
    );
    const [code, view, safe, logs] = value;
    expectChainId(chain, pkg.chainId, 'the package');
    if (!code || code === '0x') {
      throw new NoContractError(
        pkg.guard,
        chain,
        'a ManifestGuard',
        `Pass the guard's address on chain ${chain.chainId} (the package's "guard"), or the RPC of its chain.`,
      );
    }
    const completed = view.status === ManifestStatus.Completed ? pkg.phases.length : view.currentPhase;
    const phaseOption = stringOption(values, 'phase');
    const phase = phaseOption === undefined ? completed - 1 : Number(phaseOption);
    if (!Number.isInteger(phase) || phase < 0 || phase >= pkg.phases.length) {
      throw new UsageError(
        phaseOption === undefined
          ? `No phase of ${id} has completed yet: nothing to verify.`
          : `--phase "${phaseOption}" is not a phase of the package.`,
        phaseOption === undefined ? 'Execute a phase first.' : `Use 0 to ${pkg.phases.length - 1}.`,
      );
    }
    const receipts = given.length > 0 ? (given as Hex[]) : phaseTransactions(pkg, phase, safe.nonce, logs);
    if (receipts.length === 0) {
      throw new UsageError(
        `No transaction of phase ${phase} of ${id} was found in the Safe's logs.`,
        "Pass the phase's transaction hashes with --tx, or --from-block if the node limits log ranges.",
      );
    }
    out.progress(`verifying phase ${phase} of ${id} (${receipts.length} transactions)`);
    const result = await verifyPhase({
      client: chain.publicClient,
      guard: pkg.guard,
      safe: pkg.safe,
      pkg,
      phase,
      receipts,
      rollback,
      multicallAddress,
    });
    const exit = result.ok ? exitCode.ok : result.containment?.response === 'observe' ? exitCode.hold : exitCode.reject;
    out.result(
      result,
      [
        result.ok
          ? `✓ phase ${phase} of ${id} executed as the manifest says (${result.executions.length} steps)`
          : `✗ phase ${phase} of ${id}: ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}`,
        ...result.findings.map(formatFinding),
        ...(result.containment
          ? [
              `Containment (${result.containment.response}):`,
              ...result.containment.actions.map(
                (action) =>
                  `  ${action.action}${action.immediate ? ' NOW' : ''} by the ${action.by}: ${action.description}`,
              ),
              ...result.containment.notes.map((note) => `  note: ${note}`),
            ]
          : []),
      ].join('\n'),
    );
    return exit;
  },
};

function formatFinding(finding: VerifyFinding): string {
  return (
    `  - ${finding.rule} (${finding.response}): ${finding.message}\n` +
    `      expected ${finding.expected ?? 'nothing'}, observed ${finding.actual ?? 'nothing'}`
  );
}

/** The transactions that executed the phase's steps: the Safe's ExecutionSuccess logs whose safeTxHash is a step's. */
function phaseTransactions(
  pkg: ReleasePackage,
  phase: number,
  nonce: bigint,
  logs: readonly { args: unknown; transactionHash: Hex | null }[],
): Hex[] {
  const index = safeTxHashIndex({
    safe: pkg.safe,
    chainId: pkg.chainId,
    steps: toManifest(pkg).phases[phase]!.steps,
    fromNonce: 0n,
    toNonce: nonce,
  });
  const byStep = new Map<number, Hex>();
  for (const log of logs) {
    const origin = index.get((log.args as { txHash?: Hex }).txHash ?? '0x');
    if (origin && log.transactionHash) byStep.set(origin.step, log.transactionHash);
  }
  return [...byStep.entries()].sort(([a], [b]) => a - b).map(([, hash]) => hash);
}
