import { type Address, type Hex, decodeFunctionData, getAddress, parseAbi } from 'viem';

import { multiSendTransactions } from '../decode/multiSendTransactions.js';

const upgradeAbi = parseAbi([
  'function upgradeAndCall(address proxy, address implementation, bytes data) payable',
  'function upgrade(address proxy, address implementation)',
  'function changeProxyAdmin(address proxy, address newAdmin)',
  'function upgradeTo(address implementation)',
  'function upgradeToAndCall(address implementation, bytes data) payable',
]);

/**
 * The proxy (or beacon) a step changes: the `proxy` argument of a ProxyAdmin call, the target of a UUPS or beacon
 * `upgradeTo…`, the first such call inside a MultiSend batch; otherwise the step's target.
 *
 * @example
 * targetProxy({ to: proxyAdmin, data: upgradeAndCallData, operation: 0 }); // the Transparent proxy
 */
export function targetProxy(step: { to: Address; data: Hex; operation: number }): Address {
  const calls: { to: Address; data: Hex }[] = step.operation === 1 ? inner(step.data) : [step];
  for (const call of calls) {
    try {
      const { functionName, args } = decodeFunctionData({ abi: upgradeAbi, data: call.data });
      if (functionName === 'upgradeTo' || functionName === 'upgradeToAndCall') return getAddress(call.to);
      return getAddress(args[0] as Address);
    } catch {
      // not an upgrade call
    }
  }
  return getAddress(calls[0]?.to ?? step.to);
}

function inner(data: Hex): { to: Address; data: Hex }[] {
  try {
    return multiSendTransactions(data);
  } catch {
    return [];
  }
}
