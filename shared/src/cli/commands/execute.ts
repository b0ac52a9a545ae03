import type { Hex } from 'viem';

import {
  decodeGuardError,
  executeSafeTransaction,
  ExecutionRejectedError,
  type GateReturnType,
  guardHint,
  NotEnoughConfirmationsError,
  readManifestState,
  toManifest,
} from '../../node.js';
import { manifestGuardAbi } from '../../generated/manifestGuard.js';
import { expectChainId, expectGuard, sendContract } from '../chain.js';
import type { Command } from '../command.js';
import { readPackage } from '../files.js';
import { readState, stateLine } from '../guardState.js';
import { requiredOption } from '../options.js';
import { decisionExit, exitCode } from '../output.js';
import { currentPhaseSteps, queueClients, serviceConfirmations, txService } from '../safeSteps.js';
import { decide, formatDecision } from './gate.js';

type Executed = { phase: number; step: number; safeTxHash: Hex; txHash: Hex };

export const execute: Command = {
  name: 'execute',
  usage: ['execute --package <file> --evidence <file> --rpc <url> [--tx-service <url>] [--policy <file>] [--json]'],
  description: [
    "Reclassifies the manifest first when the guard's configuration changed since its lane was computed. Then,",
    "for each remaining step of the manifest's current phase: runs the gate (as `gate` does, with the signer as",
    "executor) and stops unless it says release; gathers the owners' signatures (the Safe Transaction Service's",
    'confirmations with --tx-service, and approveHash approvals on chain) and stops below the threshold; then sends',
    "execTransaction as the executor. The guard checks the step again and runs the phase's checks; a rejection is",
    "decoded. Each transaction's hash is printed on stderr as soon as it is sent; its receipt is awaited at most",
    '--receipt-timeout (2m): past that, the command stops with exit 2 naming the hash (look it up before retrying).',
    "One phase per run: the next phase needs its soak and an approver's `advance` first.",
    'Exit: 0 every step of the phase executed, 1 hold (the gate holds, confirmations missing), 2 reject.',
  ].join('\n'),
  options: {
    package: { type: 'string', value: '<file>', description: 'The release package.' },
    evidence: { type: 'string', value: '<file>', description: 'Its evidence packet (the gate holds without it).' },
    policy: { type: 'string', value: '<file>', description: "The team's policy file." },
  },
  async run(context) {
    const { values, out } = context;
    const pkg = await readPackage(requiredOption(values, context.command, 'package', 'the release package file'));
    const chain = await context.chain();
    expectChainId(chain, pkg.chainId, 'the package');
    await expectGuard(chain, pkg.guard);
    const account = await context.account('executor');
    const service = await txService(context, chain.chainId);
    const clients = queueClients(chain, account);
    const { id, phase, steps } = await currentPhaseSteps(chain, pkg);
    // After a configuration change the guard needs the manifest's lane computed again before its first step counts:
    // anyone may send it, so the executor does.
    const derived = await readManifestState(chain.publicClient, pkg.guard, id);
    if (derived && !derived.laneCurrent && !derived.started) {
      out.progress(`${id}: the configuration changed since its lane was computed; reclassifying it first`);
      await sendContract(chain, account, {
        address: pkg.guard,
        abi: manifestGuardAbi,
        functionName: 'reclassify',
        args: [toManifest(pkg)],
        action: `reclassify(${id})`,
        fix: 'Run `manifest-guard status` and check the manifest has not started.',
      });
    }
    const executed: Executed[] = [];
    let stopped: GateReturnType | undefined;
    out.progress(`${id}: ${steps.length} step(s) left in phase ${phase}`);
    for (const step of steps) {
      out.progress(`step ${step.phase}.${step.step}: asking the gate (safeTxHash ${step.safeTxHash})`);
      const decision = await decide(context, pkg, { proposed: { ...step.transaction }, executor: account.address });
      if (decision.decision !== 'release') {
        stopped = decision;
        break;
      }
      const signatures = service ? ((await serviceConfirmations(service, step.safeTxHash)) ?? []) : [];
      out.progress(
        `step ${step.phase}.${step.step}: ${signatures.length} confirmation(s) from the service; sending execTransaction`,
      );
      try {
        const result = await executeSafeTransaction({
          clients,
          safe: pkg.safe,
          transaction: step.transaction,
          signatures,
          executor: account,
        });
        executed.push({
          phase: step.phase,
          step: step.step,
          safeTxHash: step.safeTxHash,
          txHash: result.transactionHash,
        });
        out.progress(`step ${step.phase}.${step.step}: executed in block ${result.receipt.blockNumber}`);
      } catch (error) {
        if (!(error instanceof NotEnoughConfirmationsError) && !(error instanceof ExecutionRejectedError)) throw error;
        const reject = error instanceof ExecutionRejectedError;
        const guard = reject ? decodeGuardError(error.cause) : undefined;
        const hint = guard ? guardHint(guard, { action: 'execTransaction', manifestId: id }) : undefined;
        decision.decision = reject ? 'reject' : 'hold';
        decision.reasons.push({
          rule: reject ? 'executionRejected' : 'safeConfirmations',
          decision: reject ? 'reject' : 'hold',
          message: hint
            ? `The guard refuses Safe transaction ${step.safeTxHash}: ${hint.sentence} ${hint.fix}`
            : `${error.shortMessage} ${error.metaMessages.join(' ')}`,
          values: { safeTxHash: step.safeTxHash, nonce: step.transaction.nonce.toString() },
        });
        stopped = decision;
        break;
      }
    }
    const state = await readState(chain, pkg.guard, id);
    out.result(
      { manifestId: id, phase, executed, stopped: stopped ?? null, state },
      [
        ...executed.map((e) => `✓ executed step ${e.phase}.${e.step} (safeTxHash ${e.safeTxHash}, tx ${e.txHash})`),
        ...(stopped ? [formatDecision(stopped)] : []),
        `  ${stateLine(state)}`,
      ].join('\n'),
    );
    return stopped ? decisionExit(stopped.decision) : exitCode.ok;
  },
};
