import {
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  getAddress,
  keccak256,
  parseAbi,
  stringToBytes,
  zeroAddress,
  zeroHash,
} from 'viem';

import { AuthorityInputError } from './errors.js';

export const ownableAbi = parseAbi([
  'function owner() view returns (address)',
  'function pendingOwner() view returns (address)',
]);
export const accessControlAbi = parseAbi([
  'function hasRole(bytes32 role, address account) view returns (bool)',
  'function getRoleAdmin(bytes32 role) view returns (bytes32)',
  'function getRoleMemberCount(bytes32 role) view returns (uint256)',
  'function getRoleMember(bytes32 role, uint256 index) view returns (address)',
]);
export const proxiableAbi = parseAbi(['function proxiableUUID() view returns (bytes32)']);
export const beaconAbi = parseAbi(['function implementation() view returns (address)']);

/** The roles that can upgrade a UUPS proxy, by name (OpenZeppelin's conventions). */
export const knownRoles: { name: string; id: Hex }[] = [
  { name: 'DEFAULT_ADMIN_ROLE', id: zeroHash },
  { name: 'UPGRADER_ROLE', id: keccak256(stringToBytes('UPGRADER_ROLE')) },
];

/** The roles the authority map reads besides the upgrade roles when none are configured: who can mint. */
export const defaultWatchedRoles: readonly string[] = ['MINTER_ROLE'];

/**
 * A role by name (its id is keccak256 of the name, OpenZeppelin's convention: `MINTER_ROLE`) or by id (a bytes32,
 * named after the known role it is, else by its id).
 *
 * @throws {AuthorityInputError} when `nameOrId` is neither an identifier nor a bytes32.
 *
 * @example
 * roleOf('MINTER_ROLE'); // { name: 'MINTER_ROLE', id: '0x9f2d…' }
 */
export function roleOf(nameOrId: string): { name: string; id: Hex } {
  const text = nameOrId.trim();
  if (/^0x[0-9a-fA-F]{64}$/.test(text)) {
    const id = text.toLowerCase() as Hex;
    return { name: nameOfRole(id) ?? id, id };
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(text)) {
    throw new AuthorityInputError(
      `"${nameOrId}" is not a role: neither a name like MINTER_ROLE nor a bytes32 role id`,
      'Name the role as the contract does (MINTER_ROLE, PAUSER_ROLE: its id is keccak256 of the name), or give its 32-byte id.',
    );
  }
  return { name: text, id: text === 'DEFAULT_ADMIN_ROLE' ? zeroHash : keccak256(stringToBytes(text)) };
}

/** The name of a well-known role id (the upgrade roles and the usual OpenZeppelin ones), `undefined` otherwise. */
export function nameOfRole(id: Hex): string | undefined {
  const names = ['DEFAULT_ADMIN_ROLE', 'UPGRADER_ROLE', 'MINTER_ROLE', 'PAUSER_ROLE', 'BURNER_ROLE'];
  return names.find((name) => (name === 'DEFAULT_ADMIN_ROLE' ? zeroHash : keccak256(stringToBytes(name))) === id);
}

/**
 * A view call that answers `undefined` instead of throwing when the contract has no such function (at `blockNumber`
 * when given, else the latest block).
 */
export async function tryRead<T>(
  client: PublicClient,
  address: Address,
  abi: Abi,
  functionName: string,
  args: readonly unknown[] = [],
  blockNumber?: bigint,
): Promise<T | undefined> {
  try {
    return (await client.readContract({ address, abi, functionName, args, blockNumber })) as T;
  } catch {
    return undefined;
  }
}

export async function isContract(client: PublicClient, address: Address, blockNumber?: bigint): Promise<boolean> {
  const code = await client.getCode({ address, blockNumber });
  return !!code && code !== '0x';
}

/**
 * Follows `owner()` from `start` outwards (a ProxyAdmin, a beacon, an owning contract, …) until an account, the
 * Safe, a contract without `owner()` (or owned by nobody), or four hops; at `blockNumber` when given.
 */
export async function ownerChain(
  client: PublicClient,
  start: Address,
  safe: Address,
  blockNumber?: bigint,
): Promise<Address[]> {
  const holders: Address[] = [];
  let current = getAddress(start);
  for (let hop = 0; hop < 4; hop += 1) {
    if (current === safe || !(await isContract(client, current, blockNumber))) break;
    const owner = await tryRead<Address>(client, current, ownableAbi, 'owner', [], blockNumber);
    if (!owner || owner === zeroAddress) break;
    current = getAddress(owner);
    holders.push(current);
  }
  return holders;
}
