import { manifestGuardAbi } from '../../generated/manifestGuard.js';
import { expectGuard, sendContract } from '../chain.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { guardOf, parseDuration } from '../inputs.js';
import { stringOption } from '../options.js';
import { exitCode } from '../output.js';

export const freeze: Command = {
  name: 'freeze',
  usage: ['freeze --guard <address> --duration <1h|3600> --rpc <url>', 'freeze --guard <address> --lift --rpc <url>'],
  description: [
    'Containment: while frozen, only Rollback and Emergency manifests execute. The guard caps the duration',
    "(maxFreeze) and enforces a cooldown; a freeze always expires. --lift records an approver's vote to lift it.",
    'Exit: 0 ok, 2 rejected (not a guardian / approver, above the cap, in the cooldown).',
  ].join('\n'),
  options: {
    guard: { type: 'string', value: '<address>', description: 'The ManifestGuard.' },
    duration: { type: 'string', value: '<duration>', description: 'How long: seconds, or 30m, 2h, 1d.' },
    lift: { type: 'boolean', description: 'Vote to lift the current freeze (approver).' },
  },
  async run(context) {
    const { values, out } = context;
    const guard = guardOf(context);
    const durationText = stringOption(values, 'duration');
    if ((durationText === undefined) === !values.lift) {
      throw new UsageError('`freeze` needs --duration or --lift (one of them).', 'See `manifest-guard freeze --help`.');
    }
    const chain = await context.chain();
    await expectGuard(chain, guard);
    const account = await context.account(values.lift ? 'approver' : 'guardian');
    const sent = values.lift
      ? await sendContract(chain, account, {
          address: guard,
          abi: manifestGuardAbi,
          functionName: 'liftFreeze',
          args: [],
          action: 'liftFreeze()',
          fix: 'Vote as an approver while the Safe is frozen.',
        })
      : await sendContract(chain, account, {
          address: guard,
          abi: manifestGuardAbi,
          functionName: 'freeze',
          args: [parseDuration(durationText!, '--duration')],
          action: `freeze(${durationText})`,
          fix: "Freeze as a guardian, within the guard's maxFreeze and outside its freeze cooldown.",
        });
    const frozenUntil = (await chain.publicClient.readContract({
      address: guard,
      abi: manifestGuardAbi,
      functionName: 'frozenUntil',
    })) as bigint;
    const now = (await chain.publicClient.getBlock()).timestamp;
    const frozen = frozenUntil > now;
    out.result(
      { guard, txHash: sent.hash, frozen, frozenUntil },
      frozen
        ? `✓ the Safe is frozen until ${new Date(Number(frozenUntil) * 1000).toISOString()}`
        : values.lift
          ? '✓ vote recorded; the Safe is not frozen'
          : '✓ done; the Safe is not frozen',
    );
    return exitCode.ok;
  },
};
