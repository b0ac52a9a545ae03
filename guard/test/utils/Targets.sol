// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice A plain contract the Safe configures in tests (stands for any protocol contract the Safe controls).
contract Target {
    uint256 public value;
    address public owner;
    bool public paused;

    error TargetFailure(uint256 code);

    constructor(address owner_) {
        owner = owner_;
    }

    function set(uint256 newValue) external payable {
        value = newValue;
    }

    function pause() external {
        paused = true;
    }

    function fail(uint256 code) external pure {
        revert TargetFailure(code);
    }

    function transferOwnership(address newOwner) external {
        owner = newOwner;
    }
}

/// @notice A telemetry source for entry conditions (e.g. a pool's reserves or an oracle's deviation).
contract Telemetry {
    uint256 public reading;

    function setReading(uint256 newReading) external {
        reading = newReading;
    }
}

/// @notice What the February 2025 Safe{Wallet} payload did: a delegatecall that rewrites the Safe's singleton slot.
contract SingletonRewriter {
    function rewrite(address newSingleton) external {
        assembly ("memory-safe") {
            sstore(0, newSingleton)
        }
    }
}

/// @notice Answers every call with `size` bytes: a check or entry condition pointed at it must fail with its named
///         error, not run the guard out of gas copying the answer.
contract ReturnBomb {
    uint256 public immutable SIZE;

    constructor(uint256 size) {
        SIZE = size;
    }

    fallback() external {
        uint256 size = SIZE;
        assembly ("memory-safe") {
            mstore(0, 1)
            return(0, size)
        }
    }
}
