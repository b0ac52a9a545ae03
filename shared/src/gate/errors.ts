import { BaseError } from '../errors/base.js';

/** The gate was called with inputs it cannot work with (not a decision: a usage error). */
export class GateInputError extends BaseError {
  override name = 'GateInputError';
  constructor(problem: string, fix: string) {
    super(`Cannot run the gate: ${problem}.`, { metaMessages: [fix] });
  }
}
