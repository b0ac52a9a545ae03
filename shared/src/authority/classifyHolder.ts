import {
  type Address,
  type Hex,
  type PublicClient,
  decodeFunctionResult,
  encodeFunctionData,
  getAddress,
  keccak256,
  parseAbi,
  stringToBytes,
  zeroAddress,
} from 'viem';

import { safeAbi } from '../generated/safe.js';
import { type BatchResult, aggregate, canonicalMulticall3 } from '../verify/batchReads.js';
import { safeGuardSlot, safeModuleGuardSlot } from '../verify/stateReads.js';
import { rpcFailure } from './errors.js';
import { isManifestGuardFor } from './manifestGuardOf.js';
import type { HolderClass } from './types.js';

const timelockAbi = parseAbi([
  'function getMinDelay() view returns (uint256)',
  'function PROPOSER_ROLE() view returns (bytes32)',
]);
/** What a TimelockController's `PROPOSER_ROLE()` answers: keccak256("PROPOSER_ROLE"). */
const proposerRole: Hex = keccak256(stringToBytes('PROPOSER_ROLE'));
/** `SENTINEL_MODULES` of Safe's ModuleManager: where `getModulesPaginated` starts. */
const sentinel: Address = '0x0000000000000000000000000000000000000001';
/** How many modules are listed (a Safe rarely has more than one or two). */
const modulePage = 20n;
/** An EIP-7702 delegation designator: `0xef0100 ‖ address` (23 bytes). */
const delegationPrefix = '0xef0100';

export type ClassifyHolderOptions = {
  /** At this block (default: the latest). */
  blockNumber?: bigint;
  /** Multicall3 (default: the client chain's, then 0xcA11bde05977b3631167028862bE2a173976CA11; reads one by one where none answers). */
  multicallAddress?: Address;
};

/**
 * What kind of account `address` is, as an authority holder: an EOA (no code, or an EIP-7702 delegation), a Safe
 * (`getThreshold()`, `getOwners()` and `VERSION()` answer; with its threshold, owner count, guard, whether that guard
 * is a Manifest Guard bound to it, its module guard and modules), an OpenZeppelin TimelockController (`getMinDelay()`,
 * and `PROPOSER_ROLE()` answers keccak256("PROPOSER_ROLE")) or another contract. The contract's views are read in one Multicall3 batch (the guard's `SAFE()` in a second one).
 * An odd contract (reverting, answering nonsense) is a `contract`, never an error.
 *
 * @throws {RpcUnreachableError} when the node does not answer the code read.
 *
 * @example
 * await classifyHolder(publicClient, desk.safe);
 * // { kind: 'safe', version: '1.5.0', threshold: 2, owners: 3, guard: desk.guard, guardIsManifestGuard: true, … }
 */
