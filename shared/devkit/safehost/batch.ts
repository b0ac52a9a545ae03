import {
  type Address,
  type Hex,
  type PublicClient,
  encodeFunctionData,
  getAddress,
  getContractAddress,
  isAddress,
  isHex,
  keccak256,
  pad,
} from 'viem';

import { SAFE_SINGLETON_FACTORY } from '../devnet/safeContracts.js';
import { encodeMultiSend } from '../../src/safe/multiSend.js';
import { type SafeVersion, safeArtifact } from '../../src/safe/safeArtifacts.js';
import { multiSendAbi } from '../../src/generated/safe.js';
import type { SafeCall } from '../../src/queue/propose.js';
import { HostMethodError } from './errors.js';

/** A transaction as a Safe App sends it (`sdk.txs.send({ txs })`). */
export type BaseTransaction = { to: string; value: string; data: string };

/**
 * The canonical address of MultiSendCallOnly for a Safe version (deployed through the Safe singleton factory with a
 * zero salt, as `@safe-global/safe-deployments` lists it for 1.4.1 and 1.5.0).
 */
export function canonicalMultiSendCallOnly(version: string): Address {
  if (version !== '1.4.1' && version !== '1.5.0')
    throw new HostMethodError(`No canonical MultiSendCallOnly is known for Safe ${version} on this chain.`, {
      metaMessages: ['Pass multiSendCallOnly to startSafeHost.'],
    });
  return getContractAddress({
    opcode: 'CREATE2',
    from: SAFE_SINGLETON_FACTORY,
    salt: pad('0x00', { size: 32 }),
    bytecodeHash: keccak256(safeArtifact(version as SafeVersion, 'MultiSendCallOnly').bytecode),
  });
}

/**
 * What Safe{Wallet} makes of a Safe App's `sendTransactions`: one transaction is a plain call; several are one
 * `multiSend` batch, delegatecalled into MultiSendCallOnly (which refuses nested delegatecalls).
 *
 * @example
 * const call = await safeCallFor(txs, { publicClient, multiSendCallOnly });
 */
export async function safeCallFor(
  txs: unknown,
  { publicClient, multiSendCallOnly }: { publicClient: PublicClient; multiSendCallOnly: Address },
): Promise<SafeCall> {
  if (!Array.isArray(txs) || txs.length === 0)
    throw new HostMethodError('sendTransactions needs a non-empty txs array of { to, value, data }.');
  const calls = txs.map((tx, index) => parseTransaction(tx, index));
  if (calls.length === 1) return { ...calls[0]!, operation: 0 };
  const code = await publicClient.getCode({ address: multiSendCallOnly });
  if (!code || code === '0x')
    throw new HostMethodError(`MultiSendCallOnly is not deployed at ${multiSendCallOnly} on this chain.`, {
      metaMessages: ['Deploy the Safe contracts (deployLocalDesk does) or pass multiSendCallOnly to startSafeHost.'],
    });
  return {
    to: multiSendCallOnly,
    value: 0n,
    data: encodeFunctionData({ abi: multiSendAbi, functionName: 'multiSend', args: [encodeMultiSend(calls)] }),
    operation: 1,
  };
}

function parseTransaction(tx: unknown, index: number): { to: Address; value: bigint; data: Hex } {
  const { to, value, data } = (tx ?? {}) as Partial<Record<keyof BaseTransaction, unknown>>;
  if (typeof to !== 'string' || !isAddress(to, { strict: false }))
    throw new HostMethodError(`txs[${index}].to is not an address: ${String(to)}.`);
  let amount: bigint;
  try {
    amount = BigInt(typeof value === 'number' ? value : String(value ?? '0'));
  } catch {
    throw new HostMethodError(`txs[${index}].value is not a number of wei: ${String(value)}.`);
  }
  if (amount < 0n) throw new HostMethodError(`txs[${index}].value is negative: ${String(value)}.`);
  const bytes = data === undefined || data === '' ? '0x' : data;
  if (typeof bytes !== 'string' || !isHex(bytes))
    throw new HostMethodError(`txs[${index}].data is not hex: ${String(data)}.`);
  return { to: getAddress(to), value: amount, data: bytes };
}
