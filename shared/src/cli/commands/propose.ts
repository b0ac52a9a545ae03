import type { Hex } from 'viem';

import {
  approveHash,
  confirmSafeTransaction,
  NotAnOwnerError,
  onChainApprovals,
  proposeSafeTransaction,
  readQueueSafeState,
} from '../../node.js';
import { expectChainId, expectGuard } from '../chain.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { readPackage } from '../files.js';
import { requiredOption } from '../options.js';
import { exitCode } from '../output.js';
import { currentPhaseSteps, queueClients, serviceConfirmations, txService, txServiceVariable } from '../safeSteps.js';

export const propose: Command = {
  name: 'propose',
  usage: [
    'propose --package <file> --tx-service <url> --rpc <url> [--json]',
    'propose --package <file> --onchain --rpc <url> [--json]',
  ],
  description: [
    "Computes the Safe transactions of the manifest's current phase (from the guard's cursor; consecutive nonces",
    "from the Safe's next one) and signs each as the owner whose key is configured: proposes it to the Safe",
    'Transaction Service through api-kit (or adds a confirmation when it is already queued), or with --onchain',
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
    const { id, phase, steps } = await currentPhaseSteps(chain, pkg);
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
    out.result(
      { manifestId: id, phase, owner: account.address, via: service ? 'txService' : 'onchain', steps: results },
      [
        `✓ ${account.address} signed phase ${phase} of ${id} (${service ? `Safe Transaction Service ${service.url}` : 'approveHash on chain'}):`,
        ...results.map(
          (r) =>
            `  step ${r.phase}.${r.step} nonce ${r.nonce} safeTxHash ${r.safeTxHash}: ${r.action}, ` +
            `${r.confirmations}/${r.threshold} owners`,
        ),
      ].join('\n'),
    );
    return exitCode.ok;
  },
};
