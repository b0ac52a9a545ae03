import { type Address, type PublicClient, getAddress, isAddress } from 'viem';

import {
  beaconImplementation,
  detectProxyKind,
  parseTxBuilderBatch,
  type ProposedSafeTransaction,
  type ReleasePackage,
  targetProxy,
  type TxBuilderBatch,
} from '../node.js';
import { CliFileError, UsageError } from './errors.js';
import { readJson } from './files.js';

/** The package extension `init` writes: the proxies the release changes (for authority maps and simulation). */
export const packageExtension = 'x-manifest-guard';

/**
 * The proxies a package changes: the list `init` stored in `x-manifest-guard.proxies`, else each step's target
 * proxy that is a proxy of a known kind (read on chain).
 */
export async function proxiesOf(pkg: ReleasePackage, publicClient: PublicClient): Promise<Address[]> {
  const stored = (pkg.extra[packageExtension] as { proxies?: unknown } | undefined)?.proxies;
  if (Array.isArray(stored) && stored.every((entry) => typeof entry === 'string' && isAddress(entry))) {
    return stored.map((entry) => getAddress(entry as string));
  }
  const candidates = [
    ...new Set(
      pkg.phases.flatMap((phase) =>
        phase.steps.map((step) => targetProxy({ ...step, operation: step.operation === 'delegatecall' ? 1 : 0 })),
      ),
    ),
  ];
  const proxies: Address[] = [];
  for (const candidate of candidates) {
    const isProxy = await detectProxyKind({ client: publicClient, address: candidate }).then(
      () => true,
      () => false,
    );
    // A beacon upgrade step calls the beacon: its owner upgrades every proxy behind it, so it is mapped too.
    if (isProxy || (await beaconImplementation(publicClient, candidate))) proxies.push(candidate);
  }
  return proxies;
}

/**
 * A proposed Safe transaction from a file: a JSON object `{ to, value?, data, operation?, gasPrice?, gasToken?,
 * refundReceiver? }` (also a Safe Transaction Service entry), or a Safe Transaction Builder batch.
 *
 * @throws {CliFileError} when the file is neither.
 */
export async function readProposed(path: string): Promise<ProposedSafeTransaction | TxBuilderBatch> {
  const value = await readJson(path, 'proposed Safe transaction');
  if (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { transactions?: unknown }).transactions)
  ) {
    try {
      return parseTxBuilderBatch(value);
    } catch (error) {
      throw new CliFileError(
        path,
        (error as Error).message.split('\n')[0]!,
        (error as Error).message.split('\n').slice(1).join(' '),
      );
    }
  }
  const tx = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof tx.to !== 'string' || !isAddress(tx.to, { strict: false })) problems.push('"to" is not an address');
  if (typeof tx.data !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(tx.data)) problems.push('"data" is not hex');
  for (const field of ['value', 'operation', 'gasPrice'] as const) {
    const entry = tx[field];
    if (entry !== undefined && entry !== null && !/^[0-9]+$/.test(String(entry)))
      problems.push(`"${field}" is not a number`);
  }
  if (problems.length > 0) {
    throw new CliFileError(
      path,
      `is not a Safe transaction: ${problems.join(', ')}`,
      'Write { "to": "0x…", "value": "0", "data": "0x…", "operation": 0 }, or pass a Transaction Builder batch.',
    );
  }
  return {
    to: getAddress(tx.to as string),
    value: tx.value === undefined || tx.value === null ? 0n : BigInt(String(tx.value)),
    data: tx.data as `0x${string}`,
    operation: tx.operation === undefined || tx.operation === null ? 0 : Number(tx.operation),
    gasPrice: tx.gasPrice === undefined || tx.gasPrice === null ? undefined : BigInt(String(tx.gasPrice)),
    gasToken: typeof tx.gasToken === 'string' ? getAddress(tx.gasToken) : undefined,
    refundReceiver: typeof tx.refundReceiver === 'string' ? getAddress(tx.refundReceiver) : undefined,
  };
}

/** `--step 1.0` as a position. @throws {UsageError} when malformed. */
export function parseStepPosition(value: string): { phase: number; step: number } {
  const match = /^([0-9]+)\.([0-9]+)$/.exec(value);
  if (!match) throw new UsageError(`--step "${value}" is not <phase>.<step>.`, 'Write e.g. --step 1.0 (0-based).');
  return { phase: Number(match[1]), step: Number(match[2]) };
}
