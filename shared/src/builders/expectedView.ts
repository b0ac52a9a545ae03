import { type Address, type Hex, type PublicClient, toFunctionSelector } from 'viem';

import { BaseError } from '../errors/base.js';

/** The view that proves a Transparent v5 or UUPS proxy runs the implementation is malformed or not answered. */
export class CheckViewError extends BaseError {
  override name = 'CheckViewError';
  constructor(problem: string, fix: string) {
    super(problem, { metaMessages: [fix] });
  }
}

/**
 * The selector of `signature` and what `implementation` answers to it: the expected return data of the check that a
 * Transparent v5 or UUPS proxy runs the implementation (a view without arguments, `version()` by default).
 *
 * @throws {CheckViewError} when `signature` is not a function signature, or the implementation does not answer it.
 *
 * @example
 * const view = await expectedView(publicClient, poolV2, 'version()'); // { data: '0x54fd4d50', result: '0x…' }
 */
export async function expectedView(
  client: PublicClient,
  implementation: Address,
  signature: string,
): Promise<{ data: Hex; result: Hex }> {
  let data: Hex;
  try {
    data = toFunctionSelector(signature.startsWith('function ') ? signature : `function ${signature}`);
  } catch {
    throw new CheckViewError(`--check-view "${signature}" is not a function signature.`, 'Write e.g. "version()".');
  }
  try {
    const { data: result } = await client.call({ to: implementation, data });
    if (!result || result === '0x') throw new Error('empty result');
    return { data, result };
  } catch {
    throw new CheckViewError(
      `${implementation} does not answer ${signature}, the view that proves a Transparent v5 or UUPS proxy runs it.`,
      'Pass --check-view "<signature>" of a view without arguments that the new implementation answers.',
    );
  }
}
