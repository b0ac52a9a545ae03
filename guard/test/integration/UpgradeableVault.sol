// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";

/// @notice What tests and post-execution checks call on a vault proxy (V2 adds `initializeV2` and
///         `minimumVoteWeight`).
interface IVault {
    function initialize(address owner_, uint256 fee_) external;
    function initializeV2(uint256 minimumVoteWeight_) external;
    function setFee(uint256 fee_) external;
    function owner() external view returns (address);
    function fee() external view returns (uint256);
    function minimumVoteWeight() external view returns (uint256);
    function version() external view returns (uint256);
    function implementation() external view returns (address);
    function initializedVersion() external view returns (uint64);
}

/// @notice Version 1 of a small upgradeable contract behind a proxy (stands for any protocol contract whose upgrade
///         authority sits in the Safe). Initialised through the proxy; the implementation itself is locked.
contract VaultV1 is Initializable {
    address public owner;
    uint256 public fee;

    error VaultUnauthorized(address caller);

    constructor() {
        _disableInitializers();
    }

    function initialize(address owner_, uint256 fee_) external initializer {
        owner = owner_;
        fee = fee_;
    }

    /// @notice A configuration call only the owner (the Safe) may make.
    function setFee(uint256 fee_) external {
        if (msg.sender != owner) revert VaultUnauthorized(msg.sender);
        fee = fee_;
    }

    function version() external pure virtual returns (uint256) {
        return 1;
    }

    /// @notice The EIP-1967 implementation slot of the proxy this runs behind (zero behind a beacon proxy), so a
    ///         post-execution check can read the slot with a plain `staticcall`.
    function implementation() external view returns (address) {
        return ERC1967Utils.getImplementation();
    }

    /// @notice The highest initializer version that ran on this proxy's storage.
    function initializedVersion() external view returns (uint64) {
        return _getInitializedVersion();
    }
}

/// @notice Version 2: adds `minimumVoteWeight`, which only `initializeV2` sets. Upgrading without calling it leaves
///         the new state at zero, the mistake behind the August 2024 Ronin bridge exploit.
contract VaultV2 is VaultV1 {
    uint256 public minimumVoteWeight;

    function initializeV2(uint256 minimumVoteWeight_) external reinitializer(2) {
        minimumVoteWeight = minimumVoteWeight_;
    }

    function version() external pure virtual override returns (uint256) {
        return 2;
    }
}

/// @notice `VaultV1` behind an `ERC1967Proxy`: only the owner (the Safe) may upgrade.
contract VaultUupsV1 is VaultV1, UUPSUpgradeable {
    function _authorizeUpgrade(address) internal view override {
        if (msg.sender != owner) revert VaultUnauthorized(msg.sender);
    }
}

/// @notice `VaultV2` behind an `ERC1967Proxy`: only the owner (the Safe) may upgrade, so it can also roll back.
contract VaultUupsV2 is VaultV2, UUPSUpgradeable {
    function _authorizeUpgrade(address) internal view override {
        if (msg.sender != owner) revert VaultUnauthorized(msg.sender);
    }
}
