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
  const block = await client.getBlock({ blockTag: 'latest' });
  const [safe, config, frozenUntil, count, logs] = await Promise.all([
    client.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'SAFE' }),
    client.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'getConfig' }),
    client.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'frozenUntil' }),
    client.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'manifestCount' }),
    registrations(client, guard, { number: block.number, hash: block.hash }),
  ]);
  const ids = await Promise.all(
    Array.from({ length: Number(count) }, (_, index) =>
      client.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'manifestAt', args: [BigInt(index)] }),
    ),
  );
  const manifests = await Promise.all(
    ids.map(async (id, index): Promise<ManifestEntry> => {
      const log = logs.find((entry) => entry.manifestId === id);
      return {
        id,
        index: BigInt(index),
        ...(await readManifest(client, guard, id)),
        ticket: log?.ticket ?? '',
        steps: log?.steps ?? 0n,
        registeredIn: log?.transactionHash,
      };
    }),
  );
  const fallbackHandler = await readFallbackHandler(client, safe);
  return { guard, config: config as GuardConfig, frozenUntil, now: block.timestamp, fallbackHandler, manifests };
}

type Registration = { manifestId: Hex; ticket: string; steps: bigint; transactionHash: Hex };

/** The `ManifestRegistered` events read so far, per chain and guard: each overview reads only the blocks after them. */
const registrationsRead = new Map<string, { toBlock: bigint; toBlockHash: Hex; events: Registration[] }>();

/**
 * The guard's `ManifestRegistered` events up to `latest`: those of the blocks not read before (the Dashboard follows
 * every new block), added to the ones already read while the last block read is still on the chain; everything
 * again otherwise (a reorganisation, a local chain reverted to a snapshot).
 */
async function registrations(
  client: PublicClient,
  guard: Address,
  latest: { number: bigint; hash: Hex },
): Promise<Registration[]> {
  const key = `${client.chain?.id ?? 0}:${guard.toLowerCase()}`;
  const known = registrationsRead.get(key);
  const stillThere =
    !!known &&
    known.toBlock <= latest.number &&
    (await client
      .getBlock({ blockNumber: known.toBlock })
      .then((block) => block.hash === known.toBlockHash)
      .catch(() => false));
  const earlier = stillThere ? known!.events : [];
  const from = stillThere ? known!.toBlock + 1n : 0n;
  const logs =
    from > latest.number
      ? []
      : await client.getLogs({ address: guard, event: registeredEvent, fromBlock: from, toBlock: latest.number });
  const events = [
    ...earlier,
    ...logs.map((log) => ({
      manifestId: log.args.manifestId!,
      ticket: log.args.ticket ?? '',
      steps: log.args.steps ?? 0n,
      transactionHash: log.transactionHash,
    })),
  ];
  registrationsRead.set(key, { toBlock: latest.number, toBlockHash: latest.hash, events });
  return events;
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
