import type { Hex } from 'viem';

import {
  decodeGuardError,
  executeSafeTransaction,
  ExecutionRejectedError,
  type GateReason,
  type GateReturnType,
  guardHint,
  type LabelledEntry,
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
import {
  currentPhaseSteps,
  type LabelledQueue,
  type QueuedStep,
  queueClients,
  queuedStep,
  readLabelledQueue,
  serviceConfirmations,
  txService,
} from '../safeSteps.js';
import { decide, formatDecision } from './gate.js';

type Executed = { phase: number; step: number; safeTxHash: Hex; txHash: Hex };

export const execute: Command = {
  name: 'execute',
  usage: ['execute --package <file> --evidence <file> --rpc <url> [--tx-service <url>] [--policy <file>] [--json]'],
  description: [
    "Reclassifies the manifest first when the guard's configuration changed since its lane was computed. Then,",
    "for each remaining step of the manifest's current phase: runs the gate (as `gate` does, with the signer as",
    "executor) and stops unless it says release; gathers the owners' signatures (the Safe Transaction Service's",
    "confirmations with --tx-service, and approveHash approvals on chain); labels the Safe's queue by asking the",
    "guard and stops unless the step is ready: at the Safe's nonce, with the threshold's confirmations, allowed for",
    'the executor now (a dead or foreign transaction queued at that nonce is named, with the nonce to propose at);',
    "then sends execTransaction as the executor. The guard checks the step again and runs the phase's checks; a rejection is",
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
      const queue = await readLabelledQueue({ chain, pkg, id, service, executor: account.address, own: [step] });
      const notReady = notReadyReason(queue, id, step, pkg.kind === 'Rollback' ? 'the rollback' : 'the step');
      if (notReady) {
        decision.decision = notReady.decision;
        decision.reasons.push(notReady);
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

/**
 * Why `step` cannot execute now, from the labelled queue; `undefined` when it is ready (at the Safe's nonce, with the
 * threshold's confirmations, allowed by the guard for the executor now). A transaction queued at the Safe's nonce that
 * can never run, or the step queued behind it, is named with the nonce to propose at.
 */
function notReadyReason(queue: LabelledQueue, id: Hex, step: QueuedStep, what: string): GateReason | undefined {
  const { labelled, safeNonce, threshold } = queue;
  const ours = labelled.find((entry) => entry.safeTxHash === step.safeTxHash);
  if (ours?.ready) return undefined;
  const values = { safeTxHash: step.safeTxHash, nonce: safeNonce.toString() };
  if (ours && !ours.verdict.allowed) {
    const rejection = decodeGuardError(ours.verdict.reason);
    const hint = rejection ? guardHint(rejection, { action: 'execTransaction', manifestId: id }) : undefined;
    return {
      rule: 'guardRefuses',
      decision: 'reject',
      message: hint
        ? `The guard refuses Safe transaction ${step.safeTxHash}: ${hint.sentence} ${hint.fix}`
        : `The guard refuses Safe transaction ${step.safeTxHash}: ${ours.why}.`,
      values,
    };
  }
  const first = labelled.filter((entry) => entry.nonce === safeNonce && entry.safeTxHash !== step.safeTxHash);
  const blocker = first.find((entry) => entry.label !== 'step') ?? first[0];
  // The same step queued at a later nonce (a proposal placed behind a transaction that can never run).
  const later = queuedStep(
    labelled.filter((entry) => entry.nonce > safeNonce),
    id,
    step,
  );
  const confirmations = ours?.confirmations ?? 0;
  const propose = `propose ${what} at nonce ${safeNonce} (\`manifest-guard propose\` places it there)`;
  // Nobody proposed the step at the Safe's nonce, but it is queued behind it: name what comes first.
  if (later && queue.added.includes(step.safeTxHash)) {
    return {
      rule: 'safeQueue',
      decision: 'hold',
      message:
        `${capital(what)} is queued at nonce ${later.nonce}, behind the Safe's nonce ${safeNonce}` +
        `${blocker ? `: ${comesFirst(blocker)}` : ''}; ${propose}.`,
      values: { ...values, queuedAt: later.nonce.toString() },
    };
  }
  // Not enough confirmations at the Safe's nonce; anything else queued there is named (it can never run, or competes).
  const also = first.map((entry) => ` Nonce ${safeNonce} also holds ${entry.safeTxHash}: ${entry.why}.`).join('');
  return {
    rule: 'safeConfirmations',
    decision: 'hold',
    message:
      `Safe transaction ${step.safeTxHash} (nonce ${safeNonce}) has ${confirmations} of ${threshold} owners' ` +
      'confirmations: owners run `manifest-guard propose` (the service, or --onchain for approveHash) until the threshold.' +
      also,
    values,
  };
}

/** `nonce 3 holds …` as `nonce 3 comes first and holds …`. */
function comesFirst(entry: LabelledEntry): string {
  return entry.why.replace(/^nonce (\d+) /, 'nonce $1 comes first and ');
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
