import { type Hex, isAddressEqual } from 'viem';

import type { GateReturnType } from '../../gate/gate.js';
import { safeWithGuardErrorsAbi } from '../../guard/guardErrors.js';
import { expectChainId, sendContract } from '../chain.js';
import type { Command } from '../command.js';
import { readPackage } from '../files.js';
import { readState, stateLine } from '../guardState.js';
import { requiredOption } from '../options.js';
import { decisionExit, exitCode } from '../output.js';
import { approvedHashSignatures, currentPhaseSteps, onchainApprovers, readSafe } from '../safeSteps.js';
import { decide, formatDecision } from './gate.js';

type Executed = { phase: number; step: number; safeTxHash: Hex; txHash: Hex };

export const execute: Command = {
  name: 'execute',
  summary: "Gate, then execute the current phase's Safe transactions (executor).",
  usage: ['execute --package <file> --evidence <file> --rpc <url> [--policy <file>] [--json]'],
  description: [
    "For each remaining step of the manifest's current phase: runs the gate (as `gate` does, with the signer as",
    "executor) and stops unless it says release; collects the owners' approvals of the Safe transaction (approveHash",
    'on chain, see `propose`) and stops below the threshold; then sends execTransaction as the executor. The guard',
    "checks the step again and runs the phase's checks; a rejection is decoded. One phase per run: the next phase",
    "needs its soak and an approver's `advance` first.",
    'Exit: 0 every step of the phase executed, 1 hold (the gate holds, approvals missing), 2 reject.',
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
    const account = await context.account('executor');
    const { id, phase, steps } = await currentPhaseSteps(chain, pkg);
    const safe = await readSafe(chain, pkg.safe);
    const executed: Executed[] = [];
    let stopped: { decision: GateReturnType; approvals?: { have: number; need: number } } | undefined;
    for (const step of steps) {
      const decision = await decide(context, pkg, {
        proposed: { ...step.transaction },
        executor: account.address,
      });
      if (decision.decision !== 'release') {
        stopped = { decision };
        break;
      }
      const approvers = await onchainApprovers(chain, pkg.safe, safe.owners, step.safeTxHash, account.address);
      if (approvers.length < safe.threshold) {
        decision.decision = 'hold';
        decision.reasons.push({
          rule: 'safeApprovals',
          decision: 'hold',
          message:
            `Safe transaction ${step.safeTxHash} has ${approvers.length} of ${safe.threshold} owner approvals: ` +
            "run `manifest-guard propose --onchain` with more owners' keys.",
          values: { safeTxHash: step.safeTxHash, approvals: approvers.length, threshold: safe.threshold },
        });
        stopped = { decision, approvals: { have: approvers.length, need: safe.threshold } };
        break;
      }
      const signers = approvers.filter((owner) => !isAddressEqual(owner, account.address));
      const ordered = [...signers, ...approvers.filter((owner) => isAddressEqual(owner, account.address))];
      const signatures = approvedHashSignatures(ordered.slice(0, safe.threshold));
      out.progress(`executing step ${step.phase}.${step.step} (safeTxHash ${step.safeTxHash})`);
      const { transaction: tx } = step;
      const sent = await sendContract(chain, account, {
        address: pkg.safe,
        abi: safeWithGuardErrorsAbi,
        functionName: 'execTransaction',
        args: [
          tx.to,
          tx.value,
          tx.data,
          tx.operation,
          tx.safeTxGas,
          tx.baseGas,
          tx.gasPrice,
          tx.gasToken,
          tx.refundReceiver,
          signatures,
        ],
        action: `execTransaction (step ${step.phase}.${step.step})`,
        fix: 'Check `manifest-guard gate` for this step; the guard names the broken rule above.',
      });
      executed.push({ phase: step.phase, step: step.step, safeTxHash: step.safeTxHash, txHash: sent.hash });
    }
    const state = await readState(chain, pkg.guard, id);
    const code = stopped ? decisionExit(stopped.decision.decision) : exitCode.ok;
    out.result(
      { manifestId: id, phase, executed, stopped: stopped?.decision ?? null, state },
      [
        ...executed.map((e) => `✓ executed step ${e.phase}.${e.step} (safeTxHash ${e.safeTxHash}, tx ${e.txHash})`),
        ...(stopped ? [formatDecision(stopped.decision)] : []),
        `  ${stateLine(state)}`,
      ].join('\n'),
    );
    return code;
  },
};
