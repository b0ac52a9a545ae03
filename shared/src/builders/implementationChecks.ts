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
  /**
   * keccak256 of the implementation's runtime code (`codeHashOf`): the code-hash check of the new implementation.
   * Required for transparent-v5 and uups; for transparent-v4 and beacon the check is added when it is given (pass it:
   * the gate holds an upgrade step whose phase has no code-hash check of its implementation, `noCodeHashCheck`).
   */
  codeHash?: Hex;
  /**
   * transparent-v5 and uups: a view the new implementation exposes, called through the proxy, and its expected raw
   * return data (e.g. `version()` returning "2.0.0").
   */
  view?: { data: Hex; result: Hex };
  response?: StopResponseName;
};

/**
 * Checks that a proxy runs `implementation` after the phase. First a code-hash check of the implementation (the
 * approved code is what is deployed there: every upgrade step carries one; for transparent-v4 and beacon only when
 * `codeHash` is given), then:
 * - `transparent-v4`: a result-hash check of `ProxyAdmin.getProxyImplementation(proxy)` (the v4 ProxyAdmin reads the
 *   proxy's admin-only `implementation()` for anyone).
 * - `beacon`: a result-hash check of `beacon.implementation()`.
 * - `transparent-v5` and `uups`: there is no view of the EIP-1967 slot (the v5 ProxyAdmin dropped
 *   `getProxyImplementation`, and a check's `staticcall` cannot read storage), so a view of the new implementation
 *   through the proxy (the proxy now answers like it).
 *
 * @throws {MissingCheckInputError} when an input the kind needs is missing.
 * @example
 * const checks = implementationChecks({ kind: 'beacon', proxy, beacon, implementation: poolV2, codeHash });
 */
export function implementationChecks(parameters: ImplementationChecksParameters): Check[] {
  const { kind, proxy, implementation, response } = parameters;
  const codeHash = parameters.codeHash
    ? [codeHashCheck({ target: implementation, codeHash: parameters.codeHash, response })]
    : [];
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
        ...codeHash,
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
        ...codeHash,
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
        ...codeHash,
        resultHashCheck({ target: proxy, data: parameters.view.data, result: parameters.view.result, response }),
      ];
    }
  }
}
