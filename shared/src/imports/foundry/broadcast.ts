import { type Address, type Hex, getAddress, isAddress, isHex } from 'viem';
import { z } from 'zod';

import { formatPath } from '../../package/errors.js';
import { BroadcastChainError, BroadcastFileError } from './errors.js';

const address = z.string().refine((value) => isAddress(value, { strict: false }), {
  error: (issue) => `${JSON.stringify(issue.input)} is not an address (0x and 40 hex digits).`,
});
const hex = z.string().refine((value) => isHex(value, { strict: true }) && value.length % 2 === 0, {
  error: (issue) => `${JSON.stringify(issue.input)} is not hex calldata (0x and whole bytes).`,
});
const quantity = z.union([z.string(), z.number()]).refine(
  (value) => {
    try {
      return BigInt(value) >= 0n;
    } catch {
      return false;
    }
  },
  { error: (issue) => `${JSON.stringify(issue.input)} is not an amount of wei (hex or decimal).` },
);

const transactionSchema = z
  .object({
    transactionType: z.enum(['CALL', 'CREATE', 'CREATE2'], {
      error: (issue) => `${JSON.stringify(issue.input)} is not CALL, CREATE or CREATE2.`,
    }),
    contractName: z.string().nullish(),
    contractAddress: address.nullish(),
    function: z.string().nullish(),
    arguments: z.array(z.unknown()).nullish(),
    transaction: z.object(
      {
        from: address,
        to: address.nullish(),
        input: hex.optional(),
        data: hex.optional(),
        value: quantity.optional(),
      },
      { error: 'missing: add the transaction object ({from, to, input, value}) forge writes.' },
    ),
  })
  .superRefine((entry, context) => {
    const { input, data, to } = entry.transaction;
    if (input === undefined && data === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['transaction', 'input'],
        message: 'missing: the calldata (input or data).',
      });
    }
    if (entry.transactionType === 'CALL' && !to) {
      context.addIssue({ code: 'custom', path: ['transaction', 'to'], message: 'missing: a CALL needs its target.' });
    }
  });

/** The fields of `forge script`'s broadcast file (`run-latest.json`) that the import reads. */
export const broadcastSchema = z.object({
  transactions: z
    .array(transactionSchema, { error: 'missing: a broadcast lists its transactions ("transactions": [...]).' })
    .min(1, { error: 'is empty: the script broadcast nothing. Call vm.startBroadcast(<safe>) before its calls.' }),
  chain: z
    .number({ error: 'missing: the chain id forge ran the script on ("chain").' })
    .int()
    .positive({ error: 'is not a chain id.' }),
});

/** One transaction of a broadcast, normalised: checksummed addresses, calldata, value in wei. */
export type BroadcastTransaction = {
  /** 1-based, in the order of the file. */
  number: number;
  kind: 'CALL' | 'CREATE' | 'CREATE2';
  from: Address;
  /** The target of a CALL. */
  to?: Address;
  data: Hex;
  value: bigint;
  contractName?: string;
  /** The target of a CALL, or the address a CREATE deploys to. */
  contractAddress?: Address;
  /** forge's signature of the called function, e.g. `upgradeAndCall(address,address,bytes)`. */
  function?: string;
};

/** A broadcast file, read and checked. */
export type ForgeBroadcast = { file: string; chainId: number; transactions: BroadcastTransaction[] };

/**
 * Checks the JSON of a `forge script` broadcast file (`run-latest.json`, a dry run's or a broadcast's) and returns
 * its transactions, normalised.
 *
 * @throws {BroadcastFileError} with the JSON path of every problem (`transactions[1].transaction.from: …`).
 * @example
 * const broadcast = parseBroadcast(JSON.parse(text), 'broadcast/Upgrade.s.sol/1/dry-run/run-latest.json');
 * broadcast.transactions[0]; // { number: 1, kind: 'CALL', from: safe, to: proxyAdmin, data: '0x9623609d…', value: 0n }
 */
export function parseBroadcast(input: unknown, file: string): ForgeBroadcast {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new BroadcastFileError(file, [
      { path: '(root)', message: `is ${describe(input)}, not an object with "transactions" and "chain".` },
    ]);
  }
  const parsed = broadcastSchema.safeParse(input);
  if (!parsed.success) {
    throw new BroadcastFileError(
      file,
      parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    );
  }
  return {
    file,
    chainId: parsed.data.chain,
    transactions: parsed.data.transactions.map((entry, index) => {
      const { transaction } = entry;
      return {
        number: index + 1,
        kind: entry.transactionType,
        from: getAddress(transaction.from),
        ...(transaction.to ? { to: getAddress(transaction.to) } : {}),
        data: (transaction.input ?? transaction.data ?? '0x').toLowerCase() as Hex,
        value: BigInt(transaction.value ?? 0),
        ...(entry.contractName ? { contractName: entry.contractName } : {}),
        ...(entry.contractAddress ? { contractAddress: getAddress(entry.contractAddress) } : {}),
        ...(entry.function ? { function: entry.function } : {}),
      };
    }),
  };
}

/**
 * Refuses a broadcast simulated on another chain than the node's: its calls, and a manifest made of them, are bound
 * to that chain.
 *
 * @throws {BroadcastChainError}
 * @example
 * assertBroadcastChain(broadcast, await client.getChainId());
 */
export function assertBroadcastChain(broadcast: ForgeBroadcast, chainId: number): void {
  if (broadcast.chainId !== chainId) throw new BroadcastChainError(broadcast.file, broadcast.chainId, chainId);
}

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  return `a ${typeof input}`;
}
