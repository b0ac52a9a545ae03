// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {ManifestGuardTestBase} from "../utils/ManifestGuardTestBase.sol";
import {SafeDeployer} from "../utils/SafeDeployer.sol";

abstract contract SmokeTest is ManifestGuardTestBase {
    function test_release_executesApprovedStep() public {
        T.Step memory step = _setStep(42);
        _ready(_manifest(T.ManifestKind.Release, "OPS-1", bytes32(0), _phase(step)));
        assertTrue(_exec(step));
        assertEq(target.value(), 42);
    }
}

contract SmokeTest_v130 is SmokeTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_3_0;
    }
}

contract SmokeTest_v141 is SmokeTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_4_1;
    }
}

contract SmokeTest_v150 is SmokeTest {}
