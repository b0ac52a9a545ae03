// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MultiSendDecoder} from "../libraries/MultiSendDecoder.sol";
import {NestedCalls} from "../libraries/NestedCalls.sol";
import {PrivilegedSelectors} from "../libraries/PrivilegedSelectors.sol";
import {ManifestGuardStorage} from "./ManifestGuardStorage.sol";

/// @title LaneClassifier
/// @notice Computes whether a step is privileged: it targets the Safe, the guard, the Safe's current fallback handler
///         or a configured authority contract, or calls a privileged selector, directly, inside a MultiSend batch, or
///         in data the call runs on the Safe's behalf (`upgradeToAndCall` init data, `upgradeAndCall` data,
///         `multicall` entries), recursively up to `MAX_NESTING` levels; deeper nesting is privileged.
/// @dev Runs at registration and `reclassify` only; the execution path never classifies.
abstract contract LaneClassifier is ManifestGuardStorage {
    /// @notice Calls nested deeper than this are classified privileged without being read.
    uint256 public constant MAX_NESTING = 4;

    /// @dev Whether a manifest step is privileged. Delegatecalls must target the MultiSendCallOnly (checked by the
    ///      caller); their inner calls are classified one by one. `handler` is the Safe's fallback handler.
    function _isPrivilegedStep(address to, bytes calldata data, uint8 operation, address handler)
        internal
        view
        returns (bool privileged)
    {
        if (operation == 0) return _isPrivilegedCall(to, data, handler, 0);
        bytes calldata packed = MultiSendDecoder.transactions(data);
        uint256 cursor;
        // The whole batch is decoded (no early return), so a malformed tail is rejected wherever it stands.
        while (cursor < packed.length) {
            (uint8 innerOperation, address innerTo,, bytes calldata innerData, uint256 nextCursor) =
                MultiSendDecoder.next(packed, cursor);
            // MultiSendCallOnly reverts on inner delegatecalls: classify them as privileged all the same. Safe 1.5.0's
            // MultiSendCallOnly sends a call to address(0) to the Safe itself: treat it as a call to the Safe.
            if (innerOperation != 0 || innerTo == address(0) || _isPrivilegedCall(innerTo, innerData, handler, 0)) {
                privileged = true;
            }
            cursor = nextCursor;
        }
    }

    /// @dev Whether one call made on the Safe's behalf is privileged, looking into the data it runs in turn.
    function _isPrivilegedCall(address to, bytes calldata data, address handler, uint256 depth)
        internal
        view
        returns (bool)
    {
        if (to == _SAFE || to == address(this) || _isAuthority[to] || (to == handler && handler != address(0))) {
            return true;
        }
        if (data.length < 4) return false;
        bytes4 selector = bytes4(data[:4]);
        if (PrivilegedSelectors.isDefault(selector) || _isExtraSelector[selector]) return true;
        if (selector == NestedCalls.UPGRADE_TO_AND_CALL) {
            return _isPrivilegedInner(to, data, 1, handler, depth);
        }
        if (selector == NestedCalls.UPGRADE_AND_CALL) {
            if (data.length < 36) return true;
            // The ProxyAdmin forwards the data to the proxy (its first argument), which runs it as its own call.
            return _isPrivilegedInner(address(uint160(uint256(bytes32(data[4:36])))), data, 2, handler, depth);
        }
        if (selector == NestedCalls.MULTICALL) {
            if (depth >= MAX_NESTING) return true;
            (bool ok, uint256 start, uint256 length) = NestedCalls.arrayLength(data);
            if (!ok) return true;
            for (uint256 i; i < length; ++i) {
                (bool entryOk, bytes calldata entry) = NestedCalls.arrayEntry(data, start, i);
                if (!entryOk || _isPrivilegedCall(to, entry, handler, depth + 1)) return true;
            }
        }
        return false;
    }

    /// @dev The `bytes` argument at `position` of `data`, run by `to`: unreadable or too deep means privileged.
    function _isPrivilegedInner(address to, bytes calldata data, uint256 position, address handler, uint256 depth)
        private
        view
        returns (bool)
    {
        if (depth >= MAX_NESTING) return true;
        (bool ok, bytes calldata inner) = NestedCalls.bytesArg(data, position);
        if (!ok) return true;
        return inner.length != 0 && _isPrivilegedCall(to, inner, handler, depth + 1);
    }

    /// @dev Whether a step of an Emergency manifest only calls containment selectors (a batch: each of its calls);
    ///      if not, the first selector outside the set (zero for data shorter than a selector).
    function _isContainmentStep(bytes calldata data, uint8 operation)
        internal
        view
        returns (bool contained, bytes4 selector)
    {
        if (operation == 0) return _isContainmentCall(data);
        bytes calldata packed = MultiSendDecoder.transactions(data);
        uint256 cursor;
        while (cursor < packed.length) {
            (,,, bytes calldata innerData, uint256 nextCursor) = MultiSendDecoder.next(packed, cursor);
            (contained, selector) = _isContainmentCall(innerData);
            if (!contained) return (false, selector);
            cursor = nextCursor;
        }
        return (true, bytes4(0));
    }

    function _isContainmentCall(bytes calldata data) private view returns (bool, bytes4) {
        if (data.length < 4) return (false, bytes4(0));
        bytes4 selector = bytes4(data[:4]);
        return (_isContainmentSelector(selector), selector);
    }
}
