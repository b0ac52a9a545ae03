import { manifestGuardAbi } from '../../generated/manifestGuard.js';
import { expectGuard, sendContract } from '../chain.js';
import type { Command } from '../command.js';
import { readState, stateLine } from '../guardState.js';
import { manifestOptions, targetManifest } from '../inputs.js';
import { exitCode } from '../output.js';

export const cancel: Command = {
  name: 'cancel',
  usage: ['cancel (--package <file> | --id <id> --guard <address>) --rpc <url> [--json]'],
  description: [
    "The proposer withdraws a manifest it registered, before any approver approved it: the guard's cancel(id). A",
    'cancelled manifest never executes and frees its steps for a new manifest. Once approved, a manifest is stopped',
    'by a guardian instead (`manifest-guard halt`). The guard decides; its refusal is read as a sentence.',
    'Exit: 0 cancelled, 2 rejected (not the proposer who registered it, already approved, or an error).',
  ].join('\n'),
  options: { ...manifestOptions },
  async run(context) {
    const { id, guard } = await targetManifest(context);
    const chain = await context.chain();
    await expectGuard(chain, guard);
    const account = await context.account('proposer');
    context.out.progress(`cancelling ${id} as ${account.address}`);
    const sent = await sendContract(chain, account, {
      address: guard,
      abi: manifestGuardAbi,
      functionName: 'cancel',
      args: [id],
      action: `cancel(${id})`,
      fix: 'Cancel with the key of the proposer who registered it, while it is registered and not approved.',
    });
    const state = await readState(chain, guard, id);
    context.out.result(
      { manifestId: id, txHash: sent.hash, state },
      `✓ cancelled ${id} (tx ${sent.hash})\n  ${stateLine(state)}`,
    );
    return exitCode.ok;
  },
};
