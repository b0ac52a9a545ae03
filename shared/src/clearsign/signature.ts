import type { AbiFunction, AbiParameter } from 'viem';

/**
 * The key of a function in an ERC-7730 descriptor's `display.formats`: its signature with parameter names, tuples
 * written out, no spaces after commas (`transfer(address to,uint256 value)`). A wallet drops the names to get the
 * selector's preimage.
 *
 * @example
 * formatKey({ type: 'function', name: 'approve', inputs: [{ name: 'id', type: 'bytes32' }], outputs: [], stateMutability: 'nonpayable' })
 * // 'approve(bytes32 id)'
 */
export function formatKey(item: Pick<AbiFunction, 'name' | 'inputs'>): string {
  return `${item.name}(${item.inputs.map((input) => `${parameterType(input)} ${input.name}`).join(',')})`;
}

function parameterType(parameter: AbiParameter): string {
  if (!parameter.type.startsWith('tuple')) return parameter.type;
  const components = 'components' in parameter ? parameter.components : [];
  const inner = components.map((component) => `${parameterType(component)} ${component.name}`).join(',');
  return `(${inner})${parameter.type.slice('tuple'.length)}`;
}
