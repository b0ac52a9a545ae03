import type { Address } from 'viem';

import { type DecodedCall, decodeSafeTransaction } from '../../decode/decodeSafeTransaction.js';
import type { KnownAbi } from '../../decode/knownAbis.js';
import type { ForgeArtifact } from './readArtifacts.js';
import type { BroadcastSafeCall } from './safeCalls.js';

export type DecodeSafeCallParameters = {
  call: BroadcastSafeCall;
  safe: Address;
  guard?: Address;
  /** The script's build output (`readArtifacts`); the contract forge named for the call is tried first. */
  artifacts?: readonly ForgeArtifact[];
};

/**
 * A Safe call of the broadcast, decoded with the library's known ABIs (ProxyAdmin, UUPS, beacon, Ownable, the Safe,
 * …) and the script's artifacts: the contract forge named for the call (`contractName`) first, then every other
 * artifact by selector. The initializer of an upgrade is decoded too (e.g. with the new implementation's ABI).
 *
 * @example
 * decodeSafeCall({ call, safe, artifacts }).summary;
 * // 'Upgrade proxy 0x… to implementation 0x… through ProxyAdmin 0x…, then call initializeV2(100) on it'
 */
export function decodeSafeCall(parameters: DecodeSafeCallParameters): DecodedCall {
  const { call, artifacts = [] } = parameters;
  const named = artifacts.filter((artifact) => artifact.contract === call.contractName);
  const abis: KnownAbi[] = [...named, ...artifacts.filter((artifact) => !named.includes(artifact))].map((artifact) => ({
    contract: artifact.contract,
    abi: artifact.abi,
  }));
  return decodeSafeTransaction({
    to: call.to,
    value: call.value,
    data: call.data,
    operation: 0,
    safe: parameters.safe,
    ...(parameters.guard ? { guard: parameters.guard } : {}),
    abis,
  });
}
