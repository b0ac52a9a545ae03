import {
  type Address,
  type Hex,
  type PublicClient,
  type StateOverride,
  decodeFunctionResult,
  encodeFunctionData,
  getAddress,
  keccak256,
  multicall3Abi,
  pad,
  parseAbi,
  stringToBytes,
} from 'viem';

/** Where Multicall3 lives on most chains. */
export const canonicalMulticall3: Address = '0xcA11bde05977b3631167028862bE2a173976CA11';

/**
 * Runtime code put (for one `eth_call` only, as a state override) on each contract whose storage is read:
 * `return sload(calldataload(4))`, i.e. `readSlot(bytes32)` answers the word in that slot.
 * PUSH1 4 CALLDATALOAD SLOAD PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN.
 */
export const slotReaderCode: Hex = '0x6004355460005260206000f3';
/** `readSlot(bytes32)` of `slotReaderCode` (its code ignores the selector). */
export const slotReaderAbi = parseAbi(['function readSlot(bytes32 slot) view returns (bytes32)']);

/**
 * Runtime code of a probe placed (as a state override) at `codeHashProbe`: `return extcodehash(calldataload(4))`.
 * PUSH1 4 CALLDATALOAD EXTCODEHASH PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN.
 */
export const codeHashProbeCode: Hex = '0x6004353f60005260206000f3';
/** An address with no code on any chain (keccak256("manifest-guard.verify.codeHashProbe"), low 20 bytes). */
export const codeHashProbe: Address = getAddress(
  `0x${keccak256(stringToBytes('manifest-guard.verify.codeHashProbe')).slice(-40)}`,
);
export const codeHashProbeAbi = parseAbi(['function codeHashOf(address target) view returns (bytes32)']);

/** Runtime code of a probe answering the block's timestamp: TIMESTAMP PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN. */
export const timestampProbeCode: Hex = '0x4260005260206000f3';
/** An address with no code on any chain (keccak256("manifest-guard.verify.timestampProbe"), low 20 bytes). */
export const timestampProbe: Address = getAddress(
  `0x${keccak256(stringToBytes('manifest-guard.verify.timestampProbe')).slice(-40)}`,
);

/** The probes the view batch carries as a state override. */
export const probeOverride: StateOverride = [
  { address: codeHashProbe, code: codeHashProbeCode },
  { address: timestampProbe, code: timestampProbeCode },
];

/** One call of a batch: raw calldata to a target. */
export type BatchCall = { target: Address; data: Hex };
/** Its answer: whether it succeeded and the raw return data. */
export type BatchResult = { success: boolean; returnData: Hex };

export type AggregateParameters = {
  client: PublicClient;
  calls: readonly BatchCall[];
  multicallAddress: Address;
  stateOverride?: StateOverride;
  blockNumber?: bigint;
};

/**
 * Sends `calls` as one `eth_call` of Multicall3's `aggregate3` (every call allowed to fail), optionally with a state
 * override, and returns each call's success and return data in order: one JSON-RPC request, whatever the number of
 * calls. Where no Multicall3 answers, the calls go out once more as parallel `eth_call`s (one HTTP request with a
 * batch transport) and `roundTrips` is 2.
 *
 * @example
 * const { results } = await aggregate({ client, calls: [{ target: proxyAdmin, data: '0x8da5cb5b' }], multicallAddress });
 */
export async function aggregate(
  parameters: AggregateParameters,
): Promise<{ results: BatchResult[]; roundTrips: number }> {
  const { client, calls, multicallAddress, stateOverride, blockNumber } = parameters;
  if (calls.length === 0) return { results: [], roundTrips: 0 };
  const data = encodeFunctionData({
    abi: multicall3Abi,
    functionName: 'aggregate3',
    args: [calls.map((call) => ({ target: call.target, allowFailure: true, callData: call.data }))],
  });
  const { data: returned } = await client.call({
    to: multicallAddress,
    data,
    stateOverride,
    blockNumber,
    batch: false,
  });
  if (returned && returned !== '0x') {
    try {
      const results = decodeFunctionResult({ abi: multicall3Abi, functionName: 'aggregate3', data: returned });
      return {
        results: results.map((result) => ({ success: result.success, returnData: result.returnData })),
        roundTrips: 1,
      };
    } catch {
      // Something else lives there: read one by one.
    }
  }
  const results = await Promise.all(
    calls.map(async (call): Promise<BatchResult> => {
      try {
        const { data: answer } = await client.call({
          to: call.target,
          data: call.data,
          stateOverride,
          blockNumber,
          batch: false,
        });
        return { success: true, returnData: answer ?? '0x' };
      } catch {
        return { success: false, returnData: '0x' };
      }
    }),
  );
  return { results, roundTrips: 2 };
}

/** A storage word to read: `slot` of `address`. */
export type SlotRead = { address: Address; slot: Hex };

/**
 * Reads storage words of several contracts in one `eth_call`: each contract's code is replaced, for that call only,
 * by `slotReaderCode`, and Multicall3 asks each for its slots. Falls back to parallel `eth_getStorageAt` (one more
 * round trip) when the node refuses state overrides. Returns the words in order; `roundTrips` is 1 or 2.
 *
 * @example
 * const { words } = await readSlots({ client, reads: [{ address: proxy, slot: eip1967Slots.implementation }], multicallAddress });
 */
export async function readSlots(parameters: {
  client: PublicClient;
  reads: readonly SlotRead[];
  multicallAddress: Address;
  blockNumber?: bigint;
}): Promise<{ words: Hex[]; roundTrips: number }> {
  const { client, reads, multicallAddress, blockNumber } = parameters;
  if (reads.length === 0) return { words: [], roundTrips: 0 };
  const contracts = [...new Set(reads.map((read) => getAddress(read.address)))];
  try {
    const { results, roundTrips } = await aggregate({
      client,
      multicallAddress,
      blockNumber,
      calls: reads.map((read) => ({
        target: read.address,
        data: encodeFunctionData({ abi: slotReaderAbi, functionName: 'readSlot', args: [read.slot] }),
      })),
      stateOverride: contracts.map((address) => ({ address, code: slotReaderCode })),
    });
    return { words: results.map((result) => (result.success ? result.returnData : pad('0x00'))), roundTrips };
  } catch {
    const words = await Promise.all(
      reads.map(
        async (read) =>
          (await client.getStorageAt({ address: read.address, slot: read.slot, blockNumber })) ?? pad('0x00'),
      ),
    );
    return { words, roundTrips: 2 };
  }
}
