import { type Address, type Hex, decodeFunctionData, isAddressEqual, size, slice, toFunctionSelector } from 'viem';

import type { ClearSigningDescriptorError } from './errors.js';
import type { AddressNames } from './formatField.js';
import { formatKey } from './signature.js';
import type { CalldataDescriptor } from './types.js';
import { type ClearSignView, blind, clearView } from './view.js';

export type RenderCalldataParameters = {
  descriptor: CalldataDescriptor;
  /** The calldata the device is asked to sign. */
  data: Hex;
  /** The called contract and chain: checked against `context.contract.deployments` when it lists any. */
  to?: Address;
  chainId?: number;
  /** Trusted names for `addressName` fields. */
  names?: AddressNames;
};
export type RenderCalldataReturnType = ClearSignView;
/** Thrown only for a descriptor that cannot be applied (a path to nothing, an enum it lacks). */
export type RenderCalldataErrorType = ClearSigningDescriptorError;

/**
 * What a clear-signing device shows for a contract call: the descriptor's intent and fields when its ABI has the
 * selector and the call is to one of its deployments, else the blind-signing answer with the reason.
 *
 * @example
 * const view = renderCalldata({ descriptor: manifestGuardCalldataDescriptor, data: encodeFunctionData({ abi, functionName: 'halt', args: [id] }) });
 * // { kind: 'clear', intent: 'Halt release manifest', lines: [{ label: 'Manifest id', value: '0x1234abcd…', … }], … }
 */
export function renderCalldata({
  descriptor,
  data,
  to,
  chainId,
  names,
}: RenderCalldataParameters): RenderCalldataReturnType {
  if (size(data) < 4) return blind(`the data has no function selector: ${size(data)} bytes`);
  const selector = slice(data, 0, 4);
  const { abi, deployments } = descriptor.context.contract;
  if (deployments.length > 0 && (to !== undefined || chainId !== undefined)) {
    const bound = deployments.some(
      (deployment) =>
        (to === undefined || isAddressEqual(deployment.address, to)) &&
        (chainId === undefined || deployment.chainId === chainId),
    );
    if (!bound) {
      return blind(
        `"${descriptor.context.$id}" describes other contracts than ${to ?? 'this one'} on chain ${chainId ?? '?'}`,
        selector,
      );
    }
  }
  const item = abi.find((candidate) => candidate.type === 'function' && toFunctionSelector(candidate) === selector);
  if (!item || item.type !== 'function') {
    return blind(`"${descriptor.context.$id}" has no function with selector ${selector}`, selector);
  }
  const key = formatKey(item);
  if (!Object.hasOwn(descriptor.display.formats, key)) {
    return blind(`"${descriptor.context.$id}" has no format for ${key}`, selector);
  }
  let args: readonly unknown[];
  try {
    args = decodeFunctionData({ abi: [item], data }).args ?? [];
  } catch {
    return blind(`the data does not decode as ${item.name}: malformed arguments`, selector);
  }
  const root = { name: '', type: 'tuple', components: item.inputs };
  const value = Object.fromEntries(item.inputs.map((input, index) => [input.name ?? String(index), args[index]]));
  return clearView(descriptor, key, root, value, names);
}
