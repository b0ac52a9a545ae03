import type { Address, PublicClient } from 'viem';

import { plainCall, type WriteFunctionArgs, type WriteFunctionName } from '../../../shared/src/index.js';
import { manifestGuardAbi } from '../../../shared/src/generated/manifestGuard.js';

/**
 * Runs a guard function as an `eth_call` from `account` (nothing is signed or sent): `undefined` when the guard would
 * accept it now, else the guard's own error (decode and word it with `describeError`).
 *
 * @example
 * const refusal = await guardRefusal(client, guard, guardian, 'halt', [id]); // e.g. ManifestGuardInvalidStatus
 */
export async function guardRefusal<functionName extends WriteFunctionName<typeof manifestGuardAbi>>(
  client: PublicClient,
  guard: Address,
  account: Address,
  functionName: functionName,
  args: WriteFunctionArgs<typeof manifestGuardAbi, functionName>,
): Promise<unknown> {
  try {
    await client.simulateContract({
      ...plainCall({ address: guard, abi: manifestGuardAbi, functionName, args }),
      account,
    });
    return undefined;
  } catch (error) {
    return error;
  }
}
