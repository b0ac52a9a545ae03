// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardErrors as E} from "../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {ISafe} from "../utils/ISafe.sol";
import {SafeDeployer} from "../utils/SafeDeployer.sol";
import {UnitTestBase} from "./UnitTestBase.sol";

/// @notice The documented way out: the guard is removed only by a privileged manifest, and removing and
///         re-installing it does not bring back manifests that were cancelled or halted.
abstract contract GuardRemovalTest is UnitTestBase {
    function _removal() internal view returns (T.Step memory) {
        return _safeStep(abi.encodeCall(ISafe.setGuard, (address(0))));
    }

    function test_setGuard_RevertWhen_RemovalNotInManifest() public {
        T.Step memory removal = _removal();
        _expectExecRevert(removal, _errNoMatch(removal));
        assertEq(_guardOf(safe), address(guard));
    }

    function test_setGuard_RemovesGuardThroughPrivilegedManifest() public {
        T.Step memory removal = _removal();
        T.Manifest memory m = _release("OPS-unguard", removal);
        uint256 approvedAt = block.timestamp;
        bytes32 id = _ready(m);
        T.ManifestView memory view_ = guard.getManifest(id);
        assertEq(uint8(view_.lane), uint8(T.Lane.Privileged));
        assertEq(view_.approvals, 3);
        assertEq(view_.executableFrom, approvedAt + 2 days);

        assertTrue(_exec(removal));
        assertEq(_guardOf(safe), address(0));
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Completed));
        // The Safe is on its own again: any transaction the owners sign runs.
        assertTrue(_execAs(owners[0], address(target), 0, abi.encodeCall(target.set, (5)), CALL));
        assertEq(target.value(), 5);
    }

    function test_setGuard_ReinstallDoesNotReviveCancelledOrHaltedManifests() public {
        T.Step memory cancelledStep = _setStep(11);
        T.Step memory haltedStep = _setStep(12);
        T.Manifest memory cancelled = _release("OPS-cancelled", cancelledStep);
        cancelled.rollback = keccak256("OPS-cancelled-rollback");
        bytes32 cancelledId = _register(cancelled);
        vm.prank(proposer);
        guard.cancel(cancelledId);
        bytes32 haltedId = _readyWith(_release("OPS-halted", haltedStep), 1000);
        vm.prank(guardian);
        guard.halt(haltedId);

        T.Step memory removal = _removal();
        _readyWith(_release("OPS-unguard", removal), 1001);
        assertTrue(_exec(removal));
        assertEq(_guardOf(safe), address(0));

        // Re-installing the same guard is an unguarded Safe transaction now.
        assertTrue(_execAs(executor, address(safe), 0, abi.encodeCall(ISafe.setGuard, (address(guard))), CALL));
        assertEq(_guardOf(safe), address(guard));

        _expectExecRevert(cancelledStep, abi.encodeWithSelector(E.ManifestGuardManifestCancelled.selector, cancelledId));
        _expectExecRevert(haltedStep, abi.encodeWithSelector(E.ManifestGuardManifestHalted.selector, haltedId));
        assertEq(uint8(_status(cancelledId)), uint8(T.ManifestStatus.Cancelled));
        assertEq(uint8(_status(haltedId)), uint8(T.ManifestStatus.Halted));
        // And the removal itself does not replay.
        _expectExecRevert(removal, _errNoMatch(removal));
    }
}

contract GuardRemovalTest_v130 is GuardRemovalTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_3_0;
    }
}

contract GuardRemovalTest_v141 is GuardRemovalTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_4_1;
    }
}

contract GuardRemovalTest_v150 is GuardRemovalTest {}
