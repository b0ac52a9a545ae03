import { type Address, type Hex, decodeFunctionData, getAddress, isAddressEqual, parseAbi, zeroAddress } from 'viem';

import { MalformedMultiSendError, multiSendTransactions } from '../decode/multiSendTransactions.js';
import type { Step } from '../guard/manifest.js';

/** The upgrade and authority calls whose effect the verifier knows how to read back. */
export const effectAbi = parseAbi([
  // ProxyAdmin (OpenZeppelin v4 and v5)
  'function upgradeAndCall(address proxy, address implementation, bytes data) payable',
  'function upgrade(address proxy, address implementation)',
  'function changeProxyAdmin(address proxy, address newAdmin)',
  // UUPS proxy or UpgradeableBeacon
  'function upgradeToAndCall(address implementation, bytes data) payable',
  'function upgradeTo(address implementation)',
  // TransparentUpgradeableProxy v4 (called by its admin)
  'function changeAdmin(address newAdmin)',
  // Ownable, AccessControl
  'function transferOwnership(address newOwner)',
  'function renounceOwnership()',
  'function grantRole(bytes32 role, address account)',
  'function revokeRole(bytes32 role, address account)',
  'function renounceRole(bytes32 role, address account)',
  // Safe
  'function setGuard(address guard)',
]);

/** Where a call sits in the phase: its step and, inside a MultiSend batch, its position in the batch. */
export type CallPosition = { step: number; call?: number };

/** One state change a step of the phase is meant to make, as the verifier reads it back. */
export type Effect = CallPosition &
  (
    | /** `ProxyAdmin.upgrade[AndCall](proxy, implementation)`: the proxy's implementation slot, its admin slot. */ {
        kind: 'transparentUpgrade';
        proxyAdmin: Address;
        proxy: Address;
        implementation: Address;
      }
    | /** `upgradeTo[AndCall](implementation)` on a UUPS proxy or a beacon (told apart on chain). */ {
        kind: 'upgradeTo';
        target: Address;
        implementation: Address;
      }
    | /** `changeProxyAdmin(proxy, admin)` or `changeAdmin(admin)`: the proxy's admin slot. */ {
        kind: 'adminChange';
        proxy: Address;
        admin: Address;
      }
    | /** `transferOwnership(owner)` / `renounceOwnership()`: `owner()` of the target. */ {
        kind: 'ownerChange';
        target: Address;
        owner: Address;
      }
    | /** `grantRole` / `revokeRole` / `renounceRole`: `hasRole(role, account)` of the target. */ {
        kind: 'roleChange';
        target: Address;
        role: Hex;
        account: Address;
        granted: boolean;
      }
    | /** `Safe.setGuard(guard)`: the Safe's guard slot. */ {
        kind: 'guardChange';
        safe: Address;
        guard: Address;
      }
  );

/**
 * The effects of a phase's steps, in execution order: each step decoded (a MultiSend batch call by call) with the
 * upgrade and authority functions of `effectAbi`. Calls the verifier cannot read back (e.g. `setFee`) have no
 * effect here; the phase's checks cover them.
 *
 * @example
 * phaseEffects(release.phases[0].steps, safe); // [{ kind: 'transparentUpgrade', proxy, implementation, … }]
 */
export function phaseEffects(steps: readonly Step[], safe: Address): Effect[] {
  return steps.flatMap((step, index) => {
    if (step.operation !== 1) return effectsOf({ to: step.to, data: step.data }, { step: index }, safe);
    let calls: { to: Address; data: Hex }[];
    try {
      calls = multiSendTransactions(step.data);
    } catch (error) {
      if (error instanceof MalformedMultiSendError) return [];
      throw error;
    }
    return calls.flatMap((call, position) => effectsOf(call, { step: index, call: position }, safe));
  });
}

function effectsOf(call: { to: Address; data: Hex }, position: CallPosition, safe: Address): Effect[] {
  let decoded: ReturnType<typeof decodeFunctionData<typeof effectAbi>>;
  try {
    decoded = decodeFunctionData({ abi: effectAbi, data: call.data });
  } catch {
    return [];
  }
  // MultiSend: a call to address(0) is a call to the Safe (Safe 1.5.0).
  const to = isAddressEqual(call.to, zeroAddress) ? getAddress(safe) : getAddress(call.to);
  switch (decoded.functionName) {
    case 'upgradeAndCall':
    case 'upgrade':
      return [
        {
          ...position,
          kind: 'transparentUpgrade',
          proxyAdmin: to,
          proxy: getAddress(decoded.args[0]),
          implementation: getAddress(decoded.args[1]),
        },
      ];
    case 'upgradeToAndCall':
    case 'upgradeTo':
      return [{ ...position, kind: 'upgradeTo', target: to, implementation: getAddress(decoded.args[0]) }];
    case 'changeProxyAdmin':
      return [
        { ...position, kind: 'adminChange', proxy: getAddress(decoded.args[0]), admin: getAddress(decoded.args[1]) },
      ];
    case 'changeAdmin':
      return [{ ...position, kind: 'adminChange', proxy: to, admin: getAddress(decoded.args[0]) }];
    case 'transferOwnership':
      return [{ ...position, kind: 'ownerChange', target: to, owner: getAddress(decoded.args[0]) }];
    case 'renounceOwnership':
      return [{ ...position, kind: 'ownerChange', target: to, owner: zeroAddress }];
    case 'grantRole':
    case 'revokeRole':
    case 'renounceRole':
      return [
        {
          ...position,
          kind: 'roleChange',
          target: to,
          role: decoded.args[0],
          account: getAddress(decoded.args[1]),
          granted: decoded.functionName === 'grantRole',
        },
      ];
    case 'setGuard':
      return isAddressEqual(to, safe)
        ? [{ ...position, kind: 'guardChange', safe: to, guard: getAddress(decoded.args[0]) }]
        : [];
  }
}
