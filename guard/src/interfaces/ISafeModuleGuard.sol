// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title The Safe's module-guard hooks
/// @notice The two calls a Safe 1.5.0 makes to its module guard around every `execTransactionFromModule`. ERC-165 id
///         `0x58401ed8`. `ManifestGuard` answers them in its `fallback`, like the transaction-guard hooks.
interface ISafeModuleGuard {
    /// @notice Safe 1.5.0 module guard: module transactions follow the same rules, with the module as executor.
    ///         Returns `keccak256(abi.encode(to, value, keccak256(data), operation, module))`.
    function checkModuleTransaction(address to, uint256 value, bytes calldata data, uint8 operation, address module)
        external
        returns (bytes32 moduleTxHash);

    /// @notice Safe 1.5.0 module guard: called after the module transaction; see `checkAfterExecution`.
    function checkAfterModuleExecution(bytes32 txHash, bool success) external;
}
