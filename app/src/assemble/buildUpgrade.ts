import type { Address, Hex, PublicClient } from 'viem';

import {
  BaseError,
  type Check,
  codeHashOf,
  detectProxyKind,
  type DetectProxyKindReturnType,
  implementationChecks,
  type Step,
  upgradeStep,
} from '../../../shared/src/index.js';

/** The new implementation does not answer the view its check would compare. */
export class CheckViewError extends BaseError {
  override name = 'CheckViewError';
  constructor(implementation: Address, data: Hex, cause: unknown) {
    super(`The new implementation ${implementation} does not answer the check view ${data}.`, {
      metaMessages: [
        'Transparent v5 and UUPS proxies are checked through a view the new implementation answers (e.g. version() = 0x54fd4d50). Enter the calldata of one it has.',
      ],
      cause,
    });
  }
}

/** One proxy upgrade: the detected proxy, the step and the checks that prove it landed. */
export type BuiltUpgrade = { detected: DetectProxyKindReturnType; step: Step; checks: Check[] };

/**
 * Builds the upgrade step for `proxy` to `implementation` with the shared builders (kind detected on chain), and
 * its post-phase checks: the implementation's code hash for every kind, with the ProxyAdmin's or beacon's view of
 * the implementation (v4, beacon) or `viewData` answered through the proxy as the implementation answers it now (v5,
 * UUPS).
 *
 * @example
 * const { step, checks } = await buildUpgrade({ client, proxy, implementation, viewData: '0x54fd4d50' });
 */
export async function buildUpgrade(args: {
  client: PublicClient;
  proxy: Address;
  implementation: Address;
  data?: Hex;
  viewData?: Hex;
}): Promise<BuiltUpgrade> {
  const detected = await detectProxyKind({ client: args.client, address: args.proxy });
  const step = upgradeStep({ proxy: detected, implementation: args.implementation, data: args.data });
  let view: { data: Hex; result: Hex } | undefined;
  // Every upgrade carries a code-hash check of the implementation it installs (the gate holds a phase without one).
  const codeHash: Hex = await codeHashOf({ client: args.client, address: args.implementation });
  if (detected.kind === 'transparent-v5' || detected.kind === 'uups') {
    const data = args.viewData ?? '0x54fd4d50';
    try {
      const { data: result } = await args.client.call({ to: args.implementation, data });
      view = { data, result: result ?? '0x' };
    } catch (error) {
      throw new CheckViewError(args.implementation, data, error);
    }
  }
  const checks = implementationChecks({
    kind: detected.kind,
    proxy: detected.proxy,
    implementation: args.implementation,
    proxyAdmin: detected.kind === 'transparent-v4' ? detected.admin : undefined,
    beacon: detected.kind === 'beacon' ? detected.beacon : undefined,
    codeHash,
    view,
  });
  return { detected, step, checks };
}

/** A release package made for another Safe, guard or chain than the one connected. */
export class WrongSafeError extends BaseError {
  override name = 'WrongSafeError';
  constructor(field: 'safe' | 'guard' | 'chainId', inPackage: string, connected: string) {
    super(`The package is for ${field} ${inPackage}, but this app is connected to ${connected}.`, {
      metaMessages: [
        field === 'chainId'
          ? 'Switch to the chain the package was made for, or make the package for this chain.'
          : `Open the app on the package’s ${field === 'safe' ? 'Safe' : 'guard'}, or make the package for this one.`,
      ],
    });
  }
}
