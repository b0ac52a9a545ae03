import { type Address, type Hex } from 'viem';
import { z } from 'zod';

import { BaseError } from '../errors/base.js';
import { type ReleasePackageIssue } from '../package/errors.js';
import {
  arrayError,
  fail,
  field,
  objectError,
  parseAddress,
  parseHex,
  parseText,
  parseUintString,
  show,
} from '../package/fields.js';
import { zodIssues } from '../package/parseReleasePackage.js';

/** A Transaction Builder method input (as its "contractMethod" stores it). */
export type ContractMethodInput = {
  name: string;
  type: string;
  internalType?: string;
  components?: ContractMethodInput[];
};

/** One transaction of a Transaction Builder batch file: numbers as strings, no operation (always a call). */
export type TxBuilderTransaction = {
  to: Address;
  value: string;
  data: Hex | null;
  contractMethod?: { inputs: ContractMethodInput[]; name: string; payable: boolean } | null;
  contractInputsValues?: { [name: string]: string } | null;
};

/** The Safe Transaction Builder's batch file (version "1.0"). */
export type TxBuilderBatch = {
  version: string;
  chainId: string;
  createdAt: number;
  meta: {
    name: string;
    description?: string;
    txBuilderVersion?: string;
    createdFromSafeAddress?: string;
    createdFromOwnerAddress?: string;
    checksum?: string;
  };
  transactions: TxBuilderTransaction[];
};

/** The file is not a Transaction Builder batch this library reads. */
export class TxBuilderBatchError extends BaseError {
  override name = 'TxBuilderBatchError';
  readonly issues: readonly ReleasePackageIssue[];
  constructor(issues: readonly ReleasePackageIssue[]) {
    super(`Invalid Transaction Builder batch: ${issues.length} problem${issues.length === 1 ? '' : 's'}.`, {
      metaMessages: issues.map((issue) => `${issue.path}: ${issue.message}`),
    });
    this.issues = issues;
  }
}

const inputSchema: z.ZodType<ContractMethodInput> = z.lazy(() =>
  z.looseObject({
    name: z.string({ error: 'missing or not a string. Name the input.' }),
    type: z.string({ error: 'missing or not a string. Give the Solidity type.' }),
    internalType: z.string().optional(),
    components: z.array(inputSchema).optional(),
  }),
);

const transactionSchema = z.looseObject(
  {
    to: field((input) => parseAddress(input, 'Use the checksummed address the Safe calls.'), {
      missing: 'Add the target address ("to").',
    }),
    value: field(
      (input) => {
        parseUintString(input, 256, 'Write the wei amount as a decimal string, "0" for none.');
        return input as string;
      },
      { missing: 'Add "value": "0" (wei, as a decimal string).' },
    ),
    data: field(
      (input): Hex | null =>
        input === null ? null : parseHex(input, 'Use 0x-prefixed calldata, or null with contractMethod.'),
      { missing: '', fallback: () => null },
    ),
    contractMethod: z
      .looseObject({
        inputs: z.array(inputSchema, { error: arrayError('the method inputs') }),
        name: z.string({ error: 'missing or not a string. Name the method.' }),
        payable: z.boolean({ error: 'missing or not a boolean. Say whether the method is payable.' }),
      })
      .nullable()
      .optional(),
    contractInputsValues: z.record(z.string(), z.string()).nullable().optional(),
  },
  { error: objectError('a transaction', ['to', 'value', 'data', 'contractMethod', 'contractInputsValues']) },
);

const batchSchema = z.looseObject(
  {
    version: field((input) => parseText(input, 'Use "1.0".'), { missing: 'Add "version": "1.0".' }),
    chainId: field(
      (input) => {
        if (typeof input !== 'string' || !/^[1-9][0-9]*$/.test(input)) {
          fail(`${show(input)} is not a chain id string. Write it as a decimal string, e.g. "1".`);
        }
        return input as string;
      },
      { missing: 'Add the chain id as a string ("chainId": "1").' },
    ),
    createdAt: field(
      (input) => {
        if (typeof input !== 'number' || !Number.isSafeInteger(input) || input < 0) {
          fail(`${show(input)} is not a time in milliseconds. Use Date.now().`);
        }
        return input as number;
      },
      { missing: 'Add "createdAt" (milliseconds since 1970).' },
    ),
    meta: z.looseObject(
      {
        name: z.string({ error: 'missing or not a string. Name the batch.' }),
        description: z.string().optional(),
        txBuilderVersion: z.string().optional(),
        createdFromSafeAddress: z.string().optional(),
        createdFromOwnerAddress: z.string().optional(),
        checksum: z.string().optional(),
      },
      { error: objectError('the batch meta', ['name', 'description', 'txBuilderVersion', 'createdFromSafeAddress']) },
    ),
    transactions: z.array(transactionSchema, { error: arrayError('the transactions') }),
  },
  { error: objectError('a Transaction Builder batch', ['version', 'chainId', 'createdAt', 'meta', 'transactions']) },
);

/**
 * Reads a Transaction Builder batch file (a JSON string or a parsed value). Fields the format allows besides
 * these are kept as they are (the Transaction Builder adds some of its own).
 *
 * @throws {TxBuilderBatchError} listing every problem with its JSON path.
 * @example
 * const batch = parseTxBuilderBatch(await readFile('batch.json', 'utf8'));
 */
export function parseTxBuilderBatch(json: string | unknown): TxBuilderBatch {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new TxBuilderBatchError([{ path: '(root)', message: `is not valid JSON (${(error as Error).message}).` }]);
    }
  }
  const result = batchSchema.safeParse(value);
  if (!result.success) throw new TxBuilderBatchError(zodIssues(result.error.issues));
  return result.data as TxBuilderBatch;
}
