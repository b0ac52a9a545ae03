import { type Address, type Hex, type PublicClient, getAddress, slice } from 'viem';

import { manifestGuardAbi } from '../generated/manifestGuard.js';
import type { Manifest } from '../guard/manifest.js';
import type { LaneContext } from './classifyLane.js';

/** The Safe's fallback handler slot: keccak256("fallback_manager.handler.address"). */
export const safeFallbackHandlerSlot: Hex = '0x6c9a6c4a39284e37ed1cf53d337577d14212a4870fb976a4366c693b939918d5';

/**
 * The Safe's current fallback handler, read from its storage (`eth_getStorageAt`); the zero address when none is
 * set. The guard counts it as an authority contract when it classifies a manifest.
 *
 * @example
 * const fallbackHandler = await readFallbackHandler(publicClient, safe);
 */
export async function readFallbackHandler(
  client: PublicClient,
  safe: Address,
  options: { blockNumber?: bigint } = {},
): Promise<Address> {
  const word = await client.getStorageAt({ address: safe, slot: safeFallbackHandlerSlot, ...options });
  return getAddress(slice(word && word !== '0x' ? word : `0x${'00'.repeat(32)}`, 12, 32));
}

/**
 * Everything `classifyLane` reads, from the chain: the guard's Safe and configuration (MultiSendCallOnly,
 * authorities, extra privileged selectors, containment set) and the Safe's current fallback handler.
 *
 * @example
 * const { lane } = classifyLane({ manifest, ...(await readLaneContext(publicClient, { guard })) });
 */
export async function readLaneContext(
  client: PublicClient,
  args: { guard: Address; blockNumber?: bigint },
): Promise<LaneContext> {
  const { guard, blockNumber } = args;
  const at = blockNumber === undefined ? {} : { blockNumber };
  const [safe, config] = await Promise.all([
    client.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'SAFE', ...at }),
    client.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'getConfig', ...at }),
  ]);
  return {
    safe,
    guard,
    multiSendCallOnly: config.multiSendCallOnly,
    fallbackHandler: await readFallbackHandler(client, safe, at),
    authorities: config.authorities,
    privilegedSelectors: config.privilegedSelectors,
    containmentSelectors: config.containmentSelectors,
  };
}

/**
 * The lane the guard itself computes for `manifest` now (`computeLane`, a view): what to use wherever a client is
 * at hand. Reverts as `register` would for a manifest the guard cannot classify (decode it with `decodeGuardError`).
 *
 * @example
 * const lane = await computeLaneOnChain(publicClient, { guard, manifest }); // 'routine' | 'privileged'
 */
export async function computeLaneOnChain(
  client: PublicClient,
  args: { guard: Address; manifest: Manifest; blockNumber?: bigint },
): Promise<'routine' | 'privileged'> {
  const lane = await client.readContract({
    address: args.guard,
    abi: manifestGuardAbi,
    functionName: 'computeLane',
    args: [args.manifest],
    ...(args.blockNumber === undefined ? {} : { blockNumber: args.blockNumber }),
  });
  return lane === 1 ? 'privileged' : 'routine';
}
