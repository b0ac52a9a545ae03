import { type Abi, type Address, type Hex, decodeFunctionData, getAddress, isAddressEqual, size, slice } from 'viem';

import type { DecodedArgument, DecodedCall } from './decodedCall.js';
import { type KnownAbi, type KnownFunction, functionIndex, knownAbis, knownFunctions } from './knownAbis.js';
import { MalformedMultiSendError, multiSendSelector, multiSendTransactions } from './multiSendTransactions.js';
import { summarize } from './summarize.js';

export type { DecodedArgument, DecodedCall } from './decodedCall.js';

export type DecodeSafeTransactionParameters = {
  to: Address;
  value?: bigint;
  data: Hex;
  /** 0 call, 1 delegatecall. */
  operation?: number;
  /** The Safe the transaction runs on: calls to it are labelled "the Safe". */
  safe?: Address;
  /** The ManifestGuard: calls to it are labelled "the guard". */
  guard?: Address;
  /** The MultiSendCallOnly: calls to it are labelled "MultiSendCallOnly". */
  multiSendCallOnly?: Address;
  /** More ABIs to decode with (e.g. the new implementation's, for initializer calls). */
  abis?: readonly KnownAbi[];
};
export type DecodeSafeTransactionReturnType = DecodedCall;

/**
 * Decodes a Safe transaction into readable calls with the ABIs the project knows (`knownAbis`: OpenZeppelin v4/v5
 * ProxyAdmin, UUPS, Beacon, Ownable, Ownable2Step, AccessControl, AccessControlDefaultAdminRules, the Safe,
 * MultiSend and the ManifestGuard) plus any given ones. MultiSend batches are decoded call by call (recursively), the
 * initializer of an `upgradeAndCall` / `upgradeToAndCall` too. Never throws on unknown input: an unknown selector
 * comes back as `{ kind: 'unknown', selector, message: 'unknown selector 0x…' }`, calldata that does not decode
 * as `{ kind: 'malformed', message }`.
 *
 * @example
 * const decoded = decodeSafeTransaction({ to: proxyAdmin, data, operation: 0, safe });
 * decoded.summary; // 'Upgrade proxy 0x… to implementation 0x… through ProxyAdmin 0x…'
 */
export function decodeSafeTransaction(parameters: DecodeSafeTransactionParameters): DecodeSafeTransactionReturnType {
  const index = parameters.abis?.length ? indexWith(parameters.abis) : knownFunctions;
  return decodeCall(
    {
      to: getAddress(parameters.to),
      value: parameters.value ?? 0n,
      // Lower case before any comparison (selectors, the MultiSend selector): hex may come in any case.
      data: parameters.data.toLowerCase() as Hex,
      operation: parameters.operation ?? 0,
    },
    { index, safe: parameters.safe, guard: parameters.guard, multiSendCallOnly: parameters.multiSendCallOnly },
  );
}

/** The function index of the known ABIs plus `abis`, built once per `abis` array (selectors are hashed to build it). */
const indexes = new WeakMap<readonly KnownAbi[], Map<Hex, KnownFunction[]>>();
function indexWith(abis: readonly KnownAbi[]): Map<Hex, KnownFunction[]> {
  let index = indexes.get(abis);
  if (!index) {
    index = functionIndex([...knownAbis, ...abis]);
    indexes.set(abis, index);
  }
  return index;
}

type WithoutSummary = DecodedCall extends infer C ? (C extends unknown ? Omit<C, 'summary'> : never) : never;

type Context = { index: Map<Hex, KnownFunction[]>; safe?: Address; guard?: Address; multiSendCallOnly?: Address };

function decodeCall(call: { to: Address; value: bigint; data: Hex; operation: number }, context: Context): DecodedCall {
  const base = { to: call.to, value: call.value, operation: call.operation, targetLabel: label(call.to, context) };
  const finish = (decoded: WithoutSummary): DecodedCall =>
    ({ ...decoded, summary: summarize(decoded as DecodedCall) }) as DecodedCall;

  if (size(call.data) === 0) return finish({ ...base, kind: 'transfer' });
  if (size(call.data) < 4) {
    return finish({ ...base, kind: 'malformed', message: `calldata ${call.data} is shorter than a selector` });
  }
  const selector = slice(call.data, 0, 4);
  if (selector === multiSendSelector) {
    try {
      const calls = multiSendTransactions(call.data).map((inner) => decodeCall(inner, context));
      return finish({ ...base, kind: 'multiSend', calls });
    } catch (error) {
      if (!(error instanceof MalformedMultiSendError)) throw error;
      return finish({ ...base, kind: 'malformed', message: error.shortMessage });
    }
  }
  const candidates = context.index.get(selector);
  if (!candidates) {
    return finish({ ...base, kind: 'unknown', selector, message: `unknown selector ${selector}` });
  }
  for (const candidate of candidates) {
    let args: readonly unknown[];
    try {
      args = decodeFunctionData({ abi: [candidate.item] as Abi, data: call.data }).args ?? [];
    } catch {
      continue;
    }
    const decodedArgs = candidate.item.inputs.map((input, i) => ({
      name: input.name || `arg${i}`,
      type: input.type,
      value: args[i],
    }));
    const initializerData = initializerOf(candidate.item.name, decodedArgs);
    const proxy = candidate.item.name === 'upgradeAndCall' ? (decodedArgs[0]!.value as Address) : call.to;
    return finish({
      ...base,
      kind: 'call',
      selector,
      functionName: candidate.item.name,
      signature: candidate.signature,
      contracts: candidate.contracts,
      args: decodedArgs,
      initializer:
        initializerData && size(initializerData) > 0
          ? decodeCall({ to: getAddress(proxy), value: 0n, data: initializerData, operation: 0 }, context)
          : undefined,
    });
  }
  return finish({
    ...base,
    kind: 'malformed',
    message: `calldata with selector ${selector} (${candidates.map((c) => c.signature).join(' or ')}) does not decode`,
  });
}

function initializerOf(functionName: string, args: DecodedArgument[]): Hex | undefined {
  if (functionName !== 'upgradeAndCall' && functionName !== 'upgradeToAndCall') return undefined;
  const data = args.find((arg) => arg.type === 'bytes')?.value;
  return typeof data === 'string' ? (data as Hex) : undefined;
}

function label(to: Address, context: Context): string | undefined {
  if (context.safe && isAddressEqual(to, context.safe)) return 'the Safe';
  if (context.guard && isAddressEqual(to, context.guard)) return 'the guard';
  if (context.multiSendCallOnly && isAddressEqual(to, context.multiSendCallOnly)) return 'MultiSendCallOnly';
  return undefined;
}
