import { BaseError } from '../errors/base.js';

/** `watch` was called with inputs it cannot work with. */
export class WatchInputError extends BaseError {
  override name = 'WatchInputError';
  constructor(problem: string, fix: string) {
    super(`Cannot watch the Safe: ${problem}.`, { metaMessages: [fix] });
  }
}

/** The guardian's containment transaction (freeze or halt) did not go through. */
export class ContainmentSendError extends BaseError {
  override name = 'ContainmentSendError';
  readonly action: 'freeze' | 'halt';
  constructor(action: 'freeze' | 'halt', reason: string, cause: unknown) {
    super(`The guardian's ${action} was not sent: ${reason}.`, {
      metaMessages: [
        action === 'freeze'
          ? 'Freeze by hand (`freeze(duration)` on the guard from a guardian account) if the Safe is not frozen yet.'
          : 'Halt by hand (`halt(manifestId)` on the guard from a guardian account).',
      ],
      cause,
    });
    this.action = action;
  }
}
