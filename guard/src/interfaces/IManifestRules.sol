// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardErrors} from "./IManifestGuardErrors.sol";
import {IManifestGuardEvents} from "./IManifestGuardEvents.sol";
import {IManifestGuardTypes} from "./IManifestGuardTypes.sol";

/// @title Manifest Guard: the rules, asked
/// @notice What the chain decides, as views answered by the same code as the Safe's hooks: whether a Safe
///         transaction would pass now (and the guard's error if not), and each manifest's derived state. Off-chain
///         code asks these instead of restating the guard's rules.
interface IManifestRules is IManifestGuardTypes, IManifestGuardErrors, IManifestGuardEvents {
    /// @notice Explains, without reverting, whether this Safe transaction would pass `checkTransaction` now.
    function explainTransaction(
        address to,
        uint256 value,
        bytes calldata data,
        uint8 operation,
        uint256 gasPrice,
        address gasToken,
        address refundReceiver,
        address msgSender
    ) external view returns (Verdict memory verdict);

    /// @notice The guard's derived state of a manifest: status, lane now, executable time, next phase and step,
    ///         whether that step may run now or the guard's error that says why not, and its rollback's readiness.
    ///         Off-chain code reads this instead of restating the guard's rules.
    function manifestState(bytes32 id) external view returns (ManifestState memory);
}
