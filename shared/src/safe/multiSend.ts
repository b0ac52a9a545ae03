import { type Address, type Hex, concat, encodePacked, size } from 'viem';

/** One call inside a MultiSend batch. MultiSendCallOnly accepts only calls (operation 0). */
export type MultiSendCall = {
  to: Address;
  value: bigint;
  data: Hex;
  operation?: number;
};

/**
 * Packs calls into the `transactions` argument of `multiSend(bytes)`:
 * operation (1 byte) ++ to (20) ++ value (32) ++ data length (32) ++ data, for each call.
 *
 * @example
 * const packed = encodeMultiSend([{ to, value: 0n, data }]);
 */
export function encodeMultiSend(calls: readonly MultiSendCall[]): Hex {
  return concat(
    calls.map((call) =>
      encodePacked(
        ['uint8', 'address', 'uint256', 'uint256', 'bytes'],
        [call.operation ?? 0, call.to, call.value, BigInt(size(call.data)), call.data],
      ),
    ),
  );
}
