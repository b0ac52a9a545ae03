import {
  type Abi,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionReturnType,
  type ContractFunctionName,
  type Hex,
  type PublicClient,
  encodeAbiParameters,
  encodeFunctionData,
  encodeFunctionResult,
  getAddress,
  keccak256,
  parseAbi,
} from 'viem';

import { CheckKind, type Check } from '../guard/manifest.js';
import type { StopResponseName } from '../package/schema.js';
import { stopResponseOf } from '../package/toManifest.js';

type Response = {
  /** What the monitor does when the check fails after the fact (default `rollback`). */ response?: StopResponseName;
};

/**
 * A post-execution check that `staticcall(target, data)` returns exactly `result` (the raw ABI-encoded return
 * data): the guard compares `keccak256(result)` with `expected`.
 *
 * @example
 * const check = resultHashCheck({ target: proxy, data: versionCall, result: encodedVersion });
 */
export function resultHashCheck(parameters: { target: Address; data: Hex; result: Hex } & Response): Check {
  return {
    kind: CheckKind.ResultHash,
    target: getAddress(parameters.target),
    data: parameters.data,
    expected: keccak256(parameters.result),
    response: stopResponseOf[parameters.response ?? 'rollback'],
  };
}

/**
 * A result-hash check from an ABI: `target.functionName(...args)` must return `result` (the decoded values).
 *
 * @example
 * const check = viewCheck({ target: proxy, abi: demoPoolV2Abi, functionName: 'version', result: '2.0.0' });
 */
export function viewCheck<const abi extends Abi, functionName extends ContractFunctionName<abi, 'pure' | 'view'>>(
  parameters: {
    target: Address;
    abi: abi;
    functionName: functionName;
    args?: ContractFunctionArgs<abi, 'pure' | 'view', functionName>;
    /** The expected return value, as viem's `readContract` would return it. */
    result: ContractFunctionReturnType<abi, 'pure' | 'view', functionName>;
  } & Response,
): Check {
  const { target, abi, functionName, args, result, response } = parameters;
  // The caller's types are checked against the ABI above; encoding needs only the plain ABI.
  const plain: { abi: Abi; functionName: string } = { abi, functionName };
  const plainArgs = args as readonly unknown[] | undefined;
  const data = encodeFunctionData({ ...plain, args: plainArgs });
  const encoded = encodeFunctionResult({ ...plain, result });
  return resultHashCheck({ target, data, result: encoded, response });
}

const ownableAbi = parseAbi(['function owner() view returns (address)']);

/**
 * "The owner of `target` is `owner`" (e.g. the ProxyAdmin or beacon is owned by the Safe): `owner()`'s result hash.
 *
 * @example
 * const check = ownerCheck({ target: proxyAdmin, owner: safe });
 */
export function ownerCheck(parameters: { target: Address; owner: Address } & Response): Check {
  return viewCheck({ ...parameters, abi: ownableAbi, functionName: 'owner', result: getAddress(parameters.owner) });
}

/**
 * "Initialized": the caller names a view that only an initialized contract answers this way (e.g. `owner()`,
 * `version()`, a migrated parameter) and its expected raw return data. OpenZeppelin's `Initializable` keeps its
 * version in storage without a view, so there is no universal one.
 *
 * @example
 * const check = initializedCheck({ target: proxy, data: feeCapCall, result: encodeAbiParameters([{ type: 'uint256' }], [100n]) });
 */
export function initializedCheck(parameters: { target: Address; data: Hex; result: Hex } & Response): Check {
  return resultHashCheck(parameters);
}

/**
 * "The code at `target` is exactly this": `target.codehash` must equal `codeHash` (keccak256 of the runtime code).
 *
 * @example
 * const check = codeHashCheck({ target: poolV2, codeHash: await codeHashOf({ client, address: poolV2 }) });
 */
export function codeHashCheck(parameters: { target: Address; codeHash: Hex } & Response): Check {
  return {
    kind: CheckKind.CodeHash,
    target: getAddress(parameters.target),
    data: '0x',
    expected: parameters.codeHash,
    response: stopResponseOf[parameters.response ?? 'rollback'],
  };
}

/**
 * keccak256 of the runtime code at `address` (what `extcodehash` returns for a contract).
 *
 * @example
 * const codeHash = await codeHashOf({ client: publicClient, address: poolV2 });
 */
export async function codeHashOf({ client, address }: { client: PublicClient; address: Address }): Promise<Hex> {
  const code = (await client.getCode({ address })) ?? '0x';
  return keccak256(code);
}

/** ABI-encodes one address, as a view returning `address` does. */
export const encodeAddressResult = (address: Address): Hex => encodeAbiParameters([{ type: 'address' }], [address]);
