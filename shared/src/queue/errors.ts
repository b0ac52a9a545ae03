import type { Address, Hex } from 'viem';

import { BaseError } from '../errors/base.js';

/** The transaction service answered with a transaction that does not hash to the safeTxHash asked for. */
export class ServiceDataMismatchError extends BaseError {
  override name = 'ServiceDataMismatchError';
  constructor(safeTxHash: Hex, recomputed: Hex) {
    super(`The transaction service's data for ${safeTxHash} hashes to ${recomputed}: refusing to sign or execute it.`, {
      metaMessages: [
        'The service (or something between you and it) changed the transaction. Compare it with the manifest step ' +
          'and propose it again from a trusted copy.',
      ],
    });
  }
}

/** Fewer owners confirmed than the Safe's threshold. */
export class NotEnoughConfirmationsError extends BaseError {
  override name = 'NotEnoughConfirmationsError';
  constructor(safeTxHash: Hex, confirmed: readonly Address[], threshold: number, owners: readonly Address[]) {
    super(`Safe transaction ${safeTxHash} has ${confirmed.length} of ${threshold} confirmations.`, {
      metaMessages: [
        `Confirmed by: ${confirmed.join(', ') || 'nobody'}.`,
        `Ask ${threshold - confirmed.length} more of ${owners.filter((owner) => !confirmed.includes(owner)).join(', ')} to confirm ` +
          '(through the service or with approveHash on chain), then execute again.',
      ],
    });
  }
}

/** Another transaction already used this transaction's nonce: its signatures can never execute. */
export class StaleNonceError extends BaseError {
  override name = 'StaleNonceError';
  constructor(safeTxHash: Hex, nonce: bigint, safeNonce: bigint) {
    super(
      `Safe transaction ${safeTxHash} was signed for nonce ${nonce}, which another transaction has used (the Safe is at nonce ${safeNonce}).`,
      {
        metaMessages: [
          'The signatures were collected for a nonce another transaction has used. Propose the step again at the ' +
            `Safe's current nonce (${safeNonce}) and collect the confirmations again.`,
        ],
      },
    );
  }
}

/** The transaction waits behind an earlier nonce. */
export class NonceNotNextError extends BaseError {
  override name = 'NonceNotNextError';
  constructor(safeTxHash: Hex, nonce: bigint, safeNonce: bigint) {
    super(`Safe transaction ${safeTxHash} has nonce ${nonce}, but the Safe executes nonce ${safeNonce} next.`, {
      metaMessages: [`Execute (or replace) the queued transactions with nonces ${safeNonce} to ${nonce - 1n} first.`],
    });
  }
}

/** The transaction was already executed on chain. */
export class AlreadyExecutedError extends BaseError {
  override name = 'AlreadyExecutedError';
  constructor(safeTxHash: Hex, transactionHash: string | null) {
    super(`Safe transaction ${safeTxHash} was already executed${transactionHash ? ` in ${transactionHash}` : ''}.`, {
      metaMessages: ['Nothing to do: look at its result instead.'],
    });
  }
}

/** `execTransaction` would revert: the guard's rule when the guard refused, otherwise the first line of the error. */
export class ExecutionRejectedError extends BaseError {
  override name = 'ExecutionRejectedError';
  constructor(
    readonly safeTxHash: Hex,
    /** `ErrorName(args…)` when Manifest Guard refused the transaction. */
    readonly guardError: string | undefined,
    cause: unknown,
  ) {
    super(
      guardError
        ? `Manifest Guard refuses Safe transaction ${safeTxHash}: ${guardError}.`
        : `Safe transaction ${safeTxHash} would revert: ${((cause as Error)?.message ?? String(cause)).split('\n')[0]}`,
      {
        metaMessages: [
          guardError
            ? 'Only the next step of a registered, approved manifest, inside its window, sent by an executor, can execute. ' +
              'Run the gate on it to see every reason.'
            : 'Check the executor account, its gas and the signatures.',
        ],
        cause,
      },
    );
  }
}

/** The account is not an owner of the Safe. */
export class NotAnOwnerError extends BaseError {
  override name = 'NotAnOwnerError';
  constructor(account: Address, safe: Address, owners: readonly Address[]) {
    super(`${account} is not an owner of Safe ${safe}.`, {
      metaMessages: [`The owners are ${owners.join(', ')}: approve or confirm as one of them.`],
    });
  }
}
