import { type Address, type Hex, decodeFunctionData, getAddress, isAddressEqual, parseAbi, zeroAddress } from 'viem';

import { multiSendTransactions } from '../decode/multiSendTransactions.js';

const upgradeAbi = parseAbi([
  'function upgradeAndCall(address proxy, address implementation, bytes data) payable',
  'function upgrade(address proxy, address implementation)',
  'function upgradeTo(address implementation)',
  'function upgradeToAndCall(address implementation, bytes data) payable',
]);

/** An implementation a step installs, and where. */
export type InstalledImplementation = {
  /** The proxy a ProxyAdmin call names, or the target of `upgradeTo…` (a UUPS proxy or an UpgradeableBeacon). */
  upgraded: Address;
  implementation: Address;
  /** The function that installs it. */
  via: 'upgrade' | 'upgradeAndCall' | 'upgradeTo' | 'upgradeToAndCall';
};

/**
 * The implementations a Safe transaction step installs: the `implementation` argument of a ProxyAdmin's
 * `upgrade`/`upgradeAndCall` (v4 and v5), of a UUPS proxy's `upgradeTo`/`upgradeToAndCall` and of a beacon's
 * `upgradeTo`, and the same inside each entry of a MultiSend batch (`operation` 1; the zero address in an entry is
 * the Safe). Anything else installs nothing (never throws on undecodable data).
 *
 * @example
 * installedImplementations({ to: proxyAdmin, data: upgradeAndCallData, operation: 0 });
 * // [{ upgraded: proxy, implementation: poolV2, via: 'upgradeAndCall' }]
 */
export function installedImplementations(
  step: { to: Address; data: Hex; operation: number },
  safe: Address = zeroAddress,
): InstalledImplementation[] {
  const calls = step.operation === 1 ? entries(step.data, safe) : [step];
  const installed: InstalledImplementation[] = [];
  for (const call of calls) {
    try {
      const decoded = decodeFunctionData({ abi: upgradeAbi, data: call.data });
      if (decoded.functionName === 'upgradeTo' || decoded.functionName === 'upgradeToAndCall') {
        const implementation = getAddress(decoded.args[0]);
        installed.push({ upgraded: getAddress(call.to), implementation, via: decoded.functionName });
      } else {
        const [proxy, implementation] = decoded.args;
        installed.push({
          upgraded: getAddress(proxy),
          implementation: getAddress(implementation),
          via: decoded.functionName,
        });
      }
    } catch {
      // not an upgrade call
    }
  }
  return installed;
}

function entries(data: Hex, safe: Address): { to: Address; data: Hex }[] {
  try {
    return multiSendTransactions(data).map((entry) => ({
      to: isAddressEqual(entry.to, zeroAddress) ? safe : entry.to,
      data: entry.data,
    }));
  } catch {
    return [];
  }
}
