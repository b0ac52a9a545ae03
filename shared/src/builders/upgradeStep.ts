import type { Address, Hex } from 'viem';

import type { Step } from '../guard/manifest.js';
import { BaseError } from '../errors/base.js';
import type { DetectProxyKindReturnType } from '../proxy/detectProxyKind.js';
import {
  upgradeAndCallTransparentV4Step,
  upgradeAndCallTransparentV5Step,
  upgradeBeaconStep,
  upgradeTransparentV4Step,
  upgradeUupsStep,
} from './upgradeSteps.js';

/** A Beacon upgrade cannot carry a call: the beacon upgrades every proxy at once and calls none. */
export class BeaconUpgradeCallError extends BaseError {
  override name = 'BeaconUpgradeCallError';
  constructor(beacon: Address) {
    super(`UpgradeableBeacon ${beacon} cannot call an initializer while it upgrades.`, {
      metaMessages: ['Add the initializer call on each beacon proxy as steps of their own, after the upgrade step.'],
    });
  }
}

export type UpgradeStepParameters = {
  /** What `detectProxyKind` found. */
  proxy: DetectProxyKindReturnType;
  implementation: Address;
  /** A call made on the proxy after the upgrade (not for beacons). */
  data?: Hex;
  value?: bigint;
};

/**
 * The upgrade step for a detected proxy, whatever its kind: v4 `upgrade`/`upgradeAndCall`, v5 `upgradeAndCall`,
 * UUPS `upgradeToAndCall`, Beacon `upgradeTo`.
 *
 * @throws {BeaconUpgradeCallError} for a beacon with `data`.
 * @example
 * const step = upgradeStep({ proxy: await detectProxyKind({ client, address }), implementation: poolV2 });
 */
export function upgradeStep({ proxy, implementation, data, value }: UpgradeStepParameters): Step {
  const withCall = data !== undefined && data !== '0x';
  switch (proxy.kind) {
    case 'transparent-v4':
      return withCall || (value ?? 0n) > 0n
        ? upgradeAndCallTransparentV4Step({
            proxyAdmin: proxy.admin,
            proxy: proxy.proxy,
            implementation,
            data: data ?? '0x',
            value,
          })
        : upgradeTransparentV4Step({ proxyAdmin: proxy.admin, proxy: proxy.proxy, implementation });
    case 'transparent-v5':
      return upgradeAndCallTransparentV5Step({
        proxyAdmin: proxy.admin,
        proxy: proxy.proxy,
        implementation,
        data,
        value,
      });
    case 'uups':
      return upgradeUupsStep({ proxy: proxy.proxy, implementation, data, value });
    case 'beacon':
      if (withCall) throw new BeaconUpgradeCallError(proxy.beacon);
      return upgradeBeaconStep({ beacon: proxy.beacon, implementation });
  }
}
