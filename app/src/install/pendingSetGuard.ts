import { type Address, type Hex, type PublicClient, isAddressEqual, zeroAddress } from 'viem';

import { manifestGuardAbi } from '../../../shared/src/generated/manifestGuard.js';
import { type DecodedCall, decodeSafeTransaction } from '../../../shared/src/index.js';
import { isManifestGuardFor } from '../guard/readGuard.js';
import type { QueuedTransaction, SafeCall, SafeConnection, SafeState } from '../safe/connection.js';
import { installCall } from './installSteps.js';

/** Where to look for a setGuard transaction already proposed. */
export type FindPendingSetGuardParameters = {
  connection: Pick<SafeConnection, 'client' | 'state' | 'queued' | 'pending'>;
  /**
   * The install transaction for the guard to set (`installCall`); `undefined` when this owner has not named a guard
   * yet (another owner deployed it): then a queued install transaction of a Manifest Guard for this Safe.
   */
  expected: SafeCall | undefined;
  /** The safeTxHash proposed earlier from this browser for this guard, if any. */
  remembered: Hex | undefined;
};

/**
 * The setGuard transaction for this guard that is already in the Safe's queue and not yet executed (its nonce not
 * taken), so owners confirm it rather than propose a second one at the next nonce: the one proposed from this browser
 * (read again from the queue), or one in the queue's list of waiting transactions (the shared queue in both modes)
 * whose call is exactly `expected`, or, with no `expected`, exactly the install transaction of a guard that answers
 * `SAFE()` with this Safe (`isManifestGuardFor`, its own MultiSendCallOnly). The lowest nonce wins.
 *
 * @example
 * const queued = await findPendingSetGuard({ connection, expected: installCall(state, guard, msco), remembered });
 */
export async function findPendingSetGuard({
  connection,
  expected,
  remembered,
}: FindPendingSetGuardParameters): Promise<QueuedTransaction | undefined> {
  const { state } = connection;
  const live = (tx: QueuedTransaction | undefined): tx is QueuedTransaction =>
    tx !== undefined && !tx.executed && tx.nonce >= state.nonce;
  const [mine, waiting] = await Promise.all([
    remembered ? connection.queued(remembered).catch(() => undefined) : Promise.resolve(undefined),
    connection.pending ? connection.pending().catch(() => []) : Promise.resolve([]),
  ]);
  const matches = async (tx: QueuedTransaction) =>
    expected ? sameCall(tx.call, expected) : isInstallOfOurGuard(connection.client, state, tx.call);
  const found = await Promise.all(waiting.filter(live).map(async (tx) => ((await matches(tx)) ? [tx] : [])));
  const candidates = [...(live(mine) ? [mine] : []), ...found.flat()];
  return candidates.sort((a, b) => (a.nonce < b.nonce ? -1 : a.nonce > b.nonce ? 1 : 0))[0];
}

/** The same Safe call: target, value, calldata (hex compared in lower case) and operation. */
export const sameCall = (a: SafeCall, b: SafeCall): boolean =>
  a.to.toLowerCase() === b.to.toLowerCase() &&
  a.value === b.value &&
  a.data.toLowerCase() === b.data.toLowerCase() &&
  a.operation === b.operation;

/**
 * The guard a Safe call sets on `safe` (`setGuard(guard)`, alone or in a MultiSend batch), `undefined` when it sets
 * none or removes the guard (`setGuard(0)`).
 *
 * @example
 * guardSetBy(installCall(state, guard, multiSendCallOnly), state.safe); // guard
 */
export function guardSetBy(call: SafeCall, safe: Address): Address | undefined {
  const find = (decoded: DecodedCall): Address | undefined => {
    if (decoded.kind === 'multiSend') return decoded.calls.map(find).find((guard) => guard !== undefined);
    if (decoded.kind !== 'call' || decoded.functionName !== 'setGuard' || !isAddressEqual(decoded.to, safe)) {
      return undefined;
    }
    const guard = decoded.args[0]?.value;
    return typeof guard === 'string' && guard.startsWith('0x') && !isAddressEqual(guard as Address, zeroAddress)
      ? (guard as Address)
      : undefined;
  };
  return find(decodeSafeTransaction({ ...call, safe }));
}

/**
 * Is `call` exactly the install transaction (`installCall`) of a Manifest Guard for this Safe, with that guard's own
 * MultiSendCallOnly? A setGuard of anything else, or with other calls beside it, is not.
 */
async function isInstallOfOurGuard(client: PublicClient, state: SafeState, call: SafeCall): Promise<boolean> {
  const guard = guardSetBy(call, state.safe);
  if (!guard || !(await isManifestGuardFor(client, guard, state.safe))) return false;
  const config = await client.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'getConfig' });
  return sameCall(call, installCall(state, guard, config.multiSendCallOnly));
}
