/**
 * The guard's `StepExecuted(uint256 position)` word: `index << 16 | phase << 8 | step`, where `index` is the
 * manifest's registration index (as in `ManifestRegistered.index`). The guard packs the three numbers into one
 * unindexed data word because every Safe transaction pays for this log.
 */
export type StepPosition = {
  /** The manifest's registration index. */
  index: bigint;
  phase: number;
  step: number;
};

/**
 * Packs a manifest index, phase and step the way the guard's `StepExecuted` event does.
 *
 * @example
 * encodeStepPosition({ index: 3n, phase: 1, step: 0 }) // 196864n (3 << 16 | 1 << 8 | 0)
 */
export function encodeStepPosition({ index, phase, step }: StepPosition): bigint {
  if (phase < 0 || phase > 0xff || step < 0 || step > 0xff)
    throw new RangeError(`phase ${phase} and step ${step} must each fit in a byte (0 to 255).`);
  return (index << 16n) | (BigInt(phase) << 8n) | BigInt(step);
}

/**
 * Unpacks the `position` word of the guard's `StepExecuted` event.
 *
 * @example
 * decodeStepPosition(196864n) // { index: 3n, phase: 1, step: 0 }
 */
export function decodeStepPosition(position: bigint): StepPosition {
  return { index: position >> 16n, phase: Number((position >> 8n) & 0xffn), step: Number(position & 0xffn) };
}
