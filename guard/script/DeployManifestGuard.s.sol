// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Script, console2} from "forge-std/Script.sol";

import {ManifestGuard} from "../src/ManifestGuard.sol";
import {IManifestGuard} from "../src/interfaces/IManifestGuard.sol";
import {IManifestGuardTypes} from "../src/interfaces/IManifestGuardTypes.sol";

/// @title DeployManifestGuard
/// @notice Deploys a ManifestGuard for one Safe through the CREATE2 deployer (same Safe and configuration, same
///         address on every chain), initializes it with that configuration (the deployment commits to its hash), then
///         prints the `setGuard` transaction the Safe's owners sign to install it.
/// @dev Configuration file (path in MANIFEST_GUARD_CONFIG, under guard/deployments/), every field required:
///      {
///        "safe": "0x…", "proposers": ["0x…"], "approvers": ["0x…", "0x…"], "executors": ["0x…"],
///        "guardians": ["0x…"], "routineThreshold": 2, "privilegedThreshold": 2, "routineDelay": 3600,
///        "privilegedDelay": 86400, "maxFreeze": 259200, "freezeCooldown": 86400,
///        "multiSendCallOnly": "0x9641d764fc13c8B624c04430C7356C1C7C8102e2", "authorities": [],
///        "privilegedSelectors": ["0x12345678"], "containmentSelectors": ["0x8456cb59"]
///      }
///      `containmentSelectors` is optional: the selectors an Emergency manifest may call (absent or empty: `pause()`).
///      Run: MANIFEST_GUARD_CONFIG=guard/deployments/my-safe.json npx forge script guard/script/DeployManifestGuard.s.sol \
///             --rpc-url $RPC_URL --broadcast --account <keystore>
contract DeployManifestGuard is Script {
    /// @notice Deploys (or finds) the guard for the configured Safe and prints how to install it.
    function run() external returns (IManifestGuard guard) {
        string memory json = vm.readFile(vm.envString("MANIFEST_GUARD_CONFIG"));
        address safe = vm.parseJsonAddress(json, ".safe");
        IManifestGuardTypes.GuardConfig memory config = parseConfig(json);
        bytes32 salt = keccak256(abi.encode("ManifestGuard", safe));

        bytes32 configHash = keccak256(abi.encode(config));
        bytes memory initCode = abi.encodePacked(type(ManifestGuard).creationCode, abi.encode(safe, configHash));
        address predicted = vm.computeCreate2Address(salt, keccak256(initCode));
        if (predicted.code.length != 0) {
            console2.log("ManifestGuard already deployed at", predicted);
            guard = IManifestGuard(predicted);
        } else {
            vm.broadcast();
            guard = IManifestGuard(address(new ManifestGuard{salt: salt}(safe, configHash)));
        }
        // The deployment commits to the configuration; anyone may then set exactly that one.
        if (!guard.supportsInterface(0xe6d7a83a)) {
            vm.broadcast();
            guard.initialize(config);
        }
        console2.log("ManifestGuard", address(guard));
        console2.log("Install it with a Safe transaction from the Safe's owners:");
        console2.log("  to:   ", safe);
        console2.log("  data: ");
        console2.logBytes(abi.encodeWithSignature("setGuard(address)", address(guard)));
        console2.log("On Safe 1.5.0 also set it as module guard (same transaction as a MultiSendCallOnly batch):");
        console2.logBytes(abi.encodeWithSignature("setModuleGuard(address)", address(guard)));
    }

    /// @notice Reads a guard configuration from the JSON layout documented above.
    function parseConfig(string memory json) public view returns (IManifestGuardTypes.GuardConfig memory config) {
        config.proposers = vm.parseJsonAddressArray(json, ".proposers");
        config.approvers = vm.parseJsonAddressArray(json, ".approvers");
        config.executors = vm.parseJsonAddressArray(json, ".executors");
        config.guardians = vm.parseJsonAddressArray(json, ".guardians");
        config.routineThreshold = uint8(vm.parseJsonUint(json, ".routineThreshold"));
        config.privilegedThreshold = uint8(vm.parseJsonUint(json, ".privilegedThreshold"));
        config.routineDelay = uint32(vm.parseJsonUint(json, ".routineDelay"));
        config.privilegedDelay = uint32(vm.parseJsonUint(json, ".privilegedDelay"));
        config.maxFreeze = uint32(vm.parseJsonUint(json, ".maxFreeze"));
        config.freezeCooldown = uint32(vm.parseJsonUint(json, ".freezeCooldown"));
        config.multiSendCallOnly = vm.parseJsonAddress(json, ".multiSendCallOnly");
        config.authorities = vm.parseJsonAddressArray(json, ".authorities");
        config.privilegedSelectors = _selectors(vm.parseJsonBytesArray(json, ".privilegedSelectors"));
        if (vm.keyExistsJson(json, ".containmentSelectors")) {
            config.containmentSelectors = _selectors(vm.parseJsonBytesArray(json, ".containmentSelectors"));
        }
    }

    function _selectors(bytes[] memory raw) private pure returns (bytes4[] memory selectors) {
        selectors = new bytes4[](raw.length);
        for (uint256 i; i < raw.length; ++i) {
            selectors[i] = bytes4(raw[i]);
        }
    }
}
