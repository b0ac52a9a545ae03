import { BaseError } from '../package/baseError.js';

/** `verifyPhase` was called with inputs it cannot work with (a usage error, not a finding). */
export class VerifyInputError extends BaseError {
  override name = 'VerifyInputError';
  constructor(problem: string, fix: string) {
    super(`Cannot verify the phase: ${problem}.`, { metaMessages: [fix] });
  }
}

/** No Multicall3 answers at the address the verifier batches its reads through. */
export class MulticallUnavailableError extends BaseError {
  override name = 'MulticallUnavailableError';
  readonly address: string;
  constructor(address: string, cause?: unknown) {
    super(`No Multicall3 answered at ${address}.`, {
      metaMessages: [
        'The verifier batches every state read through Multicall3 (deployed at 0xcA11bde05977b3631167028862bE2a173976CA11',
        'on most chains). Pass `multicallAddress` where it lives, or on a local Anvil put its runtime code there with',
        '`anvil_setCode` (see `installMulticall3` in the verifier tests).',
      ],
      cause,
    });
    this.address = address;
  }
}
