import { type Address, isAddressEqual } from 'viem';

import {
  BaseError,
  draftFromTxBuilderBatch,
  importTxBuilderBatch,
  parseReleasePackage,
  type ReleasePackage,
  toManifest,
} from '../../../shared/src/index.js';
import { WrongSafeError } from './buildUpgrade.js';
import { type AssembleDraft, emptyDraft } from './draft.js';
import { type ImportSource, type RecognizedImport, atStart, recognizeImport } from './recognizeImport.js';

/** Nothing to import, or more than one thing at once. */
export class ImportSelectionError extends BaseError {
  override name = 'ImportSelectionError';
  constructor(problem: string) {
    super(problem, {
      metaMessages: [
        'Import one release package, or one Transaction Builder batch (with the sidecar exported beside it, if you have it).',
      ],
    });
  }
}

/** The connected Safe, guard and chain (what an import must be for), and the block time a new draft opens at. */
export type ImportTarget = { safe: Address; guard: Address; chainId: number; now: bigint };

/** How the draft changes, and one sentence saying what was imported. */
export type ImportedDraft = { apply: (draft: AssembleDraft) => AssembleDraft; message: string };

/**
 * Imports what was pasted or dropped, recognised by its content: a release package (the whole draft), a Transaction
 * Builder batch with its sidecar (the package rebuilt), or a batch alone (a new draft whose steps are its
 * transactions; ticket, window, rollback and evidence left to set). Empty texts are skipped; a sidecar beside a package
 * is ignored. Throws before changing anything, so a failed import loses nothing.
 *
 * @throws {UnrecognizedImportError}, {ImportSelectionError}, {WrongSafeError}, and the library's import errors.
 * @example
 * const { apply, message } = importDraft([{ name: 'the file "batch.json"', text }], target);
 * update(apply);
 */
export function importDraft(sources: readonly ImportSource[], target: ImportTarget): ImportedDraft {
  const found = sources.filter((source) => source.text.trim()).map(recognizeImport);
  const of = (kind: RecognizedImport['kind']) => found.filter((item) => item.kind === kind).map((item) => item.source);
  const [packages, batches, sidecars] = [of('package'), of('batch'), of('sidecar')];
  if (packages.length + batches.length === 0) {
    throw new ImportSelectionError(
      sidecars.length > 0
        ? `${atStart(sidecars[0]!.name)} is a sidecar: it holds no transactions without the batch exported beside it.`
        : 'There is nothing to import: paste JSON, drop a file or choose one.',
    );
  }
  if (packages.length + batches.length > 1 || sidecars.length > 1) {
    throw new ImportSelectionError(
      `Several things to import at once: ${[...packages, ...batches, ...sidecars].map((source) => source.name).join(', ')}.`,
    );
  }
  if (packages.length === 1) {
    const pkg = parseReleasePackage(packages[0]!.text);
    return packageDraft(pkg, target, `The release package “${pkg.title}” was imported: ${stepCount(pkg)}.`);
  }
  const batch = batches[0]!.text;
  if (sidecars.length === 1) {
    const pkg = importTxBuilderBatch({ batch, sidecar: sidecars[0]!.text });
    return packageDraft(
      pkg,
      target,
      `The Transaction Builder batch and its sidecar rebuilt the release package “${pkg.title}”: ${stepCount(pkg)}.`,
    );
  }
  const imported = draftFromTxBuilderBatch({
    batch,
    chainId: target.chainId,
    safe: target.safe,
    guard: target.guard,
  });
  const count = imported.decoded.length;
  const transactions = `${count} transaction${count === 1 ? '' : 's'}`;
  const steps = `${count} step${count === 1 ? '' : 's'}`;
  return {
    apply: () => {
      const fresh = emptyDraft(target.now);
      return {
        ...fresh,
        title: imported.title,
        description: imported.description,
        manifest: { ...fresh.manifest, ...imported.manifest },
      };
    },
    message:
      `${transactions} from the Transaction Builder batch “${imported.title}” became ${steps} of phase 1; ` +
      'set the ticket, the window, the rollback and the evidence before registering.',
  };
}

function packageDraft(pkg: ReleasePackage, target: ImportTarget, message: string): ImportedDraft {
  if (pkg.chainId !== target.chainId) throw new WrongSafeError('chainId', String(pkg.chainId), String(target.chainId));
  if (!isAddressEqual(pkg.safe, target.safe)) throw new WrongSafeError('safe', pkg.safe, target.safe);
  if (!isAddressEqual(pkg.guard, target.guard)) throw new WrongSafeError('guard', pkg.guard, target.guard);
  return {
    apply: (draft) => ({
      title: pkg.title,
      description: pkg.description,
      manifest: toManifest(pkg),
      evidenceJson: draft.evidenceJson,
    }),
    message,
  };
}

function stepCount(pkg: ReleasePackage): string {
  const steps = pkg.phases.reduce((sum, phase) => sum + phase.steps.length, 0);
  const phases = pkg.phases.length;
  return `${steps} step${steps === 1 ? '' : 's'} in ${phases} phase${phases === 1 ? '' : 's'}`;
}
