import { type Address, type Hex, type PublicClient, isAddressEqual, keccak256, parseAbi } from 'viem';

import { codeHashOf } from '../../builders/checks.js';
import { expectedView } from '../../builders/expectedView.js';
import { implementationChecks } from '../../builders/implementationChecks.js';
import type { Check } from '../../guard/manifest.js';
import type { StopResponseName } from '../../package/schema.js';
import { type ProxyKind, UnknownProxyKindError, detectProxyKind } from '../../proxy/detectProxyKind.js';
import { installedImplementations } from '../../proxy/installedImplementations.js';
import { ImplementationNotDeployedError, UpgradeTargetError } from './errors.js';
import type { BroadcastOtherTransaction, BroadcastSafeCall } from './safeCalls.js';

/** An upgrade a Safe call makes, confirmed on chain. */
export type ImportedUpgrade = {
  /** The Safe call's number (1-based among the Safe's calls). */
  call: number;
  kind: ProxyKind;
  /** The proxy (for a beacon: the beacon, which upgrades every proxy behind it). */
  proxy: Address;
  implementation: Address;
  codeHash: Hex;
};

export type UpgradeChecksParameters = {
  client: PublicClient;
  chainId: number;
  call: BroadcastSafeCall;
  safe: Address;
  /** The transactions of other senders (to name the one that deploys a missing implementation). */
  others: readonly BroadcastOtherTransaction[];
  /** A view the new implementation answers, for Transparent v5 and UUPS (default `version()`). */
  checkView?: string;
  response?: StopResponseName;
};

const beaconAbi = parseAbi(['function implementation() view returns (address)']);

/**
 * The upgrades a Safe call makes (ProxyAdmin `upgradeAndCall`/`upgrade`, UUPS `upgradeToAndCall`, beacon `upgradeTo`,
 * read with `installedImplementations`), each confirmed on chain with `detectProxyKind`, and the checks the builders
 * add after the phase for that proxy kind (`implementationChecks`): the code-hash check of the new implementation,
 * then the ProxyAdmin or beacon view, or for Transparent v5 and UUPS `checkView` called through the proxy. A call
 * that is no upgrade gives none.
 *
 * @throws {UpgradeTargetError} when the chain does not show the proxy the call names behind its target.
 * @throws {ImplementationNotDeployedError} when the new implementation has no code on chain.
 * @throws {CheckViewError} when a Transparent v5 or UUPS implementation does not answer `checkView`.
 * @example
 * const { upgrades, checks } = await upgradeChecks({ client, chainId: 1, call, safe, others });
 */
export async function upgradeChecks(
  parameters: UpgradeChecksParameters,
): Promise<{ upgrades: ImportedUpgrade[]; checks: Check[] }> {
  const { client, call, response } = parameters;
  const upgrades: ImportedUpgrade[] = [];
  const checks: Check[] = [];
  for (const install of installedImplementations({ to: call.to, data: call.data, operation: 0 }, parameters.safe)) {
    const { implementation } = install;
    const target = await confirmTarget(client, call, install);
    const codeHash = await codeHashOf({ client, address: implementation });
    if (codeHash === keccak256('0x')) {
      const deployer = parameters.others.find(
        (other) =>
          other.kind !== 'CALL' && other.contractAddress && isAddressEqual(other.contractAddress, implementation),
      );
      throw new ImplementationNotDeployedError({
        implementation,
        chainId: parameters.chainId,
        step: call.call,
        ...(deployer ? { deployedBy: { number: deployer.number, from: deployer.from } } : {}),
      });
    }
    const view =
      target.kind === 'transparent-v5' || target.kind === 'uups'
        ? await expectedView(client, implementation, parameters.checkView ?? 'version()')
        : undefined;
    checks.push(
      ...implementationChecks({
        kind: target.kind,
        proxy: target.proxy,
        implementation,
        proxyAdmin: target.admin,
        beacon: target.beacon,
        codeHash,
        view,
        response,
      }),
    );
    upgrades.push({ call: call.call, kind: target.kind, proxy: target.proxy, implementation, codeHash });
  }
  return { upgrades, checks };
}

type Target = { kind: ProxyKind; proxy: Address; admin?: Address; beacon?: Address };

async function confirmTarget(
  client: PublicClient,
  call: BroadcastSafeCall,
  install: ReturnType<typeof installedImplementations>[number],
): Promise<Target> {
  if (install.via === 'upgrade' || install.via === 'upgradeAndCall') {
    const detected = await detectProxyKind({ client, address: install.upgraded });
    if (detected.kind !== 'transparent-v4' && detected.kind !== 'transparent-v5') {
      throw new UpgradeTargetError(
        call.call,
        `${install.upgraded}, the proxy its ${install.via} names, is a ${detected.kind} proxy, not a Transparent one.`,
        'Check the proxy address in the script: a ProxyAdmin upgrades Transparent proxies only.',
      );
    }
    if (!isAddressEqual(detected.admin, call.to)) {
      throw new UpgradeTargetError(
        call.call,
        `the EIP-1967 admin of ${install.upgraded} is ${detected.admin}, not ${call.to} that the call goes to.`,
        "Call the proxy's own ProxyAdmin (the address in its admin slot) in the script.",
      );
    }
    return { kind: detected.kind, proxy: detected.proxy, admin: detected.admin };
  }
  try {
    const detected = await detectProxyKind({ client, address: call.to });
    if (detected.kind === 'uups') return { kind: 'uups', proxy: detected.proxy };
    throw new UpgradeTargetError(
      call.call,
      `${call.to} is a ${detected.kind} proxy, and the Safe calls its ${install.via} directly.`,
      detected.kind === 'beacon'
        ? 'Upgrade a beacon proxy through its UpgradeableBeacon: call upgradeTo on the beacon.'
        : 'Upgrade a Transparent proxy through its ProxyAdmin: call upgradeAndCall on the ProxyAdmin.',
    );
  } catch (error) {
    if (!(error instanceof UnknownProxyKindError) || !error.found.hasCode) throw error;
    // No EIP-1967 slot: an UpgradeableBeacon answers implementation().
    try {
      await client.readContract({ address: call.to, abi: beaconAbi, functionName: 'implementation' });
    } catch {
      throw new UpgradeTargetError(
        call.call,
        `${call.to} is neither a UUPS proxy nor an UpgradeableBeacon (no EIP-1967 slot, no implementation()).`,
        'Check the target in the script; an upgrade of another pattern needs its steps and checks built by hand.',
      );
    }
    return { kind: 'beacon', proxy: call.to, beacon: call.to };
  }
}
