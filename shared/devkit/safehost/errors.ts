import { BaseError } from '../../src/errors/base.js';

/** A Safe Apps SDK request the host cannot answer; its message goes back to the app as the reply's `error`. */
export class HostMethodError extends BaseError {
  override name = 'HostMethodError';
}

/** The host could not start (its port is taken, the RPC or the tx service does not answer, no Safe at the address). */
export class SafeHostStartError extends BaseError {
  override name = 'SafeHostStartError';
  constructor(problem: string, fix: string, cause?: unknown) {
    super(`Cannot start the local Safe host: ${problem}.`, { metaMessages: [fix], cause });
  }
}
