import { type Address, type Hex, encodeFunctionData, getAddress, parseAbi } from 'viem';

import { proxyAdminAbi, upgradeableBeaconAbi } from '../generated/index.js';
import type { Step } from '../guard/manifest.js';

/** The OpenZeppelin v4 ProxyAdmin functions the builders and checks use (exact 4.9 signatures). */
export const proxyAdminV4Abi = parseAbi([
  'function upgrade(address proxy, address implementation)',
  'function upgradeAndCall(address proxy, address implementation, bytes data) payable',
  'function changeProxyAdmin(address proxy, address newAdmin)',
  'function getProxyImplementation(address proxy) view returns (address)',
  'function getProxyAdmin(address proxy) view returns (address)',
  'function owner() view returns (address)',
]);
/** UUPS (`UUPSUpgradeable`, v4 and v5): `upgradeToAndCall`. */
export const uupsAbi = parseAbi(['function upgradeToAndCall(address newImplementation, bytes data) payable']);

const call = (to: Address, data: Hex, value = 0n): Step => ({ to: getAddress(to), value, operation: 0, data });

export type UpgradeTransparentV4StepParameters = { proxyAdmin: Address; proxy: Address; implementation: Address };
export type UpgradeAndCallTransparentV4StepParameters = UpgradeTransparentV4StepParameters & {
  /** The call made on the proxy after the upgrade (an initializer, a migration). */
  data: Hex;
  /** Wei forwarded to that call. */
  value?: bigint;
};

/**
 * An OpenZeppelin v4 Transparent upgrade without a call: `ProxyAdmin.upgrade(proxy, implementation)`.
 *
 * @example
 * const step = upgradeTransparentV4Step({ proxyAdmin, proxy, implementation: poolV2 });
 */
export function upgradeTransparentV4Step(parameters: UpgradeTransparentV4StepParameters): Step {
  const { proxyAdmin, proxy, implementation } = parameters;
  return call(
    proxyAdmin,
    encodeFunctionData({ abi: proxyAdminV4Abi, functionName: 'upgrade', args: [proxy, implementation] }),
  );
}

/**
 * An OpenZeppelin v4 Transparent upgrade with a call: `ProxyAdmin.upgradeAndCall(proxy, implementation, data)`.
 *
 * @example
 * const step = upgradeAndCallTransparentV4Step({ proxyAdmin, proxy, implementation: poolV2, data: initializeV2 });
 */
export function upgradeAndCallTransparentV4Step(parameters: UpgradeAndCallTransparentV4StepParameters): Step {
  const { proxyAdmin, proxy, implementation, data, value = 0n } = parameters;
  return call(
    proxyAdmin,
    encodeFunctionData({ abi: proxyAdminV4Abi, functionName: 'upgradeAndCall', args: [proxy, implementation, data] }),
    value,
  );
}

export type UpgradeAndCallTransparentV5StepParameters = UpgradeTransparentV4StepParameters & {
  /** The call made on the proxy after the upgrade; `0x` for none (v5 has only `upgradeAndCall`). */
  data?: Hex;
  value?: bigint;
};

/**
 * An OpenZeppelin v5 Transparent upgrade: `ProxyAdmin.upgradeAndCall(proxy, implementation, data)`, the only
 * upgrade function of the v5 ProxyAdmin (`data` may be empty).
 *
 * @example
 * const step = upgradeAndCallTransparentV5Step({ proxyAdmin, proxy, implementation: poolV2 });
 */
export function upgradeAndCallTransparentV5Step(parameters: UpgradeAndCallTransparentV5StepParameters): Step {
  const { proxyAdmin, proxy, implementation, data = '0x', value = 0n } = parameters;
  return call(
    proxyAdmin,
    encodeFunctionData({ abi: proxyAdminAbi, functionName: 'upgradeAndCall', args: [proxy, implementation, data] }),
    value,
  );
}

export type UpgradeUupsStepParameters = { proxy: Address; implementation: Address; data?: Hex; value?: bigint };

/**
 * A UUPS upgrade: `proxy.upgradeToAndCall(implementation, data)` (v5 has no `upgradeTo`; v4 has both, and
 * `upgradeToAndCall` with empty data does the same as `upgradeTo`).
 *
 * @example
 * const step = upgradeUupsStep({ proxy: vault, implementation: vaultV2 });
 */
export function upgradeUupsStep(parameters: UpgradeUupsStepParameters): Step {
  const { proxy, implementation, data = '0x', value = 0n } = parameters;
  return call(
    proxy,
    encodeFunctionData({ abi: uupsAbi, functionName: 'upgradeToAndCall', args: [implementation, data] }),
    value,
  );
}

export type UpgradeBeaconStepParameters = { beacon: Address; implementation: Address };

/**
 * A Beacon upgrade: `UpgradeableBeacon.upgradeTo(implementation)`, which moves every proxy of the beacon at once.
 *
 * @example
 * const step = upgradeBeaconStep({ beacon, implementation: poolV2 });
 */
export function upgradeBeaconStep(parameters: UpgradeBeaconStepParameters): Step {
  const { beacon, implementation } = parameters;
  return call(
    beacon,
    encodeFunctionData({ abi: upgradeableBeaconAbi, functionName: 'upgradeTo', args: [implementation] }),
  );
}
