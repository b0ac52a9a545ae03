import { BaseError } from '../errors/base.js';

/** The simulation could not be set up or run (not a failed step: those are in the report). */
export class SimulationError extends BaseError {
  override name = 'SimulationError';
  constructor(problem: string, fix: string, cause?: unknown) {
    super(`Cannot simulate: ${problem}.`, { metaMessages: [fix], cause });
  }
}
