import { getAddress, isAddressEqual, keccak256 } from 'viem';
import { z } from 'zod';

import { BaseError } from '../errors/base.js';
import { type ReleasePackageIssue, formatPath } from '../package/errors.js';
import { parseReleasePackage } from '../package/parseReleasePackage.js';
import type { JsonValue, PackageStep, ReleasePackage } from '../package/schema.js';
import { zodIssues } from '../package/parseReleasePackage.js';
import { type TxBuilderBatch, parseTxBuilderBatch } from './batchFile.js';
import { transactionData } from './contractMethodData.js';
import { type TxBuilderSidecar, sidecarFormat, sidecarVersion } from './sidecar.js';

/** The batch and its sidecar do not belong together, or the sidecar is not one. */
export class TxBuilderImportError extends BaseError {
  override name = 'TxBuilderImportError';
  readonly issues: readonly ReleasePackageIssue[];
  constructor(issues: readonly ReleasePackageIssue[]) {
    super(
      `Cannot rebuild the release package from this batch and sidecar: ${issues.length} problem${issues.length === 1 ? '' : 's'}.`,
      {
        metaMessages: issues.map((issue) => `${issue.path}: ${issue.message}`),
      },
    );
    this.issues = issues;
  }
}

const sidecarSchema = z.strictObject({
  format: z.literal(sidecarFormat, { error: `is not "${sidecarFormat}". Use the sidecar exported with the batch.` }),
  sidecarVersion: z.literal(sidecarVersion, {
    error: `is not ${sidecarVersion}. Use a newer manifest-guard for a newer sidecar.`,
  }),
  transactions: z.number({ error: 'is not a number of transactions.' }).int().nonnegative(),
  dataHashes: z.array(z.string().regex(/^0x[0-9a-f]{64}$/, { error: 'is not a keccak256 hash.' }), {
    error: 'is not a list of hashes.',
  }),
  package: z.record(z.string(), z.unknown(), { error: 'is not a release package object.' }),
});

/**
 * The steps of a Transaction Builder batch, one call per transaction (the format has no operation field, so every
 * step is a call; calldata built from `contractMethod` when `data` is null).
 *
 * @example
 * const steps = batchToSteps(parseTxBuilderBatch(json));
 */
export function batchToSteps(batch: TxBuilderBatch): PackageStep[] {
  return batch.transactions.map((transaction, index) => ({
    to: getAddress(transaction.to),
    value: BigInt(transaction.value),
    operation: 'call',
    data: transactionData(transaction, index).toLowerCase() as PackageStep['data'],
  }));
}

export type ImportTxBuilderBatchParameters = {
  /** The batch file (JSON string or parsed). */
  batch: unknown;
  /** The sidecar exported with it (JSON string or parsed). */
  sidecar: unknown;
};
export type ImportTxBuilderBatchReturnType = ReleasePackage;

/**
 * Rebuilds the release package from a Transaction Builder batch and the sidecar `exportTxBuilderBatch` wrote
 * beside it: every step reference of the sidecar is filled with its batch transaction. The result equals the
 * exported package. The batch must be the one exported with the sidecar: same transaction count, same calldata
 * (by hash), same chain and Safe.
 *
 * @throws {TxBuilderImportError} when they do not belong together; `TxBuilderBatchError` for a malformed batch;
 * `ReleasePackageError` when the rebuilt package is invalid.
 * @example
 * const pkg = importTxBuilderBatch({ batch: await readFile('phase-0.json', 'utf8'), sidecar: await readFile('phase-0.sidecar.json', 'utf8') });
 */
export function importTxBuilderBatch(parameters: ImportTxBuilderBatchParameters): ImportTxBuilderBatchReturnType {
  const batch = parseTxBuilderBatch(parameters.batch);
  const sidecarJson = typeof parameters.sidecar === 'string' ? parseJson(parameters.sidecar) : parameters.sidecar;
  const parsed = sidecarSchema.safeParse(sidecarJson);
  if (!parsed.success) {
    throw new TxBuilderImportError(
      zodIssues(parsed.error.issues).map((issue) => ({ ...issue, path: `sidecar.${issue.path}` })),
    );
  }
  const sidecar = parsed.data as TxBuilderSidecar;
  const steps = batchToSteps(batch);
  const issues: ReleasePackageIssue[] = [];

  if (steps.length !== sidecar.transactions) {
    issues.push({
      path: 'batch.transactions',
      message: `holds ${steps.length} transactions but the sidecar was written for ${sidecar.transactions}. Use the batch exported with this sidecar.`,
    });
  }
  steps.forEach((step, i) => {
    const expected = sidecar.dataHashes[i];
    if (expected !== undefined && keccak256(step.data) !== expected) {
      issues.push({
        path: `batch.transactions[${i}].data`,
        message: 'differs from the calldata that was exported. The batch was edited: export it again from the package.',
      });
    }
  });
  const pkg = sidecar.package;
  if (String(pkg.chainId) !== batch.chainId) {
    issues.push({
      path: 'batch.chainId',
      message: `is ${batch.chainId} but the package is for chain ${String(pkg.chainId)}.`,
    });
  }
  const from = batch.meta.createdFromSafeAddress;
  if (
    from &&
    typeof pkg.safe === 'string' &&
    /^0x[0-9a-fA-F]{40}$/.test(from) &&
    /^0x[0-9a-fA-F]{40}$/.test(pkg.safe)
  ) {
    if (!isAddressEqual(from as `0x${string}`, pkg.safe as `0x${string}`)) {
      issues.push({
        path: 'batch.meta.createdFromSafeAddress',
        message: `is ${from} but the package is for Safe ${pkg.safe}.`,
      });
    }
  }

  const used = new Set<number>();
  const phases = Array.isArray(pkg.phases) ? (pkg.phases as JsonValue[]) : [];
  const rebuilt = {
    ...pkg,
    phases: phases.map((phase, p) => {
      if (typeof phase !== 'object' || phase === null || Array.isArray(phase) || !Array.isArray(phase.steps))
        return phase;
      return {
        ...phase,
        steps: phase.steps.map((step, s) => {
          if (typeof step !== 'object' || step === null || Array.isArray(step) || !('batchIndex' in step)) return step;
          const index = step.batchIndex;
          const path = formatPath(['sidecar', 'package', 'phases', p, 'steps', s, 'batchIndex']);
          const transaction = typeof index === 'number' ? steps[index] : undefined;
          if (!transaction) {
            issues.push({
              path,
              message: `${JSON.stringify(index)} is not a transaction of the batch (0 to ${steps.length - 1}).`,
            });
            return step;
          }
          if (used.has(index as number)) issues.push({ path, message: `transaction ${index} is referenced twice.` });
          used.add(index as number);
          return {
            to: transaction.to,
            value: transaction.value.toString(),
            operation: step.operation ?? 'call',
            data: transaction.data,
          };
        }),
      };
    }),
  };
  steps.forEach((_, i) => {
    if (!used.has(i)) {
      issues.push({
        path: `batch.transactions[${i}]`,
        message: "is not a step of the sidecar's package. Remove it, or export the batch again from the package.",
      });
    }
  });
  if (issues.length > 0) throw new TxBuilderImportError(issues);
  return parseReleasePackage(rebuilt);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TxBuilderImportError([{ path: 'sidecar', message: `is not valid JSON (${(error as Error).message}).` }]);
  }
}
