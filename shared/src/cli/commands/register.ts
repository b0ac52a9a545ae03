import type { Hex } from 'viem';

import { manifestId, ManifestStatus, readManifestView, toManifest } from '../../node.js';
import { manifestGuardAbi } from '../../generated/manifestGuard.js';
import { expectChainId, expectGuard, sendContract } from '../chain.js';
import type { Command } from '../command.js';
import { readPackage } from '../files.js';
import { readState, stateLine } from '../guardState.js';
import { requiredOption } from '../options.js';
import { exitCode } from '../output.js';

export const register: Command = {
  name: 'register',
  usage: ['register --package <file> --rpc <url> [--json]'],
  description: [
    "Sends the guard's register(manifest) as the proposer (MANIFEST_GUARD_PRIVATE_KEY or --keystore). The full",
    'calldata of every step goes on chain; the guard keeps its hash and computes the lane. A refusal is the',
    "guard's own error, read as a sentence with what to do. Registering a manifest the guard already knows changes",
    'nothing and exits 0. (A Release starts only once its Rollback is registered and approved: register that too.)',
    'Exit: 0 registered (or already), 2 rejected by the guard (the error names the rule).',
  ].join('\n'),
  options: { package: { type: 'string', value: '<file>', description: 'The release package to register.' } },
  async run(context) {
    const { values, out } = context;
    const pkg = await readPackage(requiredOption(values, context.command, 'package', 'the release package file'));
    const chain = await context.chain();
    expectChainId(chain, pkg.chainId, 'the package');
    await expectGuard(chain, pkg.guard);
    const manifest = toManifest(pkg);
    const id = manifestId({ manifest, chainId: pkg.chainId, guard: pkg.guard });
    const before = await readManifestView(chain.publicClient, pkg.guard, id);
    let txHash: Hex | null = null;
    if (before.status === ManifestStatus.None) {
      const account = await context.account('proposer');
      out.progress(`registering ${id} as ${account.address}`);
      const sent = await sendContract(chain, account, {
        address: pkg.guard,
        abi: manifestGuardAbi,
        functionName: 'register',
        args: [manifest],
        action: `register(${pkg.ticket})`,
        fix: 'Check the package with `manifest-guard validate` and the guard with `manifest-guard status`.',
        hint: { manifestId: id },
      });
      txHash = sent.hash;
      if (sent.result !== id) out.warn(`the guard returned id ${String(sent.result)}, not ${id}`);
    }
    const state = await readState(chain, pkg.guard, id);
    out.result(
      { manifestId: id, registered: txHash !== null, txHash, state },
      `${txHash ? `✓ registered ${id} (tx ${txHash})` : `= ${id} was already registered`}\n  ${stateLine(state)}`,
    );
    return exitCode.ok;
  },
};
