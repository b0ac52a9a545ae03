import { type Address, type Hex, encodeFunctionData, parseAbi } from 'viem';

import type { Check } from '../guard/manifest.js';
import { BaseError } from '../errors/base.js';
import type { StopResponseName } from '../package/schema.js';
import type { ProxyKind } from '../proxy/detectProxyKind.js';
import { codeHashCheck, encodeAddressResult, resultHashCheck } from './checks.js';
import { proxyAdminV4Abi } from './upgradeSteps.js';

const beaconAbi = parseAbi(['function implementation() view returns (address)']);

/** The check needs an input this proxy kind requires. */
export class MissingCheckInputError extends BaseError {
  override name = 'MissingCheckInputError';
  constructor(kind: ProxyKind, missing: string, why: string) {
    super(`An implementation check for a ${kind} proxy needs ${missing}.`, { metaMessages: [why] });
  }
}

export type ImplementationChecksParameters = {
  kind: ProxyKind;
  proxy: Address;
  /** The implementation the proxy must run after the phase. */
  implementation: Address;
  /** transparent-v4: the ProxyAdmin (its `getProxyImplementation(proxy)` is read). */
  proxyAdmin?: Address;
  /** beacon: the UpgradeableBeacon (its `implementation()` is read). */
  beacon?: Address;
  /** transparent-v5 and uups: keccak256 of the implementation's runtime code (`codeHashOf`). */
  codeHash?: Hex;
  /**
   * transparent-v5 and uups: a view the new implementation exposes, called through the proxy, and its expected raw
   * return data (e.g. `version()` returning "2.0.0").
   */
  view?: { data: Hex; result: Hex };
  response?: StopResponseName;
};

/**
 * Checks that a proxy runs `implementation` after the phase. Which checks each kind gets:
 * - `transparent-v4`: one result-hash check of `ProxyAdmin.getProxyImplementation(proxy)` (the v4 ProxyAdmin reads the
 *   proxy's admin-only `implementation()` for anyone).
 * - `beacon`: one result-hash check of `beacon.implementation()`.
 * - `transparent-v5` and `uups`: there is no view of the EIP-1967 slot (the v5 ProxyAdmin dropped
 *   `getProxyImplementation`, and a check's `staticcall` cannot read storage), so two checks: the implementation's
 *   code hash (the approved code is what is deployed there) and a view of the new implementation through the proxy
 *   (the proxy now answers like it).
 *
 * @throws {MissingCheckInputError} when an input the kind needs is missing.
 * @example
 * const checks = implementationChecks({ kind: 'beacon', proxy, beacon, implementation: poolV2 });
 */
export function implementationChecks(parameters: ImplementationChecksParameters): Check[] {
  const { kind, proxy, implementation, response } = parameters;
  switch (kind) {
    case 'transparent-v4':
      if (!parameters.proxyAdmin) {
        throw new MissingCheckInputError(
          kind,
          'the proxyAdmin',
          "Pass the address in the proxy's EIP-1967 admin slot.",
        );
      }
      return [
        resultHashCheck({
          target: parameters.proxyAdmin,
          data: encodeFunctionData({ abi: proxyAdminV4Abi, functionName: 'getProxyImplementation', args: [proxy] }),
          result: encodeAddressResult(implementation),
          response,
        }),
      ];
    case 'beacon':
      if (!parameters.beacon) {
        throw new MissingCheckInputError(kind, 'the beacon', "Pass the address in the proxy's EIP-1967 beacon slot.");
      }
      return [
        resultHashCheck({
          target: parameters.beacon,
          data: encodeFunctionData({ abi: beaconAbi, functionName: 'implementation' }),
          result: encodeAddressResult(implementation),
          response,
        }),
      ];
    case 'transparent-v5':
    case 'uups': {
      const why =
        "A proxy of this kind has no on-chain view of its implementation: pass the implementation's code hash " +
        '(codeHashOf) and a view the new implementation answers through the proxy (e.g. version()).';
      if (!parameters.codeHash) throw new MissingCheckInputError(kind, 'codeHash', why);
      if (!parameters.view) throw new MissingCheckInputError(kind, 'a view', why);
      return [
        codeHashCheck({ target: implementation, codeHash: parameters.codeHash, response }),
        resultHashCheck({ target: proxy, data: parameters.view.data, result: parameters.view.result, response }),
      ];
    }
  }
}
