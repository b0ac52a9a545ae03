// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title The Safe's transaction-guard hooks
/// @notice The two calls a Safe (1.3.0, 1.4.1, 1.5.0) makes to its guard around every `execTransaction`. ERC-165 id
///         `0xe6d7a83a`. `ManifestGuard` answers them in its `fallback`, ahead of Solidity's ABI decoder, because
///         every Safe transaction pays for them.
interface ISafeTransactionGuard {
    /// @notice Called by the Safe before it executes a transaction; reverting blocks the transaction.
    function checkTransaction(
        address to,
        uint256 value,
        bytes calldata data,
        uint8 operation,
        uint256 safeTxGas,
        uint256 baseGas,
        uint256 gasPrice,
        address gasToken,
        address payable refundReceiver,
        bytes calldata signatures,
        address msgSender
    ) external;

    /// @notice Called by the Safe after it executed a transaction; reverting reverts the whole transaction.
    function checkAfterExecution(bytes32 txHash, bool success) external;
}
