import { isAddressEqual } from 'viem';

import { safeAbi } from '../../safe/safeArtifacts.js';
import { expectChainId, sendContract } from '../chain.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { readPackage } from '../files.js';
import { requiredOption } from '../options.js';
import { exitCode } from '../output.js';
import { currentPhaseSteps, onchainApprovers, readSafe } from '../safeSteps.js';

export const propose: Command = {
  name: 'propose',
  summary: "Owners approve the current phase's Safe transactions (approveHash on chain).",
  usage: ['propose --package <file> --onchain --rpc <url> [--json]'],
  description: [
    "Computes the Safe transactions of the manifest's current phase (from the guard's cursor; consecutive nonces",
    "from the Safe's next one) and approves each as the signing owner with the Safe's approveHash(safeTxHash): the",
    'service-free path, one run per owner until the threshold is reached. Each safeTxHash is printed so signers can',
    'compare it with their wallet. Then `execute` (as the executor).',
    'Exit: 0 ok, 2 rejected (the signer is not an owner) or an error.',
  ].join('\n'),
  options: {
    package: { type: 'string', value: '<file>', description: 'The release package.' },
    onchain: { type: 'boolean', description: "Approve with the Safe's approveHash (on chain)." },
  },
  async run(context) {
    const { values, out } = context;
    const pkg = await readPackage(requiredOption(values, context.command, 'package', 'the release package file'));
    if (!values.onchain) {
      throw new UsageError(
        'Proposing to the Safe Transaction Service is not available in this build.',
        'Pass --onchain: each owner approves the Safe transaction hash on chain (approveHash).',
      );
    }
    const chain = await context.chain();
    expectChainId(chain, pkg.chainId, 'the package');
    const account = await context.account('Safe owner');
    const safe = await readSafe(chain, pkg.safe);
    if (!safe.owners.some((owner) => isAddressEqual(owner, account.address))) {
      throw new UsageError(
        `${account.address} is not an owner of the Safe ${pkg.safe}.`,
        `Sign with an owner's key (owners: ${safe.owners.join(', ')}).`,
      );
    }
    const { id, phase, steps } = await currentPhaseSteps(chain, pkg);
    const results = [];
    for (const step of steps) {
      const before = await onchainApprovers(chain, pkg.safe, safe.owners, step.safeTxHash);
      let txHash: string | null = null;
      if (!before.some((owner) => isAddressEqual(owner, account.address))) {
        out.progress(
          `approveHash ${step.safeTxHash} (phase ${step.phase} step ${step.step}, nonce ${step.transaction.nonce})`,
        );
        txHash = (
          await sendContract(chain, account, {
            address: pkg.safe,
            abi: safeAbi,
            functionName: 'approveHash',
            args: [step.safeTxHash],
            action: `approveHash(${step.safeTxHash})`,
            fix: 'Approve as an owner of the Safe.',
          })
        ).hash;
      }
      const approvers = await onchainApprovers(chain, pkg.safe, safe.owners, step.safeTxHash);
      results.push({
        phase: step.phase,
        step: step.step,
        nonce: step.transaction.nonce,
        safeTxHash: step.safeTxHash,
        txHash,
        approvals: approvers.length,
        threshold: safe.threshold,
      });
    }
    out.result(
      { manifestId: id, phase, owner: account.address, steps: results },
      [
        `✓ ${account.address} approved phase ${phase} of ${id}:`,
        ...results.map(
          (r) =>
            `  step ${r.phase}.${r.step} nonce ${r.nonce} safeTxHash ${r.safeTxHash}: ${r.approvals}/${r.threshold} owners` +
            `${r.txHash ? '' : ' (already approved by this owner)'}`,
        ),
      ].join('\n'),
    );
    return exitCode.ok;
  },
};
