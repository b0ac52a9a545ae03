import { zeroHash } from 'viem';

import { manifestGuardAbi } from '../../generated/manifestGuard.js';
import { expectGuard, sendContract } from '../chain.js';
import type { Command } from '../command.js';
import { readState, stateLine } from '../guardState.js';
import { manifestOptions, targetManifest } from '../inputs.js';
import { exitCode } from '../output.js';

export const halt: Command = {
  name: 'halt',
  usage: ['halt (--package <file> | --id <id> --guard <address>) --rpc <url>'],
  description: [
    "A guardian's stop: the guard's halt(id). The manifest's remaining steps are blocked and its pre-approved",
    'rollback may execute at once (no delay): `manifest-guard execute --package <rollback package>` next.',
    'Exit: 0 halted, 2 rejected (not a guardian, the manifest is not active).',
  ].join('\n'),
  options: { ...manifestOptions },
  async run(context) {
    const { id, guard } = await targetManifest(context);
    const chain = await context.chain();
    await expectGuard(chain, guard);
    const account = await context.account('guardian');
    const sent = await sendContract(chain, account, {
      address: guard,
      abi: manifestGuardAbi,
      functionName: 'halt',
      args: [id],
      action: `halt(${id})`,
      fix: 'Halt as a guardian of the guard, a manifest that is registered or approved.',
    });
    const state = await readState(chain, guard, id);
    const rollback = state.rollback !== zeroHash ? await readState(chain, guard, state.rollback) : undefined;
    context.out.result(
      { manifestId: id, txHash: sent.hash, state, rollback: rollback ?? null },
      [
        `✓ halted ${id}\n  ${stateLine(state)}`,
        ...(rollback
          ? [`  rollback ${rollback.id}: ${stateLine(rollback)}`, '  Next: execute the rollback package.']
          : []),
      ].join('\n'),
    );
    return exitCode.ok;
  },
};
