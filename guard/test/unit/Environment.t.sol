// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ManifestGuard} from "../../src/ManifestGuard.sol";
import {IManifestGuard} from "../../src/interfaces/IManifestGuard.sol";
import {IManifestGuardErrors as E} from "../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {ISafe} from "../utils/ISafe.sol";
import {SafeDeployer} from "../utils/SafeDeployer.sol";
import {UnitTestBase} from "./UnitTestBase.sol";

/// @notice A manifest id binds its environment: the chain and the guard instance (EIP-712 domain). An approval
///         given for one environment does not count in another.
abstract contract EnvironmentTest is UnitTestBase {
    uint256 internal constant OTHER_CHAIN = 10;

    function _manifest42() internal view returns (T.Manifest memory m) {
        m = _release("OPS-1", _setStep(42));
        m.rollback = keccak256("OPS-1-rollback");
    }

    // ------------------------------------------------------------ chain id

    function test_manifestId_ChangesWithChainId() public {
        T.Manifest memory m = _manifest42();
        bytes32 id = _register(m);
        _approve(id, 2);
        assertEq(guard.manifestId(m), id);
        bytes32 domain = guard.DOMAIN_SEPARATOR();

        vm.chainId(OTHER_CHAIN);
        bytes32 otherId = guard.manifestId(m);
        assertNotEq(otherId, id);
        assertNotEq(guard.DOMAIN_SEPARATOR(), domain);
        // Under this chain's id the manifest was never registered, let alone approved.
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardUnknownManifest.selector, otherId));
        guard.getManifest(otherId);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardUnknownManifest.selector, otherId));
        guard.hasApproved(otherId, approver1);
    }

    function test_approveBySig_RevertWhen_SignedOnAnotherChain() public {
        T.Manifest memory m = _manifest42();
        bytes32 id = guard.manifestId(m);
        (, uint256 key) = makeAddrAndKey("approver1");
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, guard.approvalDigest(id));
        bytes memory signature = abi.encodePacked(r, s, v);

        vm.chainId(OTHER_CHAIN);
        bytes32 otherId = _register(m);
        assertNotEq(otherId, id);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardInvalidApprovalSignature.selector, otherId, approver1));
        guard.approveBySig(otherId, approver1, signature);
        // Replaying it for the original id fails as well: the digest binds the chain id.
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardInvalidApprovalSignature.selector, id, approver1));
        guard.approveBySig(id, approver1, signature);
    }

    // ------------------------------------------------------------ guard instance

    function test_manifestId_DiffersPerGuardInstance() public {
        IManifestGuard other = _deployGuard(address(safe), defaultConfig());
        T.Manifest memory m = _manifest42();
        assertNotEq(other.manifestId(m), guard.manifestId(m));
        assertNotEq(other.DOMAIN_SEPARATOR(), guard.DOMAIN_SEPARATOR());
        assertNotEq(other.approvalDigest(bytes32(0)), guard.approvalDigest(bytes32(0)));
    }

    function test_checkTransaction_RevertWhen_ApprovedOnAnotherGuardInstance() public {
        IManifestGuard other = _deployGuard(address(safe), defaultConfig());
        T.Step memory step = _setStep(42);
        T.Manifest memory m = _release("OPS-1", step);
        m.rollback = _readyRollback("OPS-1-rollback", _setStep(0));
        bytes32 id = _register(m);
        _approve(id, 2);

        // The Safe switches to the other guard instance (a privileged manifest on the current one).
        T.Step memory swap = _safeStep(abi.encodeCall(ISafe.setGuard, (address(other))));
        _readyWith(_release("OPS-swap", swap), 1000);
        assertTrue(_exec(swap));
        assertEq(_guardOf(safe), address(other));

        // The step approved on the first guard means nothing to the second...
        _expectExecRevert(step, _errNoMatch(step));
        // ...and the same manifest registered there has another id, with no approvals.
        vm.prank(proposer);
        bytes32 otherId = other.register(m);
        assertNotEq(otherId, id);
        assertEq(other.getManifest(otherId).approvals, 0);
        _expectExecRevert(step, abi.encodeWithSelector(E.ManifestGuardNotApproved.selector, otherId));
    }
}

contract EnvironmentTest_v130 is EnvironmentTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_3_0;
    }
}

contract EnvironmentTest_v141 is EnvironmentTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_4_1;
    }
}

contract EnvironmentTest_v150 is EnvironmentTest {}

/// @notice Kept apart from the per-version suites: it documents one suspected gap, independent of the Safe version.
contract ChainIdReplayTest is UnitTestBase {
    uint256 internal constant OTHER_CHAIN = 10;

    /// @dev A chain split leaves the guard's storage on both chains; the manifest was registered (and its id bound)
    ///      under chain 31337, so under another chain id its steps never run, and its id there is a different one.
    function test_checkTransaction_RevertWhen_ApprovedOnAnotherChain() public {
        T.Step memory step = _setStep(42);
        T.Manifest memory m = _release("OPS-1", step);
        bytes32 id = _ready(m);

        vm.chainId(OTHER_CHAIN);
        assertNotEq(guard.manifestId(m), id);
        T.Verdict memory verdict = guard.explainTransaction(
            step.to, step.value, step.data, step.operation, 0, address(0), address(0), executor
        );
        assertFalse(verdict.allowed, "a step approved under chain 31337 passes under another chain id");
        assertEq(
            verdict.reason,
            abi.encodeWithSelector(E.ManifestGuardWrongChain.selector, id, uint256(31_337), uint256(OTHER_CHAIN))
        );
    }
}
