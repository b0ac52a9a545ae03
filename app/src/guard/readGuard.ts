import {
  type Address,
  type ContractFunctionReturnType,
  type Hex,
  type PublicClient,
  decodeFunctionData,
  getAbiItem,
  isAddressEqual,
} from 'viem';

import { manifestGuardAbi } from '../../../shared/src/generated/manifestGuard.js';
import { type GuardConfig, type Manifest, type ManifestView, readFallbackHandler } from '../../../shared/src/index.js';

/**
 * The guard's derived state of a manifest (`manifestState(id)`): status, lane now, executable time, next phase and
 * step, whether that step may run now (else the guard's error, `reason`), and its rollback's readiness
 * (`rollbackReady`, else `rollbackReason`). What the chain decides is read here, never restated in the app.
 */
export type ManifestState = ContractFunctionReturnType<typeof manifestGuardAbi, 'view', 'manifestState'>;
/** What a manifest was registered with (`getManifest(id)`): window, phase count, rollback, evidence, proposer. */
export type ManifestFacts = ManifestView;

/** A registered manifest: its id, the guard's state of it, what it was registered with and its registration event. */
export type ManifestEntry = {
  id: Hex;
  index: bigint;
  state: ManifestState;
  facts: ManifestFacts;
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
  /** The Safe's current fallback handler: the guard counts it as an authority contract when it classifies. */
  fallbackHandler: Address;
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
 * Reads the guard's configuration, freeze, clock, the Safe's fallback handler and every registered manifest (its
 * derived state from `manifestState`, its registered facts from `getManifest`, its ticket from `ManifestRegistered`).
 *
 * @example
 * const overview = await readGuardOverview(client, guard);
 */
export async function readGuardOverview(client: PublicClient, guard: Address): Promise<GuardOverview> {
  const [safe, config, frozenUntil, count, block, logs] = await Promise.all([
    client.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'SAFE' }),
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
        ...(await readManifest(client, guard, id)),
        ticket: log?.args.ticket ?? '',
        steps: log?.args.steps ?? 0n,
        registeredIn: log?.transactionHash ?? undefined,
      };
    }),
  );
  const fallbackHandler = await readFallbackHandler(client, safe);
  return { guard, config: config as GuardConfig, frozenUntil, now: block.timestamp, fallbackHandler, manifests };
}

/**
 * `manifestState(id)`: the guard's derived state of a manifest. Rejects for an id the guard does not know (it reverts
 * with `ManifestGuardUnknownManifest`).
 *
 * @example
 * const state = await readManifestState(client, guard, id); // state.open, state.reason, state.rollbackReady, …
 */
export function readManifestState(client: PublicClient, guard: Address, id: Hex): Promise<ManifestState> {
  return client.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'manifestState', args: [id] });
}

/** The guard's state of a manifest and what it was registered with (`manifestState` and `getManifest`). */
export async function readManifest(
  client: PublicClient,
  guard: Address,
  id: Hex,
): Promise<{ state: ManifestState; facts: ManifestFacts }> {
  const [state, facts] = await Promise.all([
    readManifestState(client, guard, id),
    client.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'getManifest', args: [id] }),
  ]);
  return { state, facts };
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
