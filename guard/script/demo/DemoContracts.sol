// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";

/// @notice The demo desk's protocol contract behind Transparent and Beacon proxies (version 1).
contract DemoPoolV1 is Initializable {
    address public owner;
    uint256 public feeBps;

    error DemoPoolNotOwner(address caller);

    constructor() {
        _disableInitializers();
    }

    function initialize(address owner_, uint256 feeBps_) external initializer {
        owner = owner_;
        feeBps = feeBps_;
    }

    function setFee(uint256 feeBps_) external {
        if (msg.sender != owner) revert DemoPoolNotOwner(msg.sender);
        feeBps = feeBps_;
    }

    function version() external pure virtual returns (string memory) {
        return "1.0.0";
    }
}

/// @notice Version 2 of the demo pool: adds a fee cap set by its reinitializer.
contract DemoPoolV2 is DemoPoolV1 {
    uint256 public feeCapBps;

    function initializeV2(uint256 feeCapBps_) external reinitializer(2) {
        feeCapBps = feeCapBps_;
    }

    function version() external pure override returns (string memory) {
        return "2.0.0";
    }
}

/// @notice The demo desk's UUPS vault (version 1); only its owner (the Safe) may upgrade it.
contract DemoVaultV1 is Initializable, UUPSUpgradeable {
    address public owner;

    error DemoVaultNotOwner(address caller);

    constructor() {
        _disableInitializers();
    }

    function initialize(address owner_) external initializer {
        owner = owner_;
    }

    function version() external pure virtual returns (string memory) {
        return "1.0.0";
    }

    function _authorizeUpgrade(address) internal view override {
        if (msg.sender != owner) revert DemoVaultNotOwner(msg.sender);
    }
}

/// @notice Version 2 of the demo vault.
contract DemoVaultV2 is DemoVaultV1 {
    function version() external pure override returns (string memory) {
        return "2.0.0";
    }
}
