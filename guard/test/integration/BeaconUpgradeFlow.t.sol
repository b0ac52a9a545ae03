// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {BeaconProxy} from "@openzeppelin/contracts/proxy/beacon/BeaconProxy.sol";
import {UpgradeableBeacon} from "@openzeppelin/contracts/proxy/beacon/UpgradeableBeacon.sol";

import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {UpgradeFlowTest} from "./UpgradeFlowTest.sol";
import {IVault, VaultV1, VaultV2} from "./UpgradeableVault.sol";

/// @notice OpenZeppelin v5 beacons: an `UpgradeableBeacon` owned by the Safe serves two `BeaconProxy` instances, so
///         one `upgradeTo` moves both. The canary therefore upgrades the beacon and runs `initializeV2` on every
///         instance in one MultiSend step; the rollout is a configuration call on each instance.
contract BeaconUpgradeFlowTest is UpgradeFlowTest {
    UpgradeableBeacon internal beacon;

    function _deployVaults() internal override {
        v1 = address(new VaultV1());
        v2 = address(new VaultV2());
        beacon = new UpgradeableBeacon(v1, address(safe));
        assertEq(beacon.owner(), address(safe));
        proxyA = _deployProxy();
        proxyB = _deployProxy();
    }

    function _deployProxy() private returns (address) {
        return address(new BeaconProxy(address(beacon), abi.encodeCall(IVault.initialize, (address(safe), FEE_V1))));
    }

    /// @dev The beacon moves every instance; `init` runs on `proxy` in the same MultiSend.
    function _upgradeStep(address proxy, address implementation, bytes memory init)
        internal
        view
        override
        returns (T.Step memory)
    {
        T.Step memory upgrade = _step(address(beacon), abi.encodeCall(UpgradeableBeacon.upgradeTo, (implementation)));
        if (init.length == 0) return upgrade;
        T.Step[] memory calls = new T.Step[](2);
        (calls[0], calls[1]) = (upgrade, _step(proxy, init));
        return _multiSend(calls);
    }

    function _implementationOf(address proxy) internal view override returns (address) {
        assertEq(_slotAddress(proxy, ERC1967Utils.BEACON_SLOT), address(beacon));
        return beacon.implementation();
    }

    function _upgradeEmitter(address) internal view override returns (address) {
        return address(beacon);
    }

    function _implementationCheck(address, address implementation) internal view override returns (T.Check memory) {
        return
            _resultCheck(
                address(beacon), abi.encodeCall(UpgradeableBeacon.implementation, ()), abi.encode(implementation)
            );
    }

    function _canaryPhase() internal view override returns (T.Phase memory phase) {
        bytes memory init = abi.encodeCall(IVault.initializeV2, (VOTE_WEIGHT));
        T.Step[] memory calls = new T.Step[](3);
        calls[0] = _step(address(beacon), abi.encodeCall(UpgradeableBeacon.upgradeTo, (v2)));
        calls[1] = _step(proxyA, init);
        calls[2] = _step(proxyB, init);
        phase = _phase(_multiSend(calls));
        phase.checks = _checks(
            _implementationCheck(proxyA, v2),
            _resultCheck(proxyA, abi.encodeCall(IVault.version, ()), abi.encode(uint256(2))),
            _codeHashCheck(v2),
            _resultCheck(proxyB, abi.encodeCall(IVault.minimumVoteWeight, ()), abi.encode(VOTE_WEIGHT))
        );
        phase.minSoak = SOAK;
    }

    function _rolloutPhase() internal view override returns (T.Phase memory phase) {
        phase = _phase(
            _step(proxyA, abi.encodeCall(IVault.setFee, (NEW_FEE))),
            _step(proxyB, abi.encodeCall(IVault.setFee, (NEW_FEE)))
        );
        phase.checks = _checks(
            _resultCheck(proxyA, abi.encodeCall(IVault.fee, ()), abi.encode(NEW_FEE)),
            _resultCheck(proxyB, abi.encodeCall(IVault.fee, ()), abi.encode(NEW_FEE)),
            _resultCheck(proxyB, abi.encodeCall(IVault.version, ()), abi.encode(uint256(2)))
        );
    }

    function _rollbackPhase() internal view override returns (T.Phase memory phase) {
        phase = _phase(_step(address(beacon), abi.encodeCall(UpgradeableBeacon.upgradeTo, (v1))));
        phase.checks = _checks(
            _implementationCheck(proxyA, v1),
            _resultCheck(proxyA, abi.encodeCall(IVault.version, ()), abi.encode(uint256(1))),
            _resultCheck(proxyB, abi.encodeCall(IVault.version, ()), abi.encode(uint256(1)))
        );
    }
}
