import { BaseError } from '../../../shared/src/index.js';

/** The queue does not know a safeTxHash. */
export class UnknownSafeTxHashError extends BaseError {
  override name = 'UnknownSafeTxHashError';
  constructor(safeTxHash: string, source: string) {
    super(`${source} does not know the Safe transaction ${safeTxHash}.`, {
      metaMessages: ['Check the hash, or paste the transaction’s to, value, data, operation and nonce instead.'],
    });
  }
}

/** A pasted field that does not parse. */
export class InvalidFieldError extends BaseError {
  override name = 'InvalidFieldError';
  constructor(field: string, value: string, expected: string) {
    super(`${field} "${value.length > 40 ? `${value.slice(0, 40)}…` : value}" is not ${expected}.`, {
      metaMessages: [`Enter ${expected}.`],
    });
  }
}
