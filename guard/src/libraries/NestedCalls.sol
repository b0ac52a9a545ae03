// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title NestedCalls
/// @notice Finds the calldata that a call runs on the caller's behalf inside another call, without copying it:
///         the init data of `upgradeToAndCall(address,bytes)` (UUPS and OpenZeppelin v4 Transparent proxies), the
///         data of `upgradeAndCall(address,address,bytes)` (ProxyAdmin, forwarded to the proxy) and each entry of
///         `multicall(bytes[])` (run by the target on itself with the same `msg.sender`).
/// @dev Reads only the canonical ABI encoding (offsets in bounds, lengths in bounds); anything else reports
///      `ok = false`, and the lane classifier then treats the call as privileged: a payload the guard cannot read
///      is never routine.
library NestedCalls {
    /// @notice `upgradeToAndCall(address,bytes)`.
    bytes4 internal constant UPGRADE_TO_AND_CALL = 0x4f1ef286;
    /// @notice `upgradeAndCall(address,address,bytes)`.
    bytes4 internal constant UPGRADE_AND_CALL = 0x9623609d;
    /// @notice `multicall(bytes[])`.
    bytes4 internal constant MULTICALL = 0xac9650d8;

    /// @notice The `bytes` argument at head position `position` of `data` (selector included).
    function bytesArg(bytes calldata data, uint256 position) internal pure returns (bool ok, bytes calldata value) {
        uint256 head = 4 + 32 * position;
        if (data.length < head + 32) return (false, data[:0]);
        uint256 offset = uint256(bytes32(data[head:head + 32]));
        return _bytesAt(data, 4, offset);
    }

    /// @notice The number of entries of the `bytes[]` argument at head position 0 of `data`.
    function arrayLength(bytes calldata data) internal pure returns (bool ok, uint256 start, uint256 length) {
        if (data.length < 36) return (false, 0, 0);
        uint256 offset = uint256(bytes32(data[4:36]));
        if (offset > data.length || data.length - 4 < offset + 32) return (false, 0, 0);
        start = 4 + offset + 32;
        length = uint256(bytes32(data[start - 32:start]));
        if (length > (data.length - start) / 32) return (false, 0, 0);
        ok = true;
    }

    /// @notice Entry `i` of the `bytes[]` whose offsets start at `start` (from `arrayLength`).
    function arrayEntry(bytes calldata data, uint256 start, uint256 i) internal pure returns (bool, bytes calldata) {
        uint256 offset = uint256(bytes32(data[start + 32 * i:start + 32 * i + 32]));
        return _bytesAt(data, start, offset);
    }

    function _bytesAt(bytes calldata data, uint256 base, uint256 offset)
        private
        pure
        returns (bool ok, bytes calldata value)
    {
        if (offset > data.length || data.length - base < offset + 32) return (false, data[:0]);
        uint256 from = base + offset + 32;
        uint256 length = uint256(bytes32(data[from - 32:from]));
        if (length > data.length - from) return (false, data[:0]);
        return (true, data[from:from + length]);
    }
}
