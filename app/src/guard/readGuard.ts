import { type Address, type Hex, type PublicClient, decodeFunctionData, getAbiItem, isAddressEqual } from 'viem';

import { manifestGuardAbi } from '../../../shared/src/generated/manifestGuard.js';
import type { GuardConfig, Manifest } from '../../../shared/src/guard/manifest.js';

/** `getManifest` of the guard. */
export type ManifestState = {
  status: number;
  kind: number;
  lane: number;
  proposer: Address;
  notBefore: bigint;
  expiry: bigint;
  approvedAt: bigint;
  executableFrom: bigint;
  phaseCompletedAt: bigint;
  approvals: number;
  requiredApprovals: number;
  phaseCount: number;
  currentPhase: number;
  nextStep: number;
  gateOpen: boolean;
  rollback: Hex;
  evidence: Hex;
  boundRelease: Hex;
};

/** A registered manifest: its id, on-chain state and what its registration event said. */
export type ManifestEntry = {
  id: Hex;
  index: bigint;
  state: ManifestState;
  ticket: string;
  steps: bigint;
  registeredIn: Hex | undefined;
};

/** The guard as the app reads it. */
export type GuardOverview = {
  guard: Address;
  config: GuardConfig;
  frozenUntil: bigint;
  /** Latest block timestamp (seconds): countdowns count from the chain's clock. */
  now: bigint;
  manifests: ManifestEntry[];
};

const registeredEvent = getAbiItem({ abi: manifestGuardAbi, name: 'ManifestRegistered' });

/** Is `guard` a Manifest Guard for `safe`? (`SAFE()` answers with the Safe.) */
export async function isManifestGuardFor(client: PublicClient, guard: Address, safe: Address): Promise<boolean> {
  try {
    const owner = await client.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'SAFE' });
    return isAddressEqual(owner, safe);
  } catch {
    return false;
  }
}

/**
 * Reads the guard's configuration, freeze, clock and every registered manifest (state from `getManifest`, ticket
 * from its `ManifestRegistered` event).
 *
 * @example
 * const overview = await readGuardOverview(client, guard);
 */
export async function readGuardOverview(client: PublicClient, guard: Address): Promise<GuardOverview> {
  const [config, frozenUntil, count, block, logs] = await Promise.all([
    client.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'getConfig' }),
    client.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'frozenUntil' }),
    client.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'manifestCount' }),
    client.getBlock({ blockTag: 'latest' }),
    client.getLogs({ address: guard, event: registeredEvent, fromBlock: 0n, toBlock: 'latest' }),
  ]);
  const ids = await Promise.all(
    Array.from({ length: Number(count) }, (_, index) =>
      client.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'manifestAt', args: [BigInt(index)] }),
    ),
  );
  const manifests = await Promise.all(
    ids.map(async (id, index): Promise<ManifestEntry> => {
      const log = logs.find((entry) => entry.args.manifestId === id);
      return {
        id,
        index: BigInt(index),
        state: await readManifestState(client, guard, id),
        ticket: log?.args.ticket ?? '',
        steps: log?.args.steps ?? 0n,
        registeredIn: log?.transactionHash ?? undefined,
      };
    }),
  );
  return { guard, config: config as GuardConfig, frozenUntil, now: block.timestamp, manifests };
}

/** `getManifest(id)`, or `undefined` for an id the guard does not know (it reverts). */
export async function readManifestState(client: PublicClient, guard: Address, id: Hex): Promise<ManifestState> {
  return (await client.readContract({
    address: guard,
    abi: manifestGuardAbi,
    functionName: 'getManifest',
    args: [id],
  })) as ManifestState;
}

/**
 * The full manifest (every step's calldata) from the transaction that registered it, when the proposer called
 * `register` directly; `undefined` otherwise (then import the release package).
 *
 * @example
 * const manifest = await registeredManifest(client, entry.registeredIn);
 */
export async function registeredManifest(
  client: PublicClient,
  transactionHash: Hex | undefined,
): Promise<Manifest | undefined> {
  if (!transactionHash) return undefined;
  const transaction = await client.getTransaction({ hash: transactionHash });
  try {
    const { functionName, args } = decodeFunctionData({ abi: manifestGuardAbi, data: transaction.input });
    return functionName === 'register' ? (args[0] as Manifest) : undefined;
  } catch {
    return undefined;
  }
}
