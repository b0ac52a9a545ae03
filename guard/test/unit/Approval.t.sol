// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ManifestGuard} from "../../src/ManifestGuard.sol";
import {IManifestGuard} from "../../src/interfaces/IManifestGuard.sol";
import {IManifestGuardErrors as E} from "../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardEvents as Ev} from "../../src/interfaces/IManifestGuardEvents.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {SafeDeployer} from "../utils/SafeDeployer.sol";
import {UnitTestBase} from "./UnitTestBase.sol";

/// @notice An ERC-1271 approver (e.g. a hardware-wallet-backed smart account) that accepts one digest.
contract ApproverWallet {
    bytes32 public acceptedDigest;

    function accept(bytes32 digest) external {
        acceptedDigest = digest;
    }

    function isValidSignature(bytes32 digest, bytes calldata) external view returns (bytes4) {
        return digest == acceptedDigest ? bytes4(0x1626ba7e) : bytes4(0xffffffff);
    }
}

/// @notice Approvals: by the approver set only, never by the proposer, once each, directly or by EIP-712 signature.
abstract contract ApprovalTest is UnitTestBase {
    uint64 internal registeredAt;

    function _registered() internal returns (bytes32 id) {
        registeredAt = uint64(block.timestamp);
        id = _register(_registeredManifest());
    }

    /// @dev The manifest `_registered` registered (its window starts at the time of registration).
    function _registeredManifest() internal view returns (T.Manifest memory m) {
        m = _release("OPS-1", _setStep(42));
        m.rollback = keccak256("OPS-1-rollback");
        m.notBefore = registeredAt;
        m.expiry = registeredAt + WINDOW;
    }

    function _signApproval(string memory name, bytes32 id) internal returns (address account, bytes memory signature) {
        uint256 key;
        (account, key) = makeAddrAndKey(name);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, guard.approvalDigest(id));
        signature = abi.encodePacked(r, s, v);
    }

    // ------------------------------------------------------------ approve

    function test_approve_RecordsApprovalsUntilThreshold() public {
        bytes32 id = _registered();
        vm.expectEmit(address(guard));
        emit Ev.ManifestApprovalRecorded(id, approver1, 1, 2);
        vm.prank(approver1);
        guard.approve(id);
        assertTrue(guard.hasApproved(id, approver1));
        assertFalse(guard.hasApproved(id, approver2));
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Registered));

        vm.expectEmit(address(guard));
        emit Ev.ManifestApprovalRecorded(id, approver2, 2, 2);
        vm.expectEmit(address(guard));
        emit Ev.ManifestApproved(id, uint64(block.timestamp) + 1 hours);
        vm.prank(approver2);
        guard.approve(id);
        T.ManifestView memory view_ = guard.getManifest(id);
        assertEq(uint8(view_.status), uint8(T.ManifestStatus.Approved));
        assertEq(view_.approvals, 2);
        assertEq(view_.approvedAt, block.timestamp);
        assertEq(view_.executableFrom, block.timestamp + 1 hours);
    }

    function test_approve_RevertWhen_NotApprover() public {
        bytes32 id = _registered();
        address[4] memory callers = [proposer, executor, guardian, stranger];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNotApprover.selector, callers[i]));
            vm.prank(callers[i]);
            guard.approve(id);
        }
    }

    /// @dev Roles are disjoint, so the proposer of a manifest can only become an approver through a (privileged)
    ///      configuration change; even then they cannot approve what they proposed.
    function test_approve_RevertWhen_SelfApproval() public {
        bytes32 id = _registered();

        T.GuardConfig memory config = defaultConfig();
        config.proposers = _list(makeAddr("proposer2"));
        config.approvers = new address[](4);
        config.approvers[0] = approver1;
        config.approvers[1] = approver2;
        config.approvers[2] = approver3;
        config.approvers[3] = proposer;
        T.Step memory change = _configureStep(config);
        bytes32 changeId = _ready(_release("CFG-1", change));
        assertEq(uint8(guard.getManifest(changeId).lane), uint8(T.Lane.Privileged));
        assertTrue(_exec(change));
        assertEq(guard.rolesOf(proposer), guard.ROLE_APPROVER());
        // The configuration changed: the registered manifest's lane is computed again before approvals count.
        guard.reclassify(_registeredManifest());

        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardSelfApproval.selector, id, proposer));
        vm.prank(proposer);
        guard.approve(id);
        // The former proposer can approve what others proposed.
        vm.prank(approver1);
        guard.approve(id);
    }

    function test_approve_RevertWhen_AlreadyApproved() public {
        bytes32 id = _registered();
        vm.prank(approver1);
        guard.approve(id);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardAlreadyApproved.selector, id, approver1));
        vm.prank(approver1);
        guard.approve(id);
        assertEq(guard.getManifest(id).approvals, 1);
    }

    /// @dev Approvals are counted when used (rule 6): an approved manifest that has not started takes more
    ///      approvals; one that started takes none.
    function test_approve_RevertWhen_ManifestAlreadyStarted() public {
        bytes32 id = _ready(_release("OPS-1", _phase(_setStep(1), _setStep(2))));
        assertTrue(_exec(_setStep(1)));
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardInvalidStatus.selector, id, T.ManifestStatus.Approved));
        vm.prank(approver3);
        guard.approve(id);
    }

    function test_approve_RevertWhen_Cancelled() public {
        bytes32 id = _registered();
        vm.prank(proposer);
        guard.cancel(id);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardInvalidStatus.selector, id, T.ManifestStatus.Cancelled));
        vm.prank(approver1);
        guard.approve(id);
    }

    function test_approve_RevertWhen_UnknownManifest() public {
        bytes32 id = keccak256("unknown");
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardUnknownManifest.selector, id));
        vm.prank(approver1);
        guard.approve(id);
    }

    // ------------------------------------------------------------ approveBySig

    function test_approveBySig_RecordsEcdsaApproval() public {
        bytes32 id = _registered();
        (address account, bytes memory signature) = _signApproval("approver1", id);
        assertEq(account, approver1);
        vm.expectEmit(address(guard));
        emit Ev.ManifestApprovalRecorded(id, approver1, 1, 2);
        vm.prank(stranger); // anyone may relay
        guard.approveBySig(id, approver1, signature);
        assertTrue(guard.hasApproved(id, approver1));
    }

    function test_approveBySig_RevertWhen_Replayed() public {
        bytes32 id = _registered();
        (, bytes memory signature) = _signApproval("approver1", id);
        guard.approveBySig(id, approver1, signature);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardAlreadyApproved.selector, id, approver1));
        guard.approveBySig(id, approver1, signature);
    }

    function test_approveBySig_RevertWhen_SignedByAnotherAccount() public {
        bytes32 id = _registered();
        (, bytes memory signature) = _signApproval("approver2", id);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardInvalidApprovalSignature.selector, id, approver1));
        guard.approveBySig(id, approver1, signature);
    }

    function test_approveBySig_RevertWhen_SignedForAnotherManifest() public {
        bytes32 id = _registered();
        (, bytes memory signature) = _signApproval("approver1", keccak256("another manifest"));
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardInvalidApprovalSignature.selector, id, approver1));
        guard.approveBySig(id, approver1, signature);
    }

    function test_approveBySig_RevertWhen_SignerNotApprover() public {
        bytes32 id = _registered();
        (address account, bytes memory signature) = _signApproval("stranger", id);
        assertEq(account, stranger);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNotApprover.selector, stranger));
        guard.approveBySig(id, stranger, signature);
    }

    function test_approveBySig_RecordsErc1271Approval() public {
        ApproverWallet wallet = new ApproverWallet();
        T.GuardConfig memory config = defaultConfig();
        config.approvers[0] = address(wallet);
        _configureAsSafe(config);
        bytes32 id = _registered();

        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardInvalidApprovalSignature.selector, id, address(wallet)));
        guard.approveBySig(id, address(wallet), "");

        wallet.accept(guard.approvalDigest(id));
        guard.approveBySig(id, address(wallet), "");
        assertTrue(guard.hasApproved(id, address(wallet)));
        assertEq(guard.getManifest(id).approvals, 1);
    }

    // ------------------------------------------------------------ approvals belong to one guard instance

    /// @dev Approvals are counted against the approvers configured now: a removed approver's earlier approval no
    ///      longer counts towards the threshold.
    function test_approve_RemovedApproverNoLongerCounts() public {
        T.Manifest memory m = _release("OPS-1", _setStep(42));
        m.rollback = keccak256("some rollback");
        bytes32 id = _register(m);
        vm.prank(approver1);
        guard.approve(id);
        T.GuardConfig memory config = defaultConfig();
        address approver4 = makeAddr("approver4");
        config.approvers = _list(approver2, approver3, approver4);
        _configureAsSafe(config);
        guard.reclassify(m);

        vm.expectEmit(address(guard));
        emit Ev.ManifestApprovalRecorded(id, approver2, 1, 2);
        vm.prank(approver2);
        guard.approve(id);
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Registered), "approver1 no longer counts");

        vm.prank(approver4);
        guard.approve(id);
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Approved));
    }

    function test_approve_DoesNotCountOnAnotherGuardInstance() public {
        IManifestGuard other = _deployGuard(address(safe), defaultConfig());
        T.Manifest memory m = _release("OPS-1", _setStep(42));
        m.rollback = keccak256("OPS-1-rollback");
        bytes32 id = _register(m);
        _approve(id, 2);

        vm.prank(proposer);
        bytes32 otherId = other.register(m);
        assertNotEq(otherId, id);
        assertFalse(other.hasApproved(otherId, approver1));
        assertEq(uint8(other.getManifest(otherId).status), uint8(T.ManifestStatus.Registered));
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardUnknownManifest.selector, id));
        other.getManifest(id);

        // A signature made for this guard does not approve on the other one.
        (, bytes memory signature) = _signApproval("approver1", id);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardInvalidApprovalSignature.selector, otherId, approver1));
        other.approveBySig(otherId, approver1, signature);
    }
}

contract ApprovalTest_v130 is ApprovalTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_3_0;
    }
}

contract ApprovalTest_v141 is ApprovalTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_4_1;
    }
}

contract ApprovalTest_v150 is ApprovalTest {}
