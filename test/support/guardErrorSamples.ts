import { type AbiParameter, type Hex, encodeErrorResult, getAddress } from 'viem';

import { manifestGuardAbi } from '../../shared/src/generated/manifestGuard.js';

export const sampleId = `0x${'1d'.repeat(32)}` as Hex;
export const sampleOtherId = `0x${'0e'.repeat(32)}` as Hex;
export const sampleAccount = getAddress('0x00000000000000000000000000000000000000a1');

/** The guard's custom errors, from the generated ABI. */
export const guardErrors = manifestGuardAbi.filter((item) => item.type === 'error');

/** A plausible value of each ABI type, so every error of the guard can be encoded. */
export function sampleValue(parameter: AbiParameter, index: number): unknown {
  const type = parameter.type;
  if (type === 'address') return sampleAccount;
  if (type === 'bytes32') return index % 2 === 0 ? sampleId : sampleOtherId;
  if (type === 'bytes4') return '0x12345678';
  if (type === 'string') return 'ManifestGuard';
  if (type === 'bool') return true;
  if (type === 'bytes')
    return encodeErrorResult({ abi: manifestGuardAbi, errorName: 'ManifestGuardNotApproved', args: [sampleId] });
  if (type === 'uint8') return parameter.name === 'status' || parameter.name === 'rollbackStatus' ? 2 : 1;
  if (type === 'uint16' || type === 'uint32') return 3_600;
  // Epochs are counts and soaks durations; the other uint64 values are unix times.
  if (/epoch$/i.test(parameter.name ?? '')) return BigInt(index + 2);
  if (/soak$/i.test(parameter.name ?? '') || parameter.name === 'duration') return 3_600n * BigInt(index + 1);
  if (type === 'uint64') return 1_800_000_000n + BigInt(index) * 3_600n;
  if (type.startsWith('uint')) return BigInt(index + 1);
  throw new Error(`no sample for ${type}`);
}

/** The revert data of the guard's error `name` with `args` (or a sample of each argument). */
export function sampleErrorData(name: string, args?: readonly unknown[]): Hex {
  const error = guardErrors.find((item) => item.name === name);
  if (!error) throw new Error(`the guard has no error ${name}`);
  return encodeErrorResult({
    abi: [error],
    errorName: error.name,
    args: args ?? error.inputs.map(sampleValue),
  } as Parameters<typeof encodeErrorResult>[0]);
}
