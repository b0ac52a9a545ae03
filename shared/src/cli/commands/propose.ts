import type { Hex } from 'viem';

import {
  approveHash,
  confirmSafeTransaction,
  NotAnOwnerError,
  onChainApprovals,
  type LabelledEntry,
  placeProposals,
  type ProposalPlacement,
  proposeSafeTransaction,
  readQueueSafeState,
} from '../../node.js';
import { manifestGuardAbi } from '../../generated/manifestGuard.js';
import { expectChainId, expectGuard } from '../chain.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { readPackage } from '../files.js';
import { requiredOption } from '../options.js';
import { exitCode } from '../output.js';
import {
  currentPhaseSteps,
  type QueuedStep,
  queueClients,
  queuedStep,
  readLabelledQueue,
  serviceConfirmations,
  stepAtNonce,
  txService,
  txServiceVariable,
} from '../safeSteps.js';

export const propose: Command = {
  name: 'propose',
  usage: [
    'propose --package <file> --tx-service <url> --rpc <url> [--json]',
    'propose --package <file> --onchain --rpc <url> [--json]',
  ],
  description: [
    "Computes the Safe transactions of the manifest's current phase (from the guard's cursor) and signs each as the",
    'owner whose key is configured. With the Safe Transaction Service: reads its queue and labels it by asking the',
    'guard; a step already queued as a live entry is confirmed there, not proposed again; the others are proposed',
    "at consecutive nonces from the first nonce from the Safe's that no live step holds, replacing the queued",
    'transactions the guard will never let run (a used nonce, a step of a halted, cancelled or completed manifest,',
    'an executed step, a closed window) or that match no step; each replaced one is printed with why. With',
    "--onchain there is no shared queue: the steps take consecutive nonces from the Safe's next one and the owner",
    "calls the Safe's approveHash(safeTxHash), the service-free path. Run once per owner until the threshold is",
    "reached, then `execute` as the executor. Each safeTxHash is printed for comparison with the signer's wallet.",
    'Exit: 0 ok, 2 the signer is not an owner, the service refuses, or another error.',
  ].join('\n'),
  options: {
    package: { type: 'string', value: '<file>', description: 'The release package.' },
    onchain: { type: 'boolean', description: "Approve with the Safe's approveHash instead of the service." },
  },
  async run(context) {
    const { values, out } = context;
    const pkg = await readPackage(requiredOption(values, context.command, 'package', 'the release package file'));
    const chain = await context.chain();
    expectChainId(chain, pkg.chainId, 'the package');
    await expectGuard(chain, pkg.guard);
    const service = values.onchain ? undefined : await txService(context, chain.chainId);
    if (!values.onchain && !service) {
      throw new UsageError(
        '`propose` needs the Safe Transaction Service, or --onchain.',
        `Pass --tx-service <url> (or set ${txServiceVariable}), or --onchain to approve the hash on chain.`,
      );
    }
    const account = await context.account('Safe owner');
    const safe = await readQueueSafeState(chain.publicClient, pkg.safe);
    if (!safe.owners.includes(account.address)) throw new NotAnOwnerError(account.address, pkg.safe, safe.owners);
    const current = await currentPhaseSteps(chain, pkg);
    const { id, phase } = current;
    let steps: QueuedStep[] = current.steps;
    let placement: ProposalPlacement | undefined;
    if (service) {
      // The guard's verdicts are for an executor: the first the guard has (the owner proposing need not be one).
      const config = await chain.publicClient.readContract({
        address: pkg.guard,
        abi: manifestGuardAbi,
        functionName: 'getConfig',
      });
      const queue = await readLabelledQueue({
        chain,
        pkg,
        id,
        service,
        executor: config.executors[0] ?? account.address,
      });
      // A step already queued as a live entry keeps its place (it is confirmed, not proposed again) when the phase's
      // steps before it do too and only live entries sit between the Safe's nonce and it; the rest go where
      // `placeProposals` puts them, after those, replacing what can never run.
      const kept = new Map<QueuedStep, bigint>();
      let last = queue.safeNonce - 1n;
      for (const step of steps) {
        const queued = queuedStep(
          queue.labelled.filter((entry) => entry.nonce > last),
          id,
          step,
        );
        if (!queued || !liveUpTo(queue.labelled, queue.safeNonce, queued.nonce)) break;
        kept.set(step, queued.nonce);
        last = queued.nonce;
      }
      placement = placeProposals(queue.labelled, queue.safeNonce, steps.length - kept.size);
      let next = placement.nonce;
      steps = steps.map((step) => {
        const nonce = kept.get(step);
        return stepAtNonce(step, nonce ?? next++, pkg, chain.chainId);
      });
      for (const replaced of placement.replaces)
        out.progress(`nonce ${replaced.nonce}: replacing ${replaced.safeTxHash} (${replaced.why})`);
    }
    const clients = queueClients(chain, account);
    const results = [];
    for (const step of steps) {
      const position = `phase ${step.phase} step ${step.step}, nonce ${step.transaction.nonce}`;
      let action: 'proposed' | 'confirmed' | 'approvedHash' | 'already' = 'already';
      let confirmations = 0;
      let txHash: Hex | null = null;
      if (service) {
        const { apiKit } = service;
        const existing = await serviceConfirmations(service, step.safeTxHash);
        if (!existing) {
          out.progress(`proposing ${step.safeTxHash} (${position})`);
          await proposeSafeTransaction({
            apiKit,
            chainId: chain.chainId,
            safe: pkg.safe,
            call: step.transaction,
            signer: account,
            nonce: step.transaction.nonce,
            origin: `manifest-guard ${id}`,
          });
          action = 'proposed';
        } else {
          out.progress(`confirming ${step.safeTxHash} (${position})`);
          const confirmed = await confirmSafeTransaction({
            apiKit,
            chainId: chain.chainId,
            safeTxHash: step.safeTxHash,
            signer: account,
          });
          if (confirmed.added) action = 'confirmed';
        }
        confirmations = (await serviceConfirmations(service, step.safeTxHash))?.length ?? 0;
      } else {
        const approved = await onChainApprovals({
          ...clients,
          safe: pkg.safe,
          safeTxHash: step.safeTxHash,
          owners: safe.owners,
        });
        if (!approved.includes(account.address)) {
          out.progress(`approveHash ${step.safeTxHash} (${position})`);
          txHash = await approveHash({ clients, safe: pkg.safe, safeTxHash: step.safeTxHash, owner: account });
          action = 'approvedHash';
        }
        confirmations = (
          await onChainApprovals({ ...clients, safe: pkg.safe, safeTxHash: step.safeTxHash, owners: safe.owners })
        ).length;
      }
      results.push({
        phase: step.phase,
        step: step.step,
        nonce: step.transaction.nonce,
        safeTxHash: step.safeTxHash,
        action,
        txHash,
        confirmations,
        threshold: safe.threshold,
      });
    }
    const replaces = placement?.replaces ?? [];
    out.result(
      {
        manifestId: id,
        phase,
        owner: account.address,
        via: service ? 'txService' : 'onchain',
        steps: results,
        // Only with the service: --onchain has no shared queue to place the steps in.
        placement: placement ? { nonce: placement.nonce, replaces } : null,
      },
      [
        `✓ ${account.address} signed phase ${phase} of ${id} (${service ? `Safe Transaction Service ${service.url}` : 'approveHash on chain'}):`,
        ...results.map(
          (r) =>
            `  step ${r.phase}.${r.step} nonce ${r.nonce} safeTxHash ${r.safeTxHash}: ${r.action}, ` +
            `${r.confirmations}/${r.threshold} owners`,
        ),
        ...replaces.map((r) => `  replaces nonce ${r.nonce} safeTxHash ${r.safeTxHash}: ${r.why}`),
      ].join('\n'),
    );
    return exitCode.ok;
  },
};

/** Whether every nonce from `from` up to (not including) `to` holds a live entry (label `step`). */
function liveUpTo(labelled: readonly LabelledEntry[], from: bigint, to: bigint): boolean {
  for (let nonce = from; nonce < to; nonce++)
    if (!labelled.some((entry) => entry.nonce === nonce && entry.label === 'step')) return false;
  return true;
}
