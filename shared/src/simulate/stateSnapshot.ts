import { type Address, type PublicClient, getAddress, parseAbi } from 'viem';

import { authorityMap } from '../authority/authorityMap.js';
import { diffAuthority } from '../authority/diffAuthority.js';
import type { AuthorityMap } from '../authority/types.js';
import { addressInSlot, eip1967Slots } from '../proxy/slots.js';
import { safeAbi } from '../safe/safeArtifacts.js';

const beaconAbi = parseAbi(['function implementation() view returns (address)']);

/** The EIP-1967 slots of one proxy (and its beacon's implementation), `null` for an empty slot. */
export type ProxySlots = {
  implementation: Address | null;
  admin: Address | null;
  beacon: Address | null;
  beaconImplementation: Address | null;
};

/** The state a release changes and a rollback must restore. */
export type StateSnapshot = {
  slots: { [proxy: Address]: ProxySlots };
  safe: { owners: Address[]; threshold: number };
  authority: AuthorityMap;
};

/** One difference between two snapshots. */
export type StateDifference = { what: string; before: string | null; after: string | null };

/**
 * Reads the proxies' EIP-1967 slots, the Safe's owners and threshold, and the authority map.
 *
 * @example
 * const before = await readState({ publicClient, proxies, safe });
 */
export async function readState({
  publicClient,
  proxies,
  safe,
}: {
  publicClient: PublicClient;
  proxies: readonly Address[];
  safe: Address;
}): Promise<StateSnapshot> {
  const slots: StateSnapshot['slots'] = {};
  for (const proxy of proxies) {
    const [implementation, admin, beacon] = await Promise.all(
      [eip1967Slots.implementation, eip1967Slots.admin, eip1967Slots.beacon].map(
        async (slot) => addressInSlot(await publicClient.getStorageAt({ address: proxy, slot })) ?? null,
      ),
    );
    let beaconImplementation: Address | null = null;
    if (beacon) {
      beaconImplementation = await publicClient
        .readContract({ address: beacon, abi: beaconAbi, functionName: 'implementation' })
        .then(getAddress)
        .catch(() => null);
    }
    slots[getAddress(proxy)] = {
      implementation: implementation ?? null,
      admin: admin ?? null,
      beacon: beacon ?? null,
      beaconImplementation,
    };
  }
  const [owners, threshold] = await Promise.all([
    publicClient.readContract({ address: safe, abi: safeAbi, functionName: 'getOwners' }) as Promise<Address[]>,
    publicClient.readContract({ address: safe, abi: safeAbi, functionName: 'getThreshold' }) as Promise<bigint>,
  ]);
  const authority = await authorityMap({ publicClient, proxies, safe });
  return { slots, safe: { owners: owners.map((owner) => getAddress(owner)), threshold: Number(threshold) }, authority };
}

/**
 * Every difference between two snapshots: slots, Safe owners and threshold, and each address that gained or lost
 * a place on an upgrade path (owners, ProxyAdmin, beacon owner, roles).
 *
 * @example
 * compareState(before, afterRollback); // [] when the rollback restored everything
 */
export function compareState(before: StateSnapshot, after: StateSnapshot): StateDifference[] {
  const differences: StateDifference[] = [];
  const proxies = new Set([...Object.keys(before.slots), ...Object.keys(after.slots)]) as Set<Address>;
  for (const proxy of proxies) {
    for (const field of ['implementation', 'admin', 'beacon', 'beaconImplementation'] as const) {
      const a = before.slots[proxy]?.[field] ?? null;
      const b = after.slots[proxy]?.[field] ?? null;
      if (a !== b) differences.push({ what: `${proxy} ${field}`, before: a, after: b });
    }
  }
  const ownersBefore = before.safe.owners.join(',');
  const ownersAfter = after.safe.owners.join(',');
  if (ownersBefore !== ownersAfter) differences.push({ what: 'Safe owners', before: ownersBefore, after: ownersAfter });
  if (before.safe.threshold !== after.safe.threshold) {
    differences.push({
      what: 'Safe threshold',
      before: String(before.safe.threshold),
      after: String(after.safe.threshold),
    });
  }
  const { gained, lost } = diffAuthority(before.authority, after.authority);
  for (const change of gained) {
    differences.push({
      what: `${change.proxy} ${change.via}${change.role ? ` ${change.role}` : ''} authority`,
      before: null,
      after: change.address,
    });
  }
  for (const change of lost) {
    differences.push({
      what: `${change.proxy} ${change.via}${change.role ? ` ${change.role}` : ''} authority`,
      before: change.address,
      after: null,
    });
  }
  return differences;
}
