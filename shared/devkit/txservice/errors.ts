import { BaseError } from '../../src/errors/base.js';

/**
 * A request the service refuses. `status` is the HTTP status it answers with and `body` the JSON body, in the
 * shapes the hosted Safe Transaction Service uses (`{ detail }` for 400/404, `{ nonFieldErrors: [...] }` for
 * validation failures), which `@safe-global/api-kit` turns into its `HttpError` message.
 */
export class TxServiceRequestError extends BaseError {
  override name = 'TxServiceRequestError';
  constructor(
    readonly status: 400 | 404 | 405 | 422,
    message: string,
    readonly kind: 'detail' | 'nonFieldErrors' = status === 422 ? 'nonFieldErrors' : 'detail',
  ) {
    super(message);
  }

  get body(): Record<string, unknown> {
    return this.kind === 'detail' ? { detail: this.shortMessage } : { nonFieldErrors: [this.shortMessage] };
  }
}

/** A validation failure of a proposal or confirmation (422 `{ nonFieldErrors: [...] }`). */
export const invalid = (message: string) => new TxServiceRequestError(422, message);
/** A malformed request: a bad query value, a body that is not JSON (400 `{ detail }`). */
export const badRequest = (message: string) => new TxServiceRequestError(400, message);
/** Nothing at that path or with that hash (404 `{ detail }`). */
export const notFound = (message: string) => new TxServiceRequestError(404, message);

/** The service could not start (its port is taken, the RPC does not answer, the chain id differs). */
export class TxServiceStartError extends BaseError {
  override name = 'TxServiceStartError';
  constructor(problem: string, fix: string, cause?: unknown) {
    super(`Cannot start the local Safe Transaction Service: ${problem}.`, { metaMessages: [fix], cause });
  }
}
