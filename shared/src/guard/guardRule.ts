import { type AbiParameter, maxUint256, size } from 'viem';

import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { manifestGuardErrorDocs } from '../generated/manifestGuardErrorDocs.js';
import type { GuardRejection } from './guardErrors.js';
import { type TimeFormat, duration, kindName, operationName, roles, short, statusWord, utc } from './hintWords.js';

/**
 * The rule a guard error states, in the guard's own words: its NatSpec `@notice` (generated from the compiled
 * contract into `manifestGuardErrorDocs`), with each parameter it names in backticks replaced by the rejection's
 * value in words. `undefined` for an error the generated NatSpec does not know (a newer guard).
 *
 * @example
 * guardRule(decodeGuardError(error)!); // '0x00…00a1 does not hold the approver role.'
 */
export function guardRule(
  rejection: GuardRejection,
  time: TimeFormat = utc,
  positions: Positions = 'index',
): string | undefined {
  const doc = (manifestGuardErrorDocs as Record<string, { notice: string } | undefined>)[rejection.errorName];
  if (!doc) return undefined;
  const inputs = errorInputs(rejection.errorName);
  return doc.notice.replace(/`(\w+)`/g, (text, name: string) => {
    const index = inputs.findIndex((input) => input.name === name);
    return index < 0 ? text : inWords(inputs[index]!, position(name, rejection.args[index], positions), time);
  });
}

/**
 * How phase, step, check and condition positions read: as the guard and the package count them (`index`, from 0:
 * `phases[1].steps[0]`), or as people count them (`fromOne`: phase 2, step 1), as the app shows them everywhere else.
 */
export type Positions = 'index' | 'fromOne';

const positionNames = new Set(['phase', 'step', 'index', 'expectedPhase', 'expectedStep', 'currentPhase']);

/** A guard error's argument, counted from one when it is a position and `positions` says so (a sentinel stays). */
export function position(name: string, value: unknown, positions: Positions): unknown {
  if (positions !== 'fromOne' || !positionNames.has(name) || typeof value !== 'bigint') return value;
  return value === maxUint256 ? value : value + 1n;
}

/** The ABI parameters of the guard error `errorName`. */
export function errorInputs(errorName: string): readonly AbiParameter[] {
  const error = manifestGuardAbi.find((item) => item.type === 'error' && item.name === errorName);
  return error?.type === 'error' ? error.inputs : [];
}

/** One argument of a guard error in words, by its ABI type and name. */
export function inWords(parameter: AbiParameter, value: unknown, time: TimeFormat = utc): string {
  const { name = '', type } = parameter;
  if (type === 'address') return String(value);
  if (type === 'bytes32') return short(value);
  if (type === 'bytes' || type === 'bytes4')
    return typeof value === 'string' && size(value as `0x${string}`) > 8 ? short(value) : String(value);
  if (/epoch$/i.test(name)) return String(value);
  if (/soak$/i.test(name) || name === 'duration' || type === 'uint32') return duration(value);
  if (type === 'uint64') return time(value);
  if (name === 'status' || name.endsWith('Status')) return statusWord(value);
  if (name === 'kind') return kindName(value);
  if (name === 'operation') return operationName(value);
  if (name === 'role' || name.endsWith('Role') || name.endsWith('Roles')) return roles(value);
  return String(value);
}
