import { BaseError, ContractFunctionRevertedError, type Hex, decodeErrorResult } from 'viem';

import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { safeAbi } from '../generated/safe.js';

/** The Safe ABI plus the guard's errors, so a rejected `execTransaction` names the guard's rule. */
export const safeWithGuardErrorsAbi = [...safeAbi, ...manifestGuardAbi.filter((item) => item.type === 'error')];

/** A Manifest Guard rejection, decoded from revert data with the guard's generated ABI. */
export type GuardRejection = {
  /** The custom error's name, e.g. `ManifestGuardNoMatchingStep`. */
  errorName: string;
  /** The error's arguments, in ABI order. */
  args: readonly unknown[];
  /** `ErrorName(arg, arg, …)`, for people. */
  summary: string;
};

/**
 * Decodes the guard's custom error from revert data (or from a viem error that carries it); `undefined` when the
 * data is not one of the guard's errors.
 *
 * @example
 * const rejection = decodeGuardError(error); // { errorName: 'ManifestGuardExpired', args: [...] }
 */
export function decodeGuardError(source: unknown): GuardRejection | undefined {
  const data = revertData(source);
  if (!data || data === '0x') return undefined;
  try {
    const { errorName, args } = decodeErrorResult({
      abi: manifestGuardAbi,
      data,
    });
    const list = (args ?? []) as readonly unknown[];
    return {
      errorName,
      args: list,
      summary: `${errorName}(${list.map(formatArgument).join(', ')})`,
    };
  } catch {
    return undefined;
  }
}

function revertData(source: unknown): Hex | undefined {
  if (typeof source === 'string' && source.startsWith('0x')) return source as Hex;
  if (source instanceof BaseError) {
    const reverted = source.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError && reverted.raw) return reverted.raw;
    const withData = source.walk((e) => typeof (e as { data?: unknown }).data === 'string') as { data?: Hex } | null;
    if (withData?.data) return withData.data;
  }
  return undefined;
}

function formatArgument(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return value.length > 20 ? `${value.slice(0, 10)}…${value.slice(-6)}` : value;
  return String(value);
}
