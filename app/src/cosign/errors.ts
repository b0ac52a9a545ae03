import { BaseError } from '../../../shared/src/package/baseError.js';

/** A pasted release package whose manifest is not the one selected. */
export class ManifestMismatchError extends BaseError {
  override name = 'ManifestMismatchError';
  constructor(expected: string, actual: string) {
    super(`The release package hashes to manifest ${actual}, not to the selected manifest ${expected}.`, {
      metaMessages: ['Load the package this manifest was registered from (same chain, guard and content).'],
    });
  }
}

/** Not enough confirmations to execute. */
export class NotEnoughConfirmationsError extends BaseError {
  override name = 'NotEnoughConfirmationsError';
  constructor(have: number, need: number) {
    super(`The transaction has ${have} of the ${need} owner confirmations it needs.`, {
      metaMessages: ['Ask more owners to confirm it (Safe{Wallet} queue, or “Confirm” here with an owner account).'],
    });
  }
}
