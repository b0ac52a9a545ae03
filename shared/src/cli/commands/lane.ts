import { type Address, zeroAddress } from 'viem';

import { manifestGuardAbi } from '../../generated/manifestGuard.js';
import { classifyLane, type GuardConfig, laneName, readFallbackHandler, toManifest } from '../../node.js';
import { expectChainId, expectGuard } from '../chain.js';
import type { Command } from '../command.js';
import { addressOption } from '../inputs.js';
import { readPackage } from '../files.js';
import { requiredOption } from '../options.js';
import { exitCode, table } from '../output.js';

export const lane: Command = {
  name: 'lane',
  usage: ['lane --package <file> [--rpc <url>] [--multisend-call-only <address>] [--json]'],
  description: [
    'Classifies the manifest as the guard does: privileged when a step (a call inside a MultiSend batch, or a call',
    'nested in upgradeToAndCall, upgradeAndCall or multicall data) targets the Safe, the guard, its fallback handler',
    'or a configured authority, calls a privileged selector, or nests too deep or unreadably; routine otherwise. Every',
    "reason names the step. With --rpc the guard's configuration and the Safe's fallback handler are read",
    "(authorities, extra selectors, MultiSendCallOnly, thresholds and delays) and the guard's own computeLane is compared.",
    'Exit: 0 ok, 2 the guard computes another lane or cannot classify the manifest.',
  ].join('\n'),
  options: {
    package: { type: 'string', value: '<file>', description: 'The release package.' },
    'multisend-call-only': {
      type: 'string',
      value: '<address>',
      description: 'The MultiSendCallOnly the guard allows (read from the guard with --rpc).',
    },
  },
  async run(context) {
    const { values, out, command } = context;
    const pkg = await readPackage(requiredOption(values, command, 'package', 'the release package file'));
    const manifest = toManifest(pkg);
    let config: GuardConfig | undefined;
    let onChain: string | undefined;
    let fallbackHandler: Address | undefined;
    if (context.hasRpc) {
      const chain = await context.chain();
      expectChainId(chain, pkg.chainId, 'the package');
      await expectGuard(chain, pkg.guard);
      const guardContract = { address: pkg.guard, abi: manifestGuardAbi } as const;
      config = await chain.publicClient.readContract({ ...guardContract, functionName: 'getConfig' });
      onChain = laneName(
        Number(
          await chain.publicClient.readContract({ ...guardContract, functionName: 'computeLane', args: [manifest] }),
        ),
      );
      fallbackHandler = await readFallbackHandler(chain.publicClient, pkg.safe);
    }
    const multiSendCallOnly: Address =
      addressOption(context, 'multisend-call-only') ?? config?.multiSendCallOnly ?? zeroAddress;
    const result = classifyLane({
      manifest,
      safe: pkg.safe,
      guard: pkg.guard,
      multiSendCallOnly,
      fallbackHandler,
      authorities: config?.authorities,
      privilegedSelectors: config?.privilegedSelectors,
      containmentSelectors: config?.containmentSelectors,
    });
    const privileged = result.lane === 'privileged';
    const requirements = config
      ? {
          approvals: privileged ? config.privilegedThreshold : config.routineThreshold,
          delay: privileged ? config.privilegedDelay : config.routineDelay,
        }
      : undefined;
    const matches = onChain === undefined || onChain === result.lane;
    out.result(
      {
        lane: result.lane,
        reasons: result.reasons,
        ...(onChain ? { onChain: { lane: onChain, matches } } : {}),
        requirements,
      },
      [
        table([
          ['lane', result.lane],
          ...(onChain ? ([['guard says', `${onChain} ${matches ? '✓' : '✗ DIFFERENT'}`]] as const) : []),
          ...(requirements
            ? ([['needs', `${requirements.approvals} approvals, then ${requirements.delay} s delay`]] as const)
            : []),
        ]),
        ...result.reasons.map(
          (r) =>
            `  phase ${r.phase} step ${r.step}${r.innerCall === undefined ? '' : ` call ${r.innerCall}`}: ${r.rule} (${r.detail})`,
        ),
      ].join('\n'),
    );
    return matches ? exitCode.ok : exitCode.reject;
  },
};
