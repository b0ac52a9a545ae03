import { type Address, type PublicClient, getAddress, parseAbi } from 'viem';

import { RpcUnreachableError, rpcUrlOf } from './errors.js';
import {
  type AuthorityChangeFinding,
  type AuthorityHoldings,
  type HoldingChange,
  type RoleSighting,
  diffHoldings,
  readHoldings,
} from './holdings.js';

/** The events that change (or may change) who holds authority over a contract. */
export const authorityEvents = parseAbi([
  'event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)',
  'event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner)',
  'event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)',
  'event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)',
  'event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)',
  'event AdminChanged(address previousAdmin, address newAdmin)',
  'event BeaconUpgraded(address indexed beacon)',
  'event Upgraded(address indexed implementation)',
]);

/** What changed in who holds authority between two blocks (JSON-serialisable). */
export type AuthorityChanges = {
  blockBefore: number;
  blockAfter: number;
  /** Every contract compared: the given ones and every address that emitted an authority event in between. */
  contracts: string[];
  /** Addresses that emitted an ownership, role, admin or upgrade event in between. */
  emitters: string[];
  before: AuthorityHoldings;
  after: AuthorityHoldings;
  gained: HoldingChange[];
  lost: HoldingChange[];
  findings: AuthorityChangeFinding[];
};

export type AuthorityChangesParameters = {
  /** A chain that keeps the state of `fromBlock` (a fork: its own blocks, and the block it forked at). */
  publicClient: PublicClient;
  safe: Address;
  /** The contracts to compare besides those that emit an authority event in between. */
  contracts: readonly Address[];
  /** The block before the change. */
  fromBlock: bigint;
  /** The block after it (default: the latest). */
  toBlock?: bigint;
  /** Authorities the team expects besides the Safe (`diffHoldings`). */
  declared?: readonly Address[];
};

/**
 * Who holds authority over `contracts` and over every contract that emitted an ownership, role, admin or upgrade
 * event after `fromBlock`, at `fromBlock` and at `toBlock`, and the difference: who gained and lost a place, and
 * the findings (authority that left the Safe, authority outside the declared set). Role holders seen in
 * `RoleGranted`/`RoleRevoked` events are checked too when the contract cannot enumerate its roles.
 *
 * @throws {RpcUnreachableError} when the node does not answer.
 *
 * @example
 * const changes = await authorityChanges({ publicClient: fork.clients.publicClient, safe, contracts, fromBlock });
 * changes.findings; // [] when the Safe kept every authority and nobody new appeared
 */
export async function authorityChanges(parameters: AuthorityChangesParameters): Promise<AuthorityChanges> {
  const { publicClient, fromBlock } = parameters;
  const safe = getAddress(parameters.safe);
  let toBlock: bigint;
  try {
    toBlock = parameters.toBlock ?? (await publicClient.getBlock({ blockTag: 'latest' })).number;
  } catch (error) {
    throw new RpcUnreachableError(rpcUrlOf(publicClient), error);
  }
  const logs =
    toBlock > fromBlock
      ? await publicClient.getLogs({ events: authorityEvents, fromBlock: fromBlock + 1n, toBlock, strict: false })
      : [];
  const emitters = [...new Set(logs.map((log) => getAddress(log.address)))];
  const roleSightings: RoleSighting[] = [];
  for (const log of logs) {
    if (log.eventName !== 'RoleGranted' && log.eventName !== 'RoleRevoked') continue;
    const { role, account } = log.args as { role?: `0x${string}`; account?: Address };
    if (role && account) roleSightings.push({ contract: getAddress(log.address), role, account: getAddress(account) });
  }
  const contracts = [...new Set([...parameters.contracts.map((address) => getAddress(address)), ...emitters])];
  const read = (blockNumber: bigint) => readHoldings({ publicClient, contracts, safe, blockNumber, roleSightings });
  const before = await read(fromBlock);
  const after = await read(toBlock);
  const diff = diffHoldings(before, after, { safe, declared: parameters.declared });
  return {
    blockBefore: Number(fromBlock),
    blockAfter: Number(toBlock),
    contracts,
    emitters,
    before,
    after,
    ...diff,
  };
}
