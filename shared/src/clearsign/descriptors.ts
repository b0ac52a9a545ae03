import { type Address, getAddress } from 'viem';

import approvalJson from './descriptors/manifestGuard.approval.eip712.json' with { type: 'json' };
import calldataJson from './descriptors/manifestGuard.calldata.json' with { type: 'json' };
import type { CalldataDescriptor, ClearSigningDescriptor, TypedDataDescriptor } from './types.js';

/**
 * The ERC-7730 descriptor of the guard's own calls (register, approve, attestContinue, halt, freeze, reinstate, …),
 * generated from the ABI by `shared/scripts/generate-clear-signing.ts`. Its `deployments` is empty: every Safe has a
 * guard of its own; {@link bindDescriptor} names one.
 */
export const manifestGuardCalldataDescriptor = calldataJson as unknown as CalldataDescriptor;

/** The ERC-7730 descriptor of the EIP-712 `Approval(bytes32 manifestId)` an approver signs (`approve --sign`). */
export const manifestGuardApprovalDescriptor = approvalJson as unknown as TypedDataDescriptor;

export type BindDescriptorParameters<descriptor extends ClearSigningDescriptor> = {
  descriptor: descriptor;
  chainId: number;
  /** The guard. */
  address: Address;
};

/**
 * The descriptor bound to one guard on one chain (`deployments: [{ chainId, address }]`): what a wallet's registry
 * entry for that guard holds, and what makes the renderer refuse calls to other contracts.
 *
 * @example
 * const bound = bindDescriptor({ descriptor: manifestGuardCalldataDescriptor, chainId: 1, address: guard });
 */
export function bindDescriptor<descriptor extends ClearSigningDescriptor>({
  descriptor,
  chainId,
  address,
}: BindDescriptorParameters<descriptor>): descriptor {
  const deployments = [{ chainId, address: getAddress(address) }];
  const context =
    'contract' in descriptor.context
      ? { ...descriptor.context, contract: { ...descriptor.context.contract, deployments } }
      : { ...descriptor.context, eip712: { ...descriptor.context.eip712, deployments } };
  return { ...descriptor, context } as descriptor;
}