export async function classifyHolder(
  publicClient: PublicClient,
  address: Address,
  options: ClassifyHolderOptions = {},
): Promise<HolderClass> {
  const { blockNumber } = options;
  const holder = getAddress(address);
  let code: Hex | undefined;
  try {
    code = await publicClient.getCode({ address: holder, blockNumber });
  } catch (error) {
    throw rpcFailure(publicClient, `eth_getCode(${holder})`, error);
  }
  if (!code || code === '0x') return { kind: 'eoa' };
  if (code.toLowerCase().startsWith(delegationPrefix) && code.length === 2 + 46) {
    return { kind: 'eoa', delegatedTo: getAddress(`0x${code.slice(8)}`) };
  }

  const calls = [
    encodeFunctionData({ abi: safeAbi, functionName: 'getThreshold' }),
    encodeFunctionData({ abi: safeAbi, functionName: 'getOwners' }),
    encodeFunctionData({ abi: safeAbi, functionName: 'VERSION' }),
    encodeFunctionData({ abi: safeAbi, functionName: 'getStorageAt', args: [BigInt(safeGuardSlot), 1n] }),
    encodeFunctionData({ abi: safeAbi, functionName: 'getStorageAt', args: [BigInt(safeModuleGuardSlot), 1n] }),
    encodeFunctionData({ abi: safeAbi, functionName: 'getModulesPaginated', args: [sentinel, modulePage] }),
    encodeFunctionData({ abi: timelockAbi, functionName: 'getMinDelay' }),
    encodeFunctionData({ abi: timelockAbi, functionName: 'PROPOSER_ROLE' }),
  ].map((data) => ({ target: holder, data }));
  let results: BatchResult[];
  try {
    ({ results } = await aggregate({
      client: publicClient,
      calls,
      multicallAddress: multicallOf(publicClient, options),
      blockNumber,
    }));
  } catch {
    // The batch itself failed (something else than Multicall3 at its address reverts): read one by one (no code at
    // the zero address), never take a Safe for an unknown contract, which would raise no flag.
    ({ results } = await aggregate({ client: publicClient, calls, multicallAddress: zeroAddress, blockNumber }));
  }
  const [threshold, owners, version, guardWord, moduleGuardWord, modules, minDelay, proposer] = results;

  const safeThreshold = decoded(threshold, (data) =>
    decodeFunctionResult({ abi: safeAbi, functionName: 'getThreshold', data }),
  );
  const safeOwners = decoded(owners, (data) => decodeFunctionResult({ abi: safeAbi, functionName: 'getOwners', data }));
  const safeVersion = decoded(version, (data) => decodeFunctionResult({ abi: safeAbi, functionName: 'VERSION', data }));
  if (
    safeThreshold !== undefined &&
    safeOwners !== undefined &&
    safeVersion !== undefined &&
    safeThreshold >= 1n &&
    safeThreshold <= BigInt(safeOwners.length)
  ) {
    const guard = addressInWord(guardWord);
    const moduleGuard = addressInWord(moduleGuardWord);
    const enabled =
      decoded(modules, (data) =>
        decodeFunctionResult({ abi: safeAbi, functionName: 'getModulesPaginated', data }),
      )?.[0] ?? [];
    return {
      kind: 'safe',
      version: safeVersion,
      threshold: Number(safeThreshold),
      owners: safeOwners.length,
      guard,
      guardIsManifestGuard: await isManifestGuardFor(publicClient, guard, holder, blockNumber),
      moduleGuard,
      modules: enabled.map((module) => getAddress(module)),
    };
  }
  const delay = decoded(minDelay, (data) =>
    decodeFunctionResult({ abi: timelockAbi, functionName: 'getMinDelay', data }),
  );
  const role = decoded(proposer, (data) =>
    decodeFunctionResult({ abi: timelockAbi, functionName: 'PROPOSER_ROLE', data }),
  );
  if (delay !== undefined && role === proposerRole) return { kind: 'timelock', minDelay: delay };
  return { kind: 'contract' };
}

/**
 * `classifyHolder` for each distinct address, one after another (an Anvil fork can deadlock on concurrent reads).
 *
 * @throws {RpcUnreachableError} when the node does not answer.
 *
 * @example
 * const classes = await classifyHolders(publicClient, [desk.safe, eoa]); // Map { desk.safe => { kind: 'safe', … }, … }
 */
export async function classifyHolders(
  publicClient: PublicClient,
  addresses: readonly Address[],
  options: ClassifyHolderOptions = {},
): Promise<Map<Address, HolderClass>> {
  const classes = new Map<Address, HolderClass>();
  for (const address of new Set(addresses.map((entry) => getAddress(entry)))) {
    classes.set(address, await classifyHolder(publicClient, address, options));
  }
  return classes;
}

/** A one-line description of a holder class, for messages and the CLI: "EOA", "Safe 1.5.0, 2 of 3, Manifest Guard". */
export function describeHolder(holder: HolderClass): string {
  switch (holder.kind) {
    case 'eoa':
      return holder.delegatedTo ? `EOA (EIP-7702, delegated to ${holder.delegatedTo})` : 'EOA';
    case 'safe': {
      const guard = holder.guardIsManifestGuard
        ? 'Manifest Guard'
        : holder.guard
          ? `guard ${holder.guard} (not a Manifest Guard for it)`
          : 'no guard';
      const modules = holder.modules.length > 0 ? `, ${holder.modules.length} module(s) enabled` : '';
      return `Safe ${holder.version}, ${holder.threshold} of ${holder.owners}, ${guard}${modules}`;
    }
    case 'timelock':
      return `TimelockController, delay ${holder.minDelay} s`;
    case 'contract':
      return 'contract, not a Safe or a TimelockController';
  }
}

function multicallOf(publicClient: PublicClient, options: ClassifyHolderOptions): Address {
  return options.multicallAddress ?? publicClient.chain?.contracts?.multicall3?.address ?? canonicalMulticall3;
}

function decoded<T>(result: BatchResult | undefined, decode: (data: Hex) => T): T | undefined {
  if (!result?.success || result.returnData === '0x') return undefined;
  try {
    return decode(result.returnData);
  } catch {
    return undefined;
  }
}

/** The address in the low 20 bytes of a 32-byte `getStorageAt` answer (`undefined`: zero or not an answer). */
function addressInWord(result: BatchResult | undefined): Address | undefined {
  const word = decoded(result, (data) => decodeFunctionResult({ abi: safeAbi, functionName: 'getStorageAt', data }));
  if (!word || word.length !== 2 + 64) return undefined;
  const address = getAddress(`0x${word.slice(-40)}`);
  return address === zeroAddress ? undefined : address;
}
