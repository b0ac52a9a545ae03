// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "forge-std/Vm.sol";

import {ISafe, ISafeProxyFactory} from "./ISafe.sol";

/// @notice Deploys the real, published Safe contracts (bytecode from the npm packages' build artifacts) for one
///         of the versions Manifest Guard supports, and creates Safe proxies on them.
library SafeDeployer {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    enum Version {
        V1_3_0,
        V1_4_1,
        V1_5_0
    }

    struct Deployment {
        Version version;
        address singleton;
        ISafeProxyFactory factory;
        address multiSendCallOnly;
        address multiSend;
        address fallbackHandler;
    }

    function deploy(Version version) internal returns (Deployment memory d) {
        d.version = version;
        if (version == Version.V1_3_0) {
            string memory root = "node_modules/@gnosis.pm/safe-contracts/build/artifacts/contracts/";
            d.singleton = _create(root, "GnosisSafe.sol/GnosisSafe.json");
            d.factory =
                ISafeProxyFactory(_create(root, "proxies/GnosisSafeProxyFactory.sol/GnosisSafeProxyFactory.json"));
            d.multiSendCallOnly = _create(root, "libraries/MultiSendCallOnly.sol/MultiSendCallOnly.json");
            d.multiSend = _create(root, "libraries/MultiSend.sol/MultiSend.json");
            d.fallbackHandler =
                _create(root, "handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json");
        } else {
            string memory root = version == Version.V1_4_1
                ? "node_modules/@safe-global/safe-contracts/build/artifacts/contracts/"
                : "node_modules/@safe-global/safe-smart-account/build/artifacts/contracts/";
            d.singleton = _create(root, "Safe.sol/Safe.json");
            d.factory = ISafeProxyFactory(_create(root, "proxies/SafeProxyFactory.sol/SafeProxyFactory.json"));
            d.multiSendCallOnly = _create(root, "libraries/MultiSendCallOnly.sol/MultiSendCallOnly.json");
            d.multiSend = _create(root, "libraries/MultiSend.sol/MultiSend.json");
            d.fallbackHandler =
                _create(root, "handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json");
        }
    }

    function createSafe(Deployment memory d, address[] memory owners, uint256 threshold, uint256 salt)
        internal
        returns (ISafe safe)
    {
        bytes memory initializer = abi.encodeCall(
            ISafe.setup, (owners, threshold, address(0), "", d.fallbackHandler, address(0), 0, address(0))
        );
        safe = ISafe(d.factory.createProxyWithNonce(d.singleton, initializer, salt));
    }

    function versionString(Version version) internal pure returns (string memory) {
        if (version == Version.V1_3_0) return "1.3.0";
        if (version == Version.V1_4_1) return "1.4.1";
        return "1.5.0";
    }

    function _create(string memory root, string memory artifact) private returns (address deployed) {
        bytes memory code = vm.parseJsonBytes(vm.readFile(string.concat(root, artifact)), ".bytecode");
        assembly ("memory-safe") {
            deployed := create(0, add(code, 0x20), mload(code))
        }
        require(deployed != address(0), artifact);
    }
}
