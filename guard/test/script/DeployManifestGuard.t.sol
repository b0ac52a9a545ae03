// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";

import {DeployManifestGuard} from "../../script/DeployManifestGuard.s.sol";
import {ManifestGuard} from "../../src/ManifestGuard.sol";
import {IManifestGuard} from "../../src/interfaces/IManifestGuard.sol";
import {IManifestGuardTypes} from "../../src/interfaces/IManifestGuardTypes.sol";

contract DeployManifestGuardTest is Test {
    DeployManifestGuard internal script;

    function setUp() public {
        script = new DeployManifestGuard();
        vm.setEnv("MANIFEST_GUARD_CONFIG", "guard/deployments/example.json");
    }

    function test_run_deploysConfiguredGuardAtItsCreate2Address() public {
        IManifestGuard guard = script.run();
        assertEq(guard.SAFE(), 0x00000000000000000000000000000000000051Fe);
        IManifestGuardTypes.GuardConfig memory config = guard.getConfig();
        assertEq(config.proposers[0], 0x90F79bf6EB2c4f870365E785982E1f101E93b906);
        assertEq(config.approvers.length, 2);
        assertEq(config.executors[0], 0x976EA74026E726554dB657fA54763abd0C3a0aa9);
        assertEq(config.guardians[0], 0x14dC79964da2C08b23698B3D3cc7Ca32193d9955);
        assertEq(config.privilegedDelay, 86_400);
        assertEq(config.privilegedSelectors[0], bytes4(0x12345678));
        assertEq(config.containmentSelectors[0], bytes4(0x8456cb59)); // pause()
        assertEq(guard.rolesOf(config.executors[0]), guard.ROLE_EXECUTOR());
    }

    function test_run_isIdempotent() public {
        IManifestGuard first = script.run();
        IManifestGuard second = script.run();
        assertEq(address(first), address(second));
    }
}
