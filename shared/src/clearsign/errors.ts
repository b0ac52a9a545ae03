import { BaseError } from '../errors/base.js';

/**
 * A clear-signing descriptor that cannot be applied as written: a field path that names no parameter, an enum that
 * `metadata.enums` lacks, a path form this renderer does not read.
 *
 * @example
 * throw new ClearSigningDescriptorError('approve(bytes32 id)', 'the field path "manifestId" names no parameter');
 */
export class ClearSigningDescriptorError extends BaseError {
  override name = 'ClearSigningDescriptorError';
  constructor(format: string, problem: string) {
    super(`The clear-signing descriptor's format "${format}" cannot be applied: ${problem}.`, {
      metaMessages: [
        'Generate the descriptors again from the ABI (npx tsx shared/scripts/generate-clear-signing.ts) and check the',
        'paths and enums in shared/scripts/clearSigningWords.ts.',
      ],
    });
  }
}
