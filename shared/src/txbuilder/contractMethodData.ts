import { type AbiFunction, type AbiParameter, type Hex, encodeFunctionData, getAddress } from 'viem';

import { BaseError } from '../errors/base.js';
import type { ContractMethodInput, TxBuilderTransaction } from './batchFile.js';

/** A transaction has neither calldata nor a method to build it from, or a method value does not parse. */
export class ContractMethodDataError extends BaseError {
  override name = 'ContractMethodDataError';
  constructor(index: number, problem: string) {
    super(`Transaction ${index} of the batch: ${problem}.`, {
      metaMessages: ['Export the batch again from the Transaction Builder, or give the transaction its "data".'],
    });
  }
}

/**
 * The calldata of a batch transaction: its `data`, or, when `data` is null, the calldata the Transaction Builder
 * builds from `contractMethod` and `contractInputsValues` (values are strings: numbers in decimal, `true`/`false`,
 * arrays and tuples as JSON). A transaction with neither is a plain transfer (`0x`).
 *
 * @throws {ContractMethodDataError} when a value does not parse for its type.
 * @example
 * const data = transactionData(batch.transactions[0], 0);
 */
export function transactionData(transaction: TxBuilderTransaction, index: number): Hex {
  if (transaction.data !== null && transaction.data !== undefined) return transaction.data;
  const method = transaction.contractMethod;
  if (!method) return '0x';
  const values = transaction.contractInputsValues ?? {};
  const abi: AbiFunction = {
    type: 'function',
    name: method.name,
    inputs: method.inputs as AbiParameter[],
    outputs: [],
    stateMutability: method.payable ? 'payable' : 'nonpayable',
  };
  try {
    const args = method.inputs.map((input) => {
      const raw = values[input.name];
      if (raw === undefined) throw new Error(`no value for input "${input.name}"`);
      return parseValue(input, raw);
    });
    return encodeFunctionData({ abi: [abi], functionName: method.name, args });
  } catch (error) {
    throw new ContractMethodDataError(index, `cannot build ${method.name}(…): ${(error as Error).message}`);
  }
}

function parseValue(input: Pick<ContractMethodInput, 'type' | 'components'>, raw: unknown): unknown {
  const { type } = input;
  const array = /^(.*)\[(\d*)\]$/.exec(type);
  if (array) {
    const items = typeof raw === 'string' ? JSON.parse(raw) : raw;
    if (!Array.isArray(items)) throw new Error(`${JSON.stringify(raw)} is not a JSON array for ${type}`);
    return items.map((item) => parseValue({ type: array[1]!, components: input.components }, item));
  }
  if (type === 'tuple') {
    const parsed = typeof raw === 'string' ? JSON.parse(raw) : raw;
    const components = input.components ?? [];
    if (Array.isArray(parsed)) return components.map((component, i) => parseValue(component, parsed[i]));
    return Object.fromEntries(
      components.map((component) => [component.name, parseValue(component, parsed[component.name])]),
    );
  }
  const text = String(raw);
  if (type === 'bool') {
    if (text !== 'true' && text !== 'false') throw new Error(`${text} is not true or false`);
    return text === 'true';
  }
  if (/^u?int\d*$/.test(type)) return BigInt(text);
  if (type === 'address') return getAddress(text);
  return text;
}
