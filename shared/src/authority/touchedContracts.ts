import { type Address, type Hex, decodeFunctionData, getAddress, isAddressEqual, parseAbi, zeroAddress } from 'viem';

import { multiSendTransactions } from '../decode/multiSendTransactions.js';

const nestedAbi = parseAbi([
  'function upgradeAndCall(address proxy, address implementation, bytes data) payable',
  'function upgrade(address proxy, address implementation)',
  'function changeProxyAdmin(address proxy, address newAdmin)',
  'function upgradeToAndCall(address implementation, bytes data) payable',
  'function multicall(bytes[] data)',
  'function multiSend(bytes transactions) payable',
]);

/** How deep calls inside calls are followed (the guard's classifier is bounded too). */
const maxDepth = 4;

/**
 * Every contract a Safe transaction (or a manifest's steps) touches: each call target, each entry of a MultiSend
 * batch (address(0) inside a batch is the Safe itself, as Safe 1.5.0's MultiSendCallOnly sends it), the proxy a
 * ProxyAdmin call names, and the calls inside `upgradeToAndCall` / `upgradeAndCall` init data and `multicall`
 * entries, recursively (bounded depth). The MultiSendCallOnly a batch is delegatecalled to is not listed.
 *
 * @example
 * touchedContracts([{ to: multiSendCallOnly, data: batch, operation: 1 }], safe);
 * // [beacon, proxyAdmin]: the batch upgrades the beacon and calls the ProxyAdmin
 */
export function touchedContracts(
  steps: readonly { to: Address; data: Hex; operation: number }[],
  safe: Address,
): Address[] {
  const found = new Set<Address>();
  const visit = (to: Address, data: Hex, depth: number) => {
    const target = isAddressEqual(to, zeroAddress) ? getAddress(safe) : getAddress(to);
    found.add(target);
    if (depth >= maxDepth) return;
    let decoded: ReturnType<typeof decodeFunctionData<typeof nestedAbi>>;
    try {
      decoded = decodeFunctionData({ abi: nestedAbi, data });
    } catch {
      return;
    }
    const { functionName, args } = decoded;
    if (functionName === 'upgradeAndCall') {
      found.add(getAddress(args[0]));
      if (args[2] !== '0x') visit(args[0], args[2], depth + 1);
    } else if (functionName === 'upgrade' || functionName === 'changeProxyAdmin') {
      found.add(getAddress(args[0]));
    } else if (functionName === 'upgradeToAndCall') {
      if (args[1] !== '0x') visit(target, args[1], depth + 1);
    } else if (functionName === 'multicall') {
      for (const entry of args[0]) visit(target, entry, depth + 1);
    }
  };
  for (const step of steps) {
    if (step.operation === 1) {
      for (const entry of batchEntries(step.data)) visit(entry.to, entry.data, 1);
    } else visit(step.to, step.data, 0);
  }
  return [...found];
}

function batchEntries(data: Hex): { to: Address; data: Hex }[] {
  try {
    return multiSendTransactions(data);
  } catch {
    return [];
  }
}
