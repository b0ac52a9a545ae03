import { type Address, type Hex, type PublicClient, getAddress, parseAbi } from 'viem';

import { authorityMap } from '../authority/authorityMap.js';
import { diffAuthority } from '../authority/diffAuthority.js';
import type { AuthorityHolding, AuthorityHoldings } from '../authority/holdings.js';
import type { AuthorityMap } from '../authority/types.js';
import { addressInSlot, eip1967Slots } from '../proxy/slots.js';
import { safeAbi } from '../generated/safe.js';

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
  /** The block it was read at (a rehearsal reads the holdings of more contracts at this block later). */
  blockNumber: number;
  slots: { [proxy: Address]: ProxySlots };
  safe: { owners: Address[]; threshold: number };
  authority: AuthorityMap;
  /** Who holds authority over every contract the release touches (owners, admins, beacon owners, roles). */
  holdings?: AuthorityHoldings;
};

/** One difference between two snapshots. */
export type StateDifference = { what: string; before: string | null; after: string | null };

/**
 * Reads the proxies' EIP-1967 slots, the Safe's owners and threshold, and the authority map, at the latest block
 * (its number is `blockNumber`).
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
  const blockNumber = (await publicClient.getBlock({ blockTag: 'latest' })).number;
  const slots: StateSnapshot['slots'] = {};
  for (const proxy of proxies) {
    // One read at a time: an Anvil fork can deadlock on concurrent reads of a past block's state.
    const word = async (slot: Hex) =>
      addressInSlot(await publicClient.getStorageAt({ address: proxy, slot, blockNumber })) ?? null;
    const implementation = await word(eip1967Slots.implementation);
    const admin = await word(eip1967Slots.admin);
    const beacon = await word(eip1967Slots.beacon);
    let beaconImplementation: Address | null = null;
    if (beacon) {
      beaconImplementation = await publicClient
        .readContract({ address: beacon, abi: beaconAbi, functionName: 'implementation', blockNumber })
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
  const owners = await publicClient.readContract({
    address: safe,
    abi: safeAbi,
    functionName: 'getOwners',
    blockNumber,
  });
  const threshold = await publicClient.readContract({
    address: safe,
    abi: safeAbi,
    functionName: 'getThreshold',
    blockNumber,
  });
  const authority = await authorityMap({ publicClient, proxies, safe });
  return {
    blockNumber: Number(blockNumber),
    slots,
    safe: { owners: owners.map((owner) => getAddress(owner)), threshold: Number(threshold) },
    authority,
  };
}

/**
 * Every difference between two snapshots: slots, Safe owners and threshold, each address that gained or lost a
 * place on an upgrade path (owners, ProxyAdmin, beacon owner, roles), and, when both carry holdings, every holding
 * of a touched contract (owner, pending owner, admin, beacon owner, role) that is not what it was.
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
  if (before.holdings && after.holdings) differences.push(...holdingDifferences(before.holdings, after.holdings));
  return differences;
}

/**
 * The holdings that differ between two readings of the same contracts: for each contract and way of holding
 * (owner, pending owner, admin, beacon owner, each role), the holders before and after (`a → b` when a holder is
 * itself owned), `null` for nobody.
 *
 * @example
 * holdingDifferences(before, after); // [{ what: '0x… owner()', before: '0xSafe', after: '0xOutsider' }]
 */
export function holdingDifferences(before: AuthorityHoldings, after: AuthorityHoldings): StateDifference[] {
  const describe = (holdings: AuthorityHolding[]) => {
    const byKey = new Map<string, { what: string; holders: string[] }>();
    for (const entry of holdings) {
      const key = `${entry.contract}|${entry.via}|${entry.role?.id ?? ''}`;
      const what = `${entry.contract} ${viaLabel[entry.via]}${entry.role ? ` ${entry.role.name}` : ''}`;
      const current = byKey.get(key) ?? { what, holders: [] };
      current.holders.push(entry.holders.join(' → '));
      byKey.set(key, current);
    }
    return byKey;
  };
  const was = describe(before.holdings);
  const now = describe(after.holdings);
  const differences: StateDifference[] = [];
  for (const key of new Set([...was.keys(), ...now.keys()])) {
    const a = was.get(key)?.holders.sort().join(', ') ?? null;
    const b = now.get(key)?.holders.sort().join(', ') ?? null;
    if (a !== b) differences.push({ what: (was.get(key) ?? now.get(key))!.what, before: a, after: b });
  }
  return differences;
}

const viaLabel: { [via in AuthorityHolding['via']]: string } = {
  owner: 'owner()',
  pendingOwner: 'pendingOwner()',
  proxyAdmin: 'admin (EIP-1967 admin and its owner)',
  beaconOwner: 'beacon owner',
  role: 'role',
};
