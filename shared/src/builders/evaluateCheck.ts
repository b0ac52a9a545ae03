import { type Hex, type PublicClient, keccak256, zeroHash } from 'viem';

import { CheckKind, type Check } from '../guard/manifest.js';

export type EvaluateCheckParameters = { client: PublicClient; check: Check; blockNumber?: bigint };
export type EvaluateCheckReturnType = { passed: boolean; expected: Hex; observed: Hex };

/**
 * Runs a check off chain the way the guard's `checkAfterExecution` does: `keccak256` of
 * `staticcall(target, data)`'s return data (a call that reverts fails, with `observed` zero, as in the guard), or
 * the keccak256 of the target's runtime code. For previews and monitoring; the guard's own run is the one that
 * gates.
 *
 * @example
 * const { passed, observed } = await evaluateCheck({ client: publicClient, check });
 */
export async function evaluateCheck({
  client,
  check,
  blockNumber,
}: EvaluateCheckParameters): Promise<EvaluateCheckReturnType> {
  let observed: Hex;
  if (check.kind === CheckKind.CodeHash) {
    observed = keccak256((await client.getCode({ address: check.target, blockNumber })) ?? '0x');
  } else {
    try {
      const { data } = await client.call({ to: check.target, data: check.data, blockNumber });
      observed = keccak256(data ?? '0x');
    } catch {
      return { passed: false, expected: check.expected, observed: zeroHash };
    }
  }
  return { passed: observed === check.expected.toLowerCase(), expected: check.expected, observed };
}
