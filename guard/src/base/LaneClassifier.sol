// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MultiSendDecoder} from "../libraries/MultiSendDecoder.sol";
import {PrivilegedSelectors} from "../libraries/PrivilegedSelectors.sol";
import {ManifestGuardStorage} from "./ManifestGuardStorage.sol";

/// @title LaneClassifier
/// @notice Computes whether a step is privileged: it targets the Safe, the guard or a configured authority
///         contract, or calls a privileged selector, directly or inside a MultiSend batch.
/// @dev Runs at registration only; the execution path never classifies.
abstract contract LaneClassifier is ManifestGuardStorage {
    /// @dev Whether a manifest step is privileged. Delegatecalls must target the MultiSendCallOnly (checked by the
    ///      caller); their inner calls are classified one by one.
    function _isPrivilegedStep(address to, bytes calldata data, uint8 operation)
        internal
        view
        returns (bool privileged)
    {
        if (operation == 0) return _isPrivilegedCall(to, data);
        bytes calldata packed = MultiSendDecoder.transactions(data);
        uint256 cursor;
        // The whole batch is decoded (no early return), so a malformed tail is rejected wherever it stands.
        while (cursor < packed.length) {
            (uint8 innerOperation, address innerTo,, bytes calldata innerData, uint256 nextCursor) =
                MultiSendDecoder.next(packed, cursor);
            // MultiSendCallOnly reverts on inner delegatecalls: classify them as privileged all the same. Safe 1.5.0's
            // MultiSendCallOnly sends a call to address(0) to the Safe itself: treat it as a call to the Safe.
            if (innerOperation != 0 || innerTo == address(0) || _isPrivilegedCall(innerTo, innerData)) {
                privileged = true;
            }
            cursor = nextCursor;
        }
    }

    /// @dev Whether one call (made with the Safe as `msg.sender`) is privileged.
    function _isPrivilegedCall(address to, bytes calldata data) internal view returns (bool) {
        if (to == _SAFE || to == address(this) || _isAuthority[to]) return true;
        if (data.length < 4) return false;
        bytes4 selector = bytes4(data[:4]);
        return PrivilegedSelectors.isDefault(selector) || _isExtraSelector[selector];
    }
}
