import { type Address, type Hex, decodeFunctionData, getAddress, parseAbi } from 'viem';

import { multiSendTransactions } from '../decode/multiSendTransactions.js';

const proxyAdminUpgradeAbi = parseAbi([
  'function upgradeAndCall(address proxy, address implementation, bytes data) payable',
  'function upgrade(address proxy, address implementation)',
]);

/** One ProxyAdmin upgrade found in a manifest: which step, which proxy, which implementation. */
export type TransparentUpgrade = {
  phase: number;
  step: number;
  proxyAdmin: Address;
  proxy: Address;
  implementation: Address;
};

type StepLike = { to: Address; data: Hex; operation: number | string };

/**
 * The Transparent (ProxyAdmin `upgrade` / `upgradeAndCall`) upgrades of a manifest's steps, also inside MultiSend
 * batches.
 *
 * @example
 * transparentUpgrades(pkg.phases); // [{ phase: 0, step: 0, proxyAdmin, proxy, implementation }]
 */
export function transparentUpgrades(phases: readonly { steps: readonly StepLike[] }[]): TransparentUpgrade[] {
  const found: TransparentUpgrade[] = [];
  phases.forEach((phase, p) =>
    phase.steps.forEach((step, s) => {
      const isDelegate = step.operation === 1 || step.operation === 'delegatecall';
      const calls: { to: Address; data: Hex }[] = isDelegate ? safeInner(step.data) : [step];
      for (const call of calls) {
        const upgrade = decodeUpgrade(call.data);
        if (upgrade) found.push({ phase: p, step: s, proxyAdmin: getAddress(call.to), ...upgrade });
      }
    }),
  );
  return found;
}

function safeInner(data: Hex): { to: Address; data: Hex }[] {
  try {
    return multiSendTransactions(data);
  } catch {
    return [];
  }
}

function decodeUpgrade(data: Hex): { proxy: Address; implementation: Address } | undefined {
  try {
    const { args } = decodeFunctionData({ abi: proxyAdminUpgradeAbi, data });
    return { proxy: getAddress(args[0]), implementation: getAddress(args[1]) };
  } catch {
    return undefined;
  }
}
