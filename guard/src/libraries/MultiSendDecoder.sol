// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardErrors} from "../interfaces/IManifestGuardErrors.sol";

/// @title MultiSendDecoder
/// @notice Walks the packed transactions of a Safe `multiSend(bytes)` call without copying them.
/// @dev Packed layout of each transaction: `operation` (1 byte), `to` (20), `value` (32), `dataLength` (32), `data`.
///      Every call that MultiSendCallOnly would make is reachable through `next`, so the lane classifier sees
///      each inner call of a batch.
library MultiSendDecoder {
    /// @notice `multiSend(bytes)`.
    bytes4 internal constant MULTI_SEND_SELECTOR = bytes4(keccak256("multiSend(bytes)"));

    /// @notice Returns the packed transactions of a `multiSend(bytes)` call.
    /// @dev Reverts with `ManifestGuardMalformedMultiSend` (offset relative to the step's calldata) unless `data` is exactly a well-formed `multiSend` call.
    function transactions(bytes calldata data) internal pure returns (bytes calldata packed) {
        if (data.length < 68 || bytes4(data[:4]) != MULTI_SEND_SELECTOR) {
            revert IManifestGuardErrors.ManifestGuardMalformedMultiSend(0);
        }
        uint256 offset = uint256(bytes32(data[4:36]));
        if (offset != 32) revert IManifestGuardErrors.ManifestGuardMalformedMultiSend(4);
        uint256 length = uint256(bytes32(data[36:68]));
        if (length > data.length - 68) revert IManifestGuardErrors.ManifestGuardMalformedMultiSend(36);
        packed = data[68:68 + length];
    }

    /// @notice Decodes the transaction at `cursor` of `packed` and returns where the next one starts.
    /// @dev Reverts with `ManifestGuardMalformedMultiSend` (offset relative to the step's calldata) when the transaction runs past the end of `packed`.
    function next(bytes calldata packed, uint256 cursor)
        internal
        pure
        returns (uint8 operation, address to, uint256 value, bytes calldata data, uint256 nextCursor)
    {
        if (packed.length < cursor + 85) revert IManifestGuardErrors.ManifestGuardMalformedMultiSend(68 + cursor);
        operation = uint8(packed[cursor]);
        to = address(bytes20(packed[cursor + 1:cursor + 21]));
        value = uint256(bytes32(packed[cursor + 21:cursor + 53]));
        uint256 dataLength = uint256(bytes32(packed[cursor + 53:cursor + 85]));
        if (dataLength > packed.length - cursor - 85) {
            revert IManifestGuardErrors.ManifestGuardMalformedMultiSend(68 + cursor + 53);
        }
        data = packed[cursor + 85:cursor + 85 + dataLength];
        nextCursor = cursor + 85 + dataLength;
    }
}
