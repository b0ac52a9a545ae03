// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";

import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {UpgradeFlowTest} from "./UpgradeFlowTest.sol";
import {IVault, VaultUupsV1, VaultUupsV2, VaultV1} from "./UpgradeableVault.sol";

/// @notice OpenZeppelin v5 UUPS: `ERC1967Proxy` in front of an implementation whose `_authorizeUpgrade` accepts only
///         the owner, the Safe, which calls `upgradeToAndCall(implementation, data)` on the proxy.
contract UupsUpgradeFlowTest is UpgradeFlowTest {
    function _deployVaults() internal override {
        v1 = address(new VaultUupsV1());
        v2 = address(new VaultUupsV2());
        proxyA = _deployProxy();
        proxyB = _deployProxy();
    }

    function _deployProxy() private returns (address) {
        return address(new ERC1967Proxy(v1, abi.encodeCall(IVault.initialize, (address(safe), FEE_V1))));
    }

    function _upgradeStep(address proxy, address implementation, bytes memory init)
        internal
        pure
        override
        returns (T.Step memory)
    {
        return _step(proxy, abi.encodeCall(UUPSUpgradeable.upgradeToAndCall, (implementation, init)));
    }

    function _implementationOf(address proxy) internal view override returns (address) {
        return _slotAddress(proxy, ERC1967Utils.IMPLEMENTATION_SLOT);
    }

    /// @notice The Safe (hence the guard) is the only upgrade path: anyone else is refused by `_authorizeUpgrade`.
    function test_uups_RevertWhen_upgradeBypassesTheSafe() public {
        bytes memory init = abi.encodeCall(IVault.initializeV2, (VOTE_WEIGHT));
        for (uint256 i; i < 2; ++i) {
            address caller = i == 0 ? stranger : executor;
            vm.prank(caller);
            vm.expectRevert(abi.encodeWithSelector(VaultV1.VaultUnauthorized.selector, caller));
            UUPSUpgradeable(proxyA).upgradeToAndCall(v2, init);
        }
        assertEq(_implementationOf(proxyA), v1);
    }

    /// @notice The implementations answer the ERC-1822 UUID only when called directly, as UUPS requires.
    function test_uups_implementationsAreProxiable() public view {
        assertEq(VaultUupsV2(v2).proxiableUUID(), ERC1967Utils.IMPLEMENTATION_SLOT);
        assertEq(VaultUupsV1(v1).proxiableUUID(), ERC1967Utils.IMPLEMENTATION_SLOT);
    }

    /// @notice The EIP-1967 slots the checks and assertions read, recomputed from their preimages.
    function test_erc1967Slots_matchTheirPreimages() public pure {
        assertEq(ERC1967Utils.IMPLEMENTATION_SLOT, bytes32(uint256(keccak256("eip1967.proxy.implementation")) - 1));
        assertEq(ERC1967Utils.ADMIN_SLOT, bytes32(uint256(keccak256("eip1967.proxy.admin")) - 1));
        assertEq(ERC1967Utils.BEACON_SLOT, bytes32(uint256(keccak256("eip1967.proxy.beacon")) - 1));
    }
}
