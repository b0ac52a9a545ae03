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

/** The roles the map looks for, by name (OpenZeppelin's conventions). */
export const knownRoles: { name: string; id: Hex }[] = [
  { name: 'DEFAULT_ADMIN_ROLE', id: zeroHash },
  { name: 'UPGRADER_ROLE', id: keccak256(stringToBytes('UPGRADER_ROLE')) },
];

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
