// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {ProxyAdmin} from "@openzeppelin/contracts/proxy/transparent/ProxyAdmin.sol";
import {
    ITransparentUpgradeableProxy,
    TransparentUpgradeableProxy
} from "@openzeppelin/contracts/proxy/transparent/TransparentUpgradeableProxy.sol";

import {ManifestGuard} from "../../src/ManifestGuard.sol";
import {IManifestGuard} from "../../src/interfaces/IManifestGuard.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {SafeDeployer} from "../utils/SafeDeployer.sol";
import {UpgradeFlowTest} from "./UpgradeFlowTest.sol";
import {IVault, VaultV1, VaultV2} from "./UpgradeableVault.sol";

/// @notice OpenZeppelin v5 Transparent proxies: each proxy creates its own ProxyAdmin, owned by the Safe, and the
///         Safe upgrades through `ProxyAdmin.upgradeAndCall(proxy, implementation, data)`.
abstract contract TransparentUpgradeFlowTest is UpgradeFlowTest {
    function _deployVaults() internal override {
        v1 = address(new VaultV1());
        v2 = address(new VaultV2());
        proxyA = _deployProxy();
        proxyB = _deployProxy();
    }

    function _deployProxy() private returns (address proxy) {
        proxy = address(
            new TransparentUpgradeableProxy(
                v1, address(safe), abi.encodeCall(IVault.initialize, (address(safe), FEE_V1))
            )
        );
        assertEq(ProxyAdmin(_adminOf(proxy)).owner(), address(safe));
    }

    function _adminOf(address proxy) internal view returns (address) {
        return _slotAddress(proxy, ERC1967Utils.ADMIN_SLOT);
    }

    function _upgradeStep(address proxy, address implementation, bytes memory init)
        internal
        view
        override
        returns (T.Step memory)
    {
        return _step(
            _adminOf(proxy),
            abi.encodeCall(ProxyAdmin.upgradeAndCall, (ITransparentUpgradeableProxy(proxy), implementation, init))
        );
    }

    function _implementationOf(address proxy) internal view override returns (address) {
        return _slotAddress(proxy, ERC1967Utils.IMPLEMENTATION_SLOT);
    }

    /// @notice Handing a ProxyAdmin to someone else is always privileged. An upgrade through it is routine under
    ///         the default configuration, and privileged once the team lists the ProxyAdmin as an authority.
    function test_transparent_lanes_proxyAdminTransferPrivileged_upgradePrivilegedOnlyForAuthorities() public {
        T.Manifest memory upgrade = _releaseManifest(keccak256("rollback"));
        assertEq(uint8(guard.computeLane(upgrade)), uint8(T.Lane.Routine));

        T.Manifest memory handover = _manifest(
            T.ManifestKind.Release,
            "REL-9",
            keccak256("rollback"),
            _phase(_step(_adminOf(proxyA), abi.encodeCall(Ownable.transferOwnership, (stranger))))
        );
        assertEq(uint8(guard.computeLane(handover)), uint8(T.Lane.Privileged));

        T.GuardConfig memory config = defaultConfig();
        config.authorities = new address[](1);
        config.authorities[0] = _adminOf(proxyA);
        IManifestGuard strict = _deployGuard(address(safe), config);
        assertEq(uint8(strict.computeLane(upgrade)), uint8(T.Lane.Privileged));
    }
}

contract TransparentUpgradeFlowTest_v130 is TransparentUpgradeFlowTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_3_0;
    }
}

contract TransparentUpgradeFlowTest_v141 is TransparentUpgradeFlowTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_4_1;
    }
}

contract TransparentUpgradeFlowTest_v150 is TransparentUpgradeFlowTest {}
