import { manifestGuardAbi } from '../../generated/manifestGuard.js';
import { manifestId, readManifestState, toManifest } from '../../node.js';
import { expectChainId, expectGuard, sendContract } from '../chain.js';
import type { Command } from '../command.js';
import { readPackage } from '../files.js';
import { readState, stateLine } from '../guardState.js';
import { requiredOption } from '../options.js';
import { exitCode } from '../output.js';

export const reclassify: Command = {
  name: 'reclassify',
  usage: ['reclassify --package <file> --rpc <url> [--json]'],
  description: [
    "After a configuration change (or a change of the Safe's fallback handler) a routine manifest that has not",
    "started can be neither approved nor started until its lane is computed again: the guard's reclassify(manifest),",
    "which anyone may send (the guard keeps only hashes, so the package's full data goes with it). The lane only",
    'rises: a manifest that became privileged needs the privileged threshold and waits the privileged delay. Nothing',
    'is sent when the lane is already current. `execute` does this by itself for the manifest it executes.',
    'Exit: 0 current (or made current), 2 rejected or an error.',
  ].join('\n'),
  options: { package: { type: 'string', value: '<file>', description: 'The release package.' } },
  async run(context) {
    const pkg = await readPackage(
      requiredOption(context.values, context.command, 'package', 'the release package file'),
    );
    const chain = await context.chain();
    expectChainId(chain, pkg.chainId, 'the package');
    await expectGuard(chain, pkg.guard);
    const manifest = toManifest(pkg);
    const id = manifestId({ manifest, chainId: pkg.chainId, guard: pkg.guard });
    const current = await readManifestState(chain.publicClient, pkg.guard, id);
    let txHash: string | null = null;
    if (!current || !current.laneCurrent) {
      const account = await context.account('sender (any account: it only pays the gas)');
      context.out.progress(`reclassifying ${id} as ${account.address}`);
      const sent = await sendContract(chain, account, {
        address: pkg.guard,
        abi: manifestGuardAbi,
        functionName: 'reclassify',
        args: [manifest],
        action: `reclassify(${id})`,
        fix: 'Register the manifest first; a manifest that started, completed, or was halted or cancelled keeps its lane.',
      });
      txHash = sent.hash;
    }
    const state = await readState(chain, pkg.guard, id);
    context.out.result(
      { manifestId: id, txHash, state },
      `${txHash ? `✓ reclassified ${id} (tx ${txHash})` : `${id}: the lane is current, nothing sent`}\n  ${stateLine(state)}`,
    );
    return exitCode.ok;
  },
};
