// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The subset of the Safe ABI (identical in 1.3.0, 1.4.1 and 1.5.0) the tests drive.
interface ISafe {
    function setup(
        address[] calldata owners,
        uint256 threshold,
        address to,
        bytes calldata data,
        address fallbackHandler,
        address paymentToken,
        uint256 payment,
        address paymentReceiver
    ) external;

    function execTransaction(
        address to,
        uint256 value,
        bytes calldata data,
        uint8 operation,
        uint256 safeTxGas,
        uint256 baseGas,
        uint256 gasPrice,
        address gasToken,
        address payable refundReceiver,
        bytes memory signatures
    ) external payable returns (bool success);

    function getTransactionHash(
        address to,
        uint256 value,
        bytes calldata data,
        uint8 operation,
        uint256 safeTxGas,
        uint256 baseGas,
        uint256 gasPrice,
        address gasToken,
        address refundReceiver,
        uint256 nonce
    ) external view returns (bytes32);

    function execTransactionFromModule(address to, uint256 value, bytes memory data, uint8 operation)
        external
        returns (bool success);

    function nonce() external view returns (uint256);
    function VERSION() external view returns (string memory);
    function getStorageAt(uint256 offset, uint256 length) external view returns (bytes memory);
    function setGuard(address guard) external;
    function setModuleGuard(address guard) external;
    function enableModule(address module) external;
    function addOwnerWithThreshold(address owner, uint256 threshold) external;
    function changeThreshold(uint256 threshold) external;
    function getOwners() external view returns (address[] memory);
    function getThreshold() external view returns (uint256);
}

interface ISafeProxyFactory {
    function createProxyWithNonce(address singleton, bytes memory initializer, uint256 saltNonce)
        external
        returns (address proxy);
}

interface IMultiSend {
    function multiSend(bytes memory transactions) external payable;
}
