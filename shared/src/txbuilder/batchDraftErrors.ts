import type { Address } from 'viem';

import { BaseError } from '../errors/base.js';

/** The batch was exported on another chain than the one the Safe is on. */
export class TxBuilderChainMismatchError extends BaseError {
  override name = 'TxBuilderChainMismatchError';
  constructor(batchChainId: string, chainId: number) {
    super(`The batch is for chain ${batchChainId}, but the Safe is on chain ${chainId}.`, {
      metaMessages: [
        `Export the batch again from the Transaction Builder of the Safe on chain ${chainId}, or connect to chain ${batchChainId}.`,
      ],
    });
  }
}

/** The batch was exported from another Safe than the one it is imported for. */
export class TxBuilderSafeMismatchError extends BaseError {
  override name = 'TxBuilderSafeMismatchError';
  constructor(createdFromSafeAddress: string, safe: Address) {
    super(`The batch was created from Safe ${createdFromSafeAddress}, but this is Safe ${safe}.`, {
      metaMessages: [
        `Export the batch again from the Transaction Builder of Safe ${safe}, or open Safe ${createdFromSafeAddress}.`,
      ],
    });
  }
}

/** `meta.checksum` does not match the batch: the file changed after the Transaction Builder wrote it. */
export class TxBuilderChecksumError extends BaseError {
  override name = 'TxBuilderChecksumError';
  constructor(stated: string, computed: string) {
    super(`The batch's checksum ${stated} does not match its content (which hashes to ${computed}).`, {
      metaMessages: [
        'The file was edited after the Transaction Builder exported it (a transaction, the chain or the description). ' +
          'Export it again from the Transaction Builder and import that file.',
      ],
    });
  }
}

/** The batch holds no transaction: there is no step to import. */
export class EmptyTxBuilderBatchError extends BaseError {
  override name = 'EmptyTxBuilderBatchError';
  constructor(name: string) {
    super(`The batch "${name}" has no transactions.`, {
      metaMessages: ['Add the transactions in the Transaction Builder, export the batch again and import that file.'],
    });
  }
}

/** The phase sizes asked for do not split the batch's transactions into phases. */
export class TxBuilderPhaseSizesError extends BaseError {
  override name = 'TxBuilderPhaseSizesError';
  constructor(phaseSizes: readonly number[], transactions: number) {
    super(
      `The phase sizes [${phaseSizes.join(', ')}] do not split the batch's ${transactions} transaction${transactions === 1 ? '' : 's'} into phases.`,
      {
        metaMessages: [
          `Give each phase a whole number of transactions, at least 1, adding up to ${transactions}; leave the sizes out for one phase.`,
        ],
      },
    );
  }
}
