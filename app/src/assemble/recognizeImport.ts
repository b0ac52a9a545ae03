import { BaseError, sidecarFormat } from '../../../shared/src/index.js';

/** Text to import and where it came from, said mid-sentence: `the file "batch.json"`, `the pasted text`. */
export type ImportSource = { name: string; text: string };

/** `name` opening a sentence. */
export const atStart = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** What a text to import is: a release package, a Transaction Builder batch, or the sidecar exported with one. */
export type RecognizedImport = { kind: 'package' | 'batch' | 'sidecar'; source: ImportSource };

/** A text to import that is no JSON, or JSON that is none of the things Assemble imports. */
export class UnrecognizedImportError extends BaseError {
  override name = 'UnrecognizedImportError';
  constructor(source: string, problem: string) {
    super(`${atStart(source)} ${problem}.`, {
      metaMessages: [
        'Import a release package (it has "schemaVersion" and "phases"), a Safe Transaction Builder batch (it has ' +
          `"meta" and "transactions"), or a batch with the sidecar exported beside it ("format": "${sidecarFormat}").`,
      ],
    });
  }
}

/**
 * Tells from its JSON what a text is: a sidecar by its `format`, a release package by `schemaVersion` or `phases`, a
 * Transaction Builder batch by its `transactions`. Whether it is a valid one is for its importer to say.
 *
 * @throws {UnrecognizedImportError} for text that is no JSON object or none of these.
 * @example
 * recognizeImport({ name: 'the file "release.json"', text }).kind; // 'package'
 */
export function recognizeImport(source: ImportSource): RecognizedImport {
  let json: unknown;
  try {
    json = JSON.parse(source.text);
  } catch (error) {
    throw new UnrecognizedImportError(source.name, `is not JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UnrecognizedImportError(
      source.name,
      `is JSON but not an object (it starts with ${source.text.trim()[0]})`,
    );
  }
  if ('format' in json && json.format === sidecarFormat) return { kind: 'sidecar', source };
  if ('schemaVersion' in json || 'phases' in json) return { kind: 'package', source };
  if ('transactions' in json) return { kind: 'batch', source };
  const keys = Object.keys(json).slice(0, 6);
  throw new UnrecognizedImportError(
    source.name,
    `is neither a release package nor a Transaction Builder batch nor its sidecar (its keys: ${keys.join(', ') || 'none'})`,
  );
}
