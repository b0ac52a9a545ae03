import { type Address, type Hex, formatEther, size, zeroAddress, zeroHash } from 'viem';

import type { DecodedArgument, DecodedCall } from './decodedCall.js';

/**
 * One line for people describing a decoded call: what it does, on which contract, with which values. `nested`
 * marks a call inside a MultiSend batch.
 *
 * @example
 * summarize(decoded); // 'Transfer ownership of 0x… to 0x…'
 */
export function summarize(call: DecodedCall, { nested = false }: { nested?: boolean } = {}): string {
  const prefix =
    call.operation !== 1
      ? ''
      : nested
        ? 'DELEGATECALL inside a batch (MultiSendCallOnly reverts on it): '
        : call.kind === 'multiSend'
          ? ''
          : 'DELEGATECALL (runs its code as the Safe): ';
  const sending = call.value > 0n ? `, sending ${formatEther(call.value)} ETH` : '';
  return `${prefix}${describe(call)}${sending}`;
}

function describe(call: DecodedCall): string {
  const at = target(call.to, call.targetLabel);
  switch (call.kind) {
    case 'transfer':
      return `Send to ${at} with no calldata`;
    case 'unknown':
      return `Call ${at} with ${call.message}`;
    case 'malformed':
      return `Call ${at} with malformed calldata: ${call.message}`;
    case 'multiSend':
      return `MultiSend batch of ${call.calls.length} call${call.calls.length === 1 ? '' : 's'}: ${call.calls
        .map((inner, i) => `${i + 1}) ${summarize(inner, { nested: true })}`)
        .join('; ')}`;
    case 'call':
      return describeCall(call, at);
  }
}

/** The call an upgrade makes on the proxy, in words: decoded, or its selector when no known ABI has it. */
function initializerWords(initializer: DecodedCall): string {
  if (initializer.kind === 'call') return shortCall(initializer);
  if (initializer.kind === 'unknown') return `the function with unknown selector ${initializer.selector}`;
  return initializer.summary;
}

function describeCall(call: Extract<DecodedCall, { kind: 'call' }>, at: string): string {
  const arg = (i: number) => call.args[i]?.value;
  const address = (i: number) => String(arg(i));
  const then = call.initializer ? `, then call ${initializerWords(call.initializer)} on it` : '';
  switch (call.signature) {
    case 'upgradeAndCall(address,address,bytes)':
      return `Upgrade proxy ${address(0)} to implementation ${address(1)} through ProxyAdmin ${at}${then}`;
    case 'upgrade(address,address)':
      return `Upgrade proxy ${address(0)} to implementation ${address(1)} through ProxyAdmin (OZ v4) ${at}`;
    case 'upgradeToAndCall(address,bytes)':
      return `Upgrade proxy ${at} to implementation ${address(0)}${then}`;
    case 'upgradeTo(address)':
      return `Upgrade ${at} (${call.contracts.join(' or ')}) to implementation ${address(0)}`;
    case 'changeProxyAdmin(address,address)':
      return `Move the admin of proxy ${address(0)} to ${address(1)} (through ProxyAdmin ${at})`;
    case 'changeAdmin(address)':
      return `Change the admin of proxy ${at} to ${address(0)}`;
    case 'transferOwnership(address)':
      return `Transfer ownership of ${at} to ${address(0)}`;
    case 'renounceOwnership()':
      return `Renounce ownership of ${at} (it is left without an owner)`;
    case 'acceptOwnership()':
      return `Accept the pending ownership of ${at}`;
    case 'grantRole(bytes32,address)':
      return `Grant role ${role(arg(0))} to ${address(1)} on ${at}`;
    case 'revokeRole(bytes32,address)':
      return `Revoke role ${role(arg(0))} from ${address(1)} on ${at}`;
    case 'renounceRole(bytes32,address)':
      return `Renounce role ${role(arg(0))} of ${address(1)} on ${at}`;
    case 'beginDefaultAdminTransfer(address)':
      return `Begin transferring the default admin of ${at} to ${address(0)}`;
    case 'acceptDefaultAdminTransfer()':
      return `Accept the default admin transfer of ${at}`;
    case 'setGuard(address)':
      return arg(0) === zeroAddress
        ? `Remove the transaction guard of Safe ${at}`
        : `Set the transaction guard of Safe ${at} to ${address(0)}`;
    case 'setModuleGuard(address)':
      return arg(0) === zeroAddress
        ? `Remove the module guard of Safe ${at}`
        : `Set the module guard of Safe ${at} to ${address(0)}`;
    case 'addOwnerWithThreshold(address,uint256)':
      return `Add owner ${address(0)} to Safe ${at} and set the threshold to ${arg(1)}`;
    case 'removeOwner(address,address,uint256)':
      return `Remove owner ${address(1)} from Safe ${at} and set the threshold to ${arg(2)}`;
    case 'swapOwner(address,address,address)':
      return `Replace owner ${address(1)} of Safe ${at} with ${address(2)}`;
    case 'changeThreshold(uint256)':
      return `Change the threshold of Safe ${at} to ${arg(0)}`;
    case 'enableModule(address)':
      return `Enable module ${address(0)} on Safe ${at} (a module can execute without the owners' signatures)`;
    case 'disableModule(address,address)':
      return `Disable module ${address(1)} on Safe ${at}`;
    case 'setFallbackHandler(address)':
      return `Set the fallback handler of Safe ${at} to ${address(0)}`;
    default:
      return `Call ${call.contracts.join(' / ')}.${shortCall(call)} on ${at}`;
  }
}

/** `name(arg=value, …)`. */
function shortCall(call: Extract<DecodedCall, { kind: 'call' }>): string {
  return `${call.functionName}(${call.args.map(formatArgument).join(', ')})`;
}

function formatArgument(arg: DecodedArgument): string {
  return `${arg.name}=${formatValue(arg.value)}`;
}

/**
 * A decoded value for one line: numbers in decimal, long bytes shortened with their length.
 *
 * @example
 * formatValue(100n); // '100'
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' && value.startsWith('0x') && value.length > 74) {
    return `${value.slice(0, 10)}…(${size(value as Hex)} bytes)`;
  }
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}: ${formatValue(item)}`)
      .join(', ')}}`;
  }
  return String(value);
}

function role(value: unknown): string {
  return value === zeroHash ? 'DEFAULT_ADMIN_ROLE' : String(value);
}

function target(to: Address, targetLabel?: string): string {
  return targetLabel ? `${to} (${targetLabel})` : to;
}
