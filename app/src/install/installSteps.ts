import { type Address, encodeFunctionData, zeroAddress } from 'viem';

import { hasModuleGuard, multiSendStep, setGuardStep } from '../../../shared/src/index.js';
import { safeAbi } from '../../../shared/src/generated/safe.js';
import type { SafeCall, SafeState } from '../safe/connection.js';

/**
 * The Safe transaction that installs `guard` (or, with the zero address, removes it): `setGuard`, and on Safe
 * 1.5.0 `setModuleGuard` too, batched through MultiSendCallOnly.
 *
 * @example
 * const call = installCall(state, guard, config.multiSendCallOnly);
 */
export function installCall(safe: SafeState, guard: Address, multiSendCallOnly: Address): SafeCall {
  const setGuard = setGuardStep({ safe: safe.safe, guard });
  if (!hasModuleGuard(safe.version)) return { ...setGuard, operation: 0 };
  const setModuleGuard = {
    to: safe.safe,
    value: 0n,
    operation: 0,
    data: encodeFunctionData({ abi: safeAbi, functionName: 'setModuleGuard', args: [guard] }),
  };
  return { ...multiSendStep({ multiSendCallOnly, calls: [setGuard, setModuleGuard] }), operation: 1 };
}

/** The step of the privileged manifest that removes the guard. */
export const removalCall = (safe: SafeState, multiSendCallOnly: Address): SafeCall =>
  installCall(safe, zeroAddress, multiSendCallOnly);
