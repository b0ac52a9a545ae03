import { BaseError } from '../../../shared/src/index.js';

/** A pasted release package whose manifest is not the one selected. */
export class ManifestMismatchError extends BaseError {
  override name = 'ManifestMismatchError';
  constructor(expected: string, actual: string) {
    super(`The release package hashes to manifest ${actual}, not to the selected manifest ${expected}.`, {
      metaMessages: ['Load the package this manifest was registered from (same chain, guard and content).'],
    });
  }
}

/** The queue holds a different transaction than the step that was proposed (e.g. batched another way). */
export class QueuedStepMismatchError extends BaseError {
  override name = 'QueuedStepMismatchError';
  constructor(
    safeTxHash: string,
    expected: { to: string; operation: number },
    actual: { to: string; operation: number },
  ) {
    super(`The Safe queued ${safeTxHash} as a different transaction than the manifest step.`, {
      metaMessages: [
        `The step is operation ${expected.operation} to ${expected.to}; the queue holds operation ${actual.operation} to ${actual.to} (Safe{Wallet} batches several calls through its own MultiSendCallOnly).`,
        'The guard will reject it: reject it in the Safe queue. Register the step as the exact transaction the queue makes, or configure the guard with that MultiSendCallOnly.',
      ],
    });
  }
}
