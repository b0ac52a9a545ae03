import { BaseError } from '../package/baseError.js';

/** A port the desk needs is taken (often an earlier `npm start` still running). */
export class DeskPortInUseError extends BaseError {
  override name = 'DeskPortInUseError';
  constructor(
    readonly service: string,
    readonly port: number,
    readonly flag: string,
  ) {
    super(`Port ${port} on 127.0.0.1 (${service}) is already in use.`, {
      metaMessages: [
        'Stop the process that holds it (for example an earlier `npm start` still running),',
        `or choose another port: npm start -- ${flag} <port>.`,
      ],
    });
  }
}

/** A flag or environment variable of `npm start` has a bad value. */
export class DeskOptionError extends BaseError {
  override name = 'DeskOptionError';
  constructor(shortMessage: string, fix: string) {
    super(shortMessage, { metaMessages: [fix] });
  }
}

/** A service of the desk did not come up as it should. */
export class DeskStartError extends BaseError {
  override name = 'DeskStartError';
  constructor(shortMessage: string, fix: string, cause?: unknown) {
    super(shortMessage, { metaMessages: [fix], cause });
  }
}
