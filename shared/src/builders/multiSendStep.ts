import { type Address, encodeFunctionData, getAddress } from 'viem';

import type { Step } from '../guard/manifest.js';
import { BaseError } from '../errors/base.js';
import { encodeMultiSend } from '../safe/multiSend.js';
import { multiSendAbi } from '../generated/safe.js';

/** A call of the batch is a delegatecall, which MultiSendCallOnly rejects (and the guard classifies privileged). */
export class MultiSendDelegateCallError extends BaseError {
  override name = 'MultiSendDelegateCallError';
  constructor(index: number, to: Address) {
    super(`Call ${index} of the batch (to ${to}) is a delegatecall; MultiSendCallOnly only makes calls.`, {
      metaMessages: ['Make it a call (operation 0), or give it a step of its own.'],
    });
  }
}

/** The batch is empty. */
export class EmptyMultiSendError extends BaseError {
  override name = 'EmptyMultiSendError';
  constructor() {
    super('A MultiSend batch needs at least one call.', {
      metaMessages: ['Add the calls to batch, or drop the step.'],
    });
  }
}

export type MultiSendStepParameters = {
  /** The guard's configured MultiSendCallOnly: the only delegatecall target it accepts. */
  multiSendCallOnly: Address;
  /** The calls, each made by the Safe in order; all succeed or the whole step reverts. */
  calls: readonly Pick<Step, 'to' | 'value' | 'data' | 'operation'>[];
};

/**
 * One step that makes several calls atomically: a delegatecall to MultiSendCallOnly with
 * `multiSend(encodeMultiSend(calls))`. The guard classifies each inner call for the lane.
 *
 * @throws {MultiSendDelegateCallError} for an inner delegatecall; {EmptyMultiSendError} for no calls.
 * @example
 * const step = multiSendStep({ multiSendCallOnly, calls: [upgradeStep, ownerStep] });
 */
export function multiSendStep({ multiSendCallOnly, calls }: MultiSendStepParameters): Step {
  if (calls.length === 0) throw new EmptyMultiSendError();
  calls.forEach((call, index) => {
    if (call.operation !== 0) throw new MultiSendDelegateCallError(index, call.to);
  });
  return {
    to: getAddress(multiSendCallOnly),
    value: 0n,
    operation: 1,
    data: encodeFunctionData({
      abi: multiSendAbi,
      functionName: 'multiSend',
      args: [encodeMultiSend(calls.map((call) => ({ to: call.to, value: call.value, data: call.data, operation: 0 })))],
    }),
  };
}
