import { BaseError } from '../errors/base.js';

/** `verifyPhase` was called with inputs it cannot work with (a usage error, not a finding). */
export class VerifyInputError extends BaseError {
  override name = 'VerifyInputError';
  constructor(problem: string, fix: string) {
    super(`Cannot verify the phase: ${problem}.`, { metaMessages: [fix] });
  }
}
