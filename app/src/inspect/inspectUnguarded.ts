import { type Address, type Hex, type PublicClient, getAddress, isAddress, isAddressEqual } from 'viem';

import { type DecodedCall, decodeSafeTransaction, safeTransaction, safeTxHashes } from '../../../shared/src/index.js';
import { isManifestGuardFor } from '../guard/readGuard.js';
import type { SafeCall } from '../safe/connection.js';
import type { Inspection } from './inspectTransaction.js';
import { simulateFromSafe } from './simulateFromSafe.js';

/**
 * What a signer sees of a Safe transaction on a Safe without Manifest Guard (the `setGuard` batch co-signers review
 * during Install, for one): hashes, decoded calls and the call run from the Safe; no guard verdict, lane or manifest,
 * since no guard answers for this Safe yet. A guard the transaction sets is checked: is it a Manifest Guard for this
 * Safe (`SAFE()`)?
 */
export type UnguardedInspection = Pick<
  Inspection,
  'call' | 'nonce' | 'hashes' | 'claimedHashMismatch' | 'decoded' | 'simulation'
> & {
  /** Each `setGuard` / `setModuleGuard` of this Safe the transaction makes, and whether its guard is for this Safe. */
  guardsSet: { functionName: string; guard: Address; forSafe: boolean }[];
};

export type InspectUnguardedParameters = {
  client: PublicClient;
  safe: Address;
  chainId: number;
  call: SafeCall;
  nonce: bigint;
  claimedSafeTxHash?: Hex;
};

/**
 * Inspects a Safe transaction of a Safe that has no Manifest Guard: its hashes, its calls decoded with the library's
 * decoders (MultiSend batches call by call), the guards it sets and the call run from the Safe.
 *
 * @example
 * const inspection = await inspectUnguarded({ client, safe, chainId, call, nonce });
 * inspection.guardsSet; // [{ functionName: 'setGuard', guard: '0x…', forSafe: true }, …]
 */
export async function inspectUnguarded(parameters: InspectUnguardedParameters): Promise<UnguardedInspection> {
  const { client, safe, chainId, call, nonce } = parameters;
  const hashes = safeTxHashes({ safe, chainId, transaction: safeTransaction({ ...call, nonce }) });
  const claimed = parameters.claimedSafeTxHash;
  const decoded = decodeSafeTransaction({ ...call, safe });
  const guardsSet = await Promise.all(
    guardCalls(decoded, safe).map(async ({ functionName, guard }) => ({
      functionName,
      guard,
      forSafe: await isManifestGuardFor(client, guard, safe),
    })),
  );
  return {
    call,
    nonce,
    hashes,
    claimedHashMismatch: claimed && claimed.toLowerCase() !== hashes.safeTxHash.toLowerCase() ? claimed : undefined,
    decoded,
    guardsSet,
    simulation: await simulateFromSafe(client, safe, call),
  };
}

/** The `setGuard(guard)` and `setModuleGuard(guard)` calls on `safe` in a decoded transaction, batches included. */
function guardCalls(call: DecodedCall, safe: Address): { functionName: string; guard: Address }[] {
  if (call.kind === 'multiSend') return call.calls.flatMap((inner) => guardCalls(inner, safe));
  if (call.kind !== 'call' || !isAddressEqual(call.to, safe)) return [];
  if (call.functionName !== 'setGuard' && call.functionName !== 'setModuleGuard') return [];
  const guard = call.args[0]?.value;
  return typeof guard === 'string' && isAddress(guard)
    ? [{ functionName: call.functionName, guard: getAddress(guard) }]
    : [];
}
