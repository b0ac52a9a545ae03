export type BaseErrorParameters = {
  /** Further lines shown under the short message: the values involved and what to do. */
  metaMessages?: readonly string[];
  /** The error that caused this one, if any. */
  cause?: unknown;
};

/**
 * The base of the typed errors of the release package, Transaction Builder, decoding, lane, builder and proxy
 * modules: a one-line `shortMessage` saying what was wrong, and `metaMessages` with the details and the fix.
 *
 * @example
 * class ThingMissingError extends BaseError {
 *   override name = 'ThingMissingError';
 *   constructor(thing: string) {
 *     super(`${thing} is missing.`, { metaMessages: ['Add it to the package and try again.'] });
 *   }
 * }
 */
export class BaseError extends Error {
  override name = 'BaseError';
  readonly shortMessage: string;
  readonly metaMessages: readonly string[];

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const metaMessages = parameters.metaMessages ?? [];
    super(metaMessages.length === 0 ? shortMessage : [shortMessage, '', ...metaMessages].join('\n'), {
      cause: parameters.cause,
    });
    this.shortMessage = shortMessage;
    this.metaMessages = metaMessages;
  }
}
