import type { Address, Hex } from 'viem';

import { type AuthorityChanges, authorityChanges } from '../authority/authorityChanges.js';
import { authorityMap } from '../authority/authorityMap.js';
import { RpcUnreachableError } from '../authority/errors.js';
import { touchedContracts } from '../authority/touchedContracts.js';
import type { AuthorityMap } from '../authority/types.js';
import { freePort } from '../fork/freePort.js';
import { SimulationError } from './errors.js';
import { openFork, ownBlock } from './fork.js';
import { type InstalledImplementationShape, installedImplementationShapes } from './implementationShapes.js';
import { type SafeCall, runAsSafe } from './runAsSafe.js';

/** What Safe transactions would do to who holds authority, simulated on a fork (JSON-serialisable). */
export type AuthorityEffects = AuthorityChanges & {
  forkedFrom: string;
  /** The block of the chain the fork started from. */
  forkBlockNumber: number;
  forkBlockHash: Hex;
  /** Whether a call reverted (the changes are those of the calls before it). */
  reverted: boolean;
  error: string | null;
  /** The authority map of `proxies` after the calls (`null` without `proxies`). */
  authorityMapAfter: AuthorityMap | null;
  /**
   * The shape of every implementation the calls install (`installedImplementationShapes`), read on the fork after
   * them: whether it is itself a proxy or delegates on to a third contract (the hidden-proxy pattern). Absent from
   * effects made before this was read.
   */
  implementations?: InstalledImplementationShape[];
};

/** What changed in who holds authority, without the fork's URL and the map after: what reports and the gate keep. */
export type AuthorityChangeSummary = Pick<
  AuthorityEffects,
  'forkBlockNumber' | 'forkBlockHash' | 'reverted' | 'error' | 'contracts' | 'gained' | 'lost' | 'findings'
> & { implementations: InstalledImplementationShape[] };

/**
 * The summary of an authority simulation that reports and the gate keep.
 *
 * @example
 * const changes = authorityChangeSummary(await simulateAuthorityEffects({ rpcUrl, safe, calls }));
 */
export function authorityChangeSummary(effects: AuthorityEffects): AuthorityChangeSummary {
  const { forkBlockNumber, forkBlockHash, reverted, error, contracts, gained, lost, findings } = effects;
  // A summary saved before implementations were read has none.
  const implementations = effects.implementations ?? [];
  return { forkBlockNumber, forkBlockHash, reverted, error, contracts, gained, lost, findings, implementations };
}

export type SimulateAuthorityEffectsParameters = {
  rpcUrl: string;
  /** Fork at this block (default: the latest). */
  blockNumber?: bigint;
  /** Port of the fork (default: a free one). */
  port?: number;
  safe: Address;
  /** The Safe transactions, in order. */
  calls: readonly SafeCall[];
  /** More contracts to compare besides those the calls touch. */
  contracts?: readonly Address[];
  /** Proxies to compare and to map (`authorityMap`) after the calls. */
  proxies?: readonly Address[];
  /** Authorities the team expects besides the Safe. */
  declared?: readonly Address[];
  /** AccessControl roles to map besides the upgrade roles (`authorityMap`'s `roles`; default MINTER_ROLE). */
  roles?: readonly string[];
  multiSendCallOnly?: Address;
  /** Calls the new implementations are expected to answer (e.g. the phase's result-hash checks), traced after. */
  probes?: readonly { to: Address; data: Hex }[];
};

/**
 * Runs Safe transactions on a throwaway Anvil fork as the Safe (`runAsSafe`, no signatures or guard) and compares
 * who holds authority before and after over every contract they touch (`touchedContracts`: call targets, MultiSend
 * entries, nested calls), `contracts`, and every contract that emitted an ownership, role, admin or upgrade event
 * (`authorityChanges`). A hidden `transferOwnership` shows as an `authorityLeftSafe` finding. Every implementation
 * the calls install is then inspected on the fork (`implementations`): an implementation that is itself a proxy or
 * delegates on to a third contract is the hidden-proxy pattern.
 *
 * @throws {RpcUnreachableError} when `rpcUrl` does not answer.
 * @throws {SimulationError} when the fork cannot be started or read.
 *
 * @example
 * const effects = await simulateAuthorityEffects({ rpcUrl, safe, calls: [step], multiSendCallOnly });
 * effects.findings; // [{ kind: 'authorityLeftSafe', contract: proxyAdmin, holder: '0x…', … }]
 */
export async function simulateAuthorityEffects(
  parameters: SimulateAuthorityEffectsParameters,
): Promise<AuthorityEffects> {
  const { rpcUrl, safe, calls } = parameters;
  const port = parameters.port ?? (await freePort());
  const fork = await openFork({ rpcUrl, port });
  try {
    const { publicClient, testClient } = fork.clients;
    if (parameters.blockNumber !== undefined) {
      await testClient.reset({ jsonRpcUrl: rpcUrl, blockNumber: parameters.blockNumber });
    }
    const start = await publicClient.getBlock({ blockTag: 'latest' });
    if (parameters.blockNumber !== undefined && start.number !== parameters.blockNumber) {
      throw new SimulationError(
        `the fork of ${rpcUrl} is at block ${start.number}, not ${parameters.blockNumber}`,
        'Use a node that serves the state of recent blocks.',
      );
    }
    await ownBlock(fork.clients);
    const before = await publicClient.getBlock({ blockTag: 'latest' });
    const run = await runAsSafe({
      clients: fork.clients,
      safe,
      calls,
      multiSendCallOnly: parameters.multiSendCallOnly,
    });
    const changes = await authorityChanges({
      publicClient,
      safe,
      contracts: [...touchedContracts(calls, safe), ...(parameters.contracts ?? []), ...(parameters.proxies ?? [])],
      fromBlock: before.number,
      declared: parameters.declared,
    });
    const authorityMapAfter = parameters.proxies?.length
      ? await authorityMap({ publicClient, proxies: parameters.proxies, safe, roles: parameters.roles })
      : null;
    const implementations = await installedImplementationShapes({
      client: publicClient,
      calls,
      safe,
      contracts: [...(changes.contracts as Address[]), ...(parameters.contracts ?? []), ...(parameters.proxies ?? [])],
      probes: parameters.probes,
      trace: !run.reverted,
    });
    return {
      forkedFrom: rpcUrl,
      forkBlockNumber: Number(start.number),
      forkBlockHash: start.hash,
      reverted: run.reverted,
      error: run.error,
      ...changes,
      authorityMapAfter,
      implementations,
    };
  } catch (error) {
    if (error instanceof SimulationError || error instanceof RpcUnreachableError) throw error;
    throw new SimulationError(
      `the authority simulation on a fork of ${rpcUrl} failed (${firstLine(error)})`,
      'Check that the RPC serves the chain and its recent state, then run again.',
      error,
    );
  } finally {
    await fork.anvil.stop();
  }
}

function firstLine(error: unknown): string {
  const short = (error as { shortMessage?: string }).shortMessage;
  return (short ?? (error as Error)?.message ?? String(error)).split('\n')[0]!;
}
