// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ManifestGuard} from "../../src/ManifestGuard.sol";
import {IManifestGuard} from "../../src/interfaces/IManifestGuard.sol";
import {IManifestGuardErrors as E} from "../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardEvents as Ev} from "../../src/interfaces/IManifestGuardEvents.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {SafeDeployer} from "../utils/SafeDeployer.sol";
import {Target} from "../utils/Targets.sol";
import {UnitTestBase} from "./UnitTestBase.sol";

/// @notice Never brick the Safe: the constructor and `configure` reject every configuration that collapses roles
///         or could leave the Safe unable to register, approve and execute a privileged manifest; only the Safe
///         (i.e. a privileged manifest) changes the configuration.
abstract contract ConfigurationTest is UnitTestBase {
    uint8 internal constant P = 1; // ROLE_PROPOSER
    uint8 internal constant A = 2; // ROLE_APPROVER
    uint8 internal constant X = 4; // ROLE_EXECUTOR
    uint8 internal constant G = 8; // ROLE_GUARDIAN

    /// @dev Expects both `initialize` (of a guard deployed for `config`) and `configure` to reject `config` with
    ///      exactly `reason`, and the installed configuration to stay as it was.
    function _expectInvalid(T.GuardConfig memory config, bytes memory reason) internal {
        bytes32 before = keccak256(abi.encode(guard.getConfig()));
        IManifestGuard fresh = IManifestGuard(address(new ManifestGuard(address(safe), keccak256(abi.encode(config)))));
        vm.expectRevert(reason);
        fresh.initialize(config);
        vm.expectRevert(reason);
        vm.prank(address(safe));
        guard.configure(config);
        assertEq(keccak256(abi.encode(guard.getConfig())), before, "configuration changed");
    }

    function _members(uint256 count, uint256 seed) internal pure returns (address[] memory list) {
        list = new address[](count);
        for (uint256 i; i < count; ++i) {
            list[i] = address(uint160(seed + i));
        }
    }

    function _list(address a, address b) internal pure returns (address[] memory list) {
        list = new address[](2);
        list[0] = a;
        list[1] = b;
    }

    // ------------------------------------------------------------ deployment

    function test_constructor_AppliesConfiguration() public {
        T.GuardConfig memory config = defaultConfig();
        address predicted = vm.computeCreateAddress(address(this), vm.getNonce(address(this)));
        vm.expectEmit(predicted);
        emit Ev.GuardConfigured(keccak256(abi.encode(config)), config);
        IManifestGuard fresh = _deployGuard(address(safe), config);
        assertEq(address(fresh), predicted);
        assertEq(fresh.SAFE(), address(safe));
        assertEq(keccak256(abi.encode(fresh.getConfig())), keccak256(abi.encode(config)));
        assertEq(fresh.rolesOf(proposer), P);
        assertEq(fresh.rolesOf(approver1), A);
        assertEq(fresh.rolesOf(executor), X);
        assertEq(fresh.rolesOf(guardian), G);
        assertEq(fresh.rolesOf(stranger), 0);
    }

    // ------------------------------------------------------------ only the Safe configures

    function test_configure_RevertWhen_CallerNotSafe() public {
        address[6] memory callers = [owners[0], proposer, approver1, executor, guardian, stranger];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardCallerNotSafe.selector, callers[i], address(safe)));
            vm.prank(callers[i]);
            guard.configure(defaultConfig());
        }
    }

    function test_configure_RevertWhen_NotInManifest() public {
        T.GuardConfig memory config = defaultConfig();
        config.routineThreshold = 1;
        T.Step memory change = _configureStep(config);
        _expectExecRevert(change, _errNoMatch(change));
    }

    function test_configure_ThroughPrivilegedManifest() public {
        address approver4 = makeAddr("approver4");
        address executor2 = makeAddr("executor2");
        T.GuardConfig memory config = defaultConfig();
        config.approvers = new address[](4);
        config.approvers[0] = approver1;
        config.approvers[1] = approver2;
        config.approvers[2] = approver4;
        config.approvers[3] = guardian; // an approver may also be a guardian
        config.executors = _list(executor, executor2);
        config.routineDelay = 2 hours;
        config.privilegedDelay = 3 days;
        config.authorities = new address[](1);
        config.authorities[0] = address(target);
        config.privilegedSelectors = new bytes4[](1);
        config.privilegedSelectors[0] = Target.pause.selector;

        T.Step memory change = _configureStep(config);
        T.Manifest memory m = _release("CFG-1", change);
        assertEq(uint8(guard.computeLane(m)), uint8(T.Lane.Privileged));
        bytes32 id = _ready(m);
        assertEq(guard.getManifest(id).approvals, 3);

        bytes memory signatures = _signStep(change);
        vm.expectEmit(address(guard));
        emit Ev.GuardConfigured(keccak256(abi.encode(config)), config);
        assertTrue(_execSigned(change, signatures));

        assertEq(keccak256(abi.encode(guard.getConfig())), keccak256(abi.encode(config)));
        assertEq(guard.rolesOf(approver3), 0, "removed approver kept its role");
        assertEq(guard.rolesOf(approver4), A);
        assertEq(guard.rolesOf(guardian), A | G);
        assertEq(guard.rolesOf(executor2), X);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNotApprover.selector, approver3));
        vm.prank(approver3);
        guard.liftFreeze();
    }

    // ------------------------------------------------------------ required roles and reachable thresholds

    function test_configure_RevertWhen_NoProposer() public {
        T.GuardConfig memory config = defaultConfig();
        config.proposers = new address[](0);
        _expectInvalid(config, abi.encodeWithSelector(E.ManifestGuardNoProposer.selector));
    }

    function test_configure_RevertWhen_NoExecutor() public {
        T.GuardConfig memory config = defaultConfig();
        config.executors = new address[](0);
        _expectInvalid(config, abi.encodeWithSelector(E.ManifestGuardNoExecutor.selector));
    }

    function test_configure_RevertWhen_RoutineThresholdZero() public {
        T.GuardConfig memory config = defaultConfig();
        config.routineThreshold = 0;
        _expectInvalid(config, abi.encodeWithSelector(E.ManifestGuardInvalidThresholds.selector, uint8(0), uint8(3)));
    }

    function test_configure_RevertWhen_RoutineThresholdAbovePrivileged() public {
        T.GuardConfig memory config = defaultConfig();
        config.routineThreshold = 3;
        config.privilegedThreshold = 2;
        _expectInvalid(config, abi.encodeWithSelector(E.ManifestGuardInvalidThresholds.selector, uint8(3), uint8(2)));
    }

    function test_configure_RevertWhen_ThresholdUnreachable() public {
        T.GuardConfig memory config = defaultConfig();
        config.privilegedThreshold = 4;
        _expectInvalid(
            config, abi.encodeWithSelector(E.ManifestGuardThresholdUnreachable.selector, uint256(3), uint8(4))
        );
        config.approvers = new address[](0);
        config.privilegedThreshold = 1;
        config.routineThreshold = 1;
        _expectInvalid(
            config, abi.encodeWithSelector(E.ManifestGuardThresholdUnreachable.selector, uint256(0), uint8(1))
        );
    }

    // ------------------------------------------------------------ delays and freeze bounds

    function test_configure_RevertWhen_PrivilegedDelayOverMax() public {
        T.GuardConfig memory config = defaultConfig();
        config.privilegedDelay = 30 days + 1;
        _expectInvalid(
            config,
            abi.encodeWithSelector(
                E.ManifestGuardInvalidDelays.selector, uint32(1 hours), uint32(30 days + 1), uint32(30 days)
            )
        );
        config.privilegedDelay = 30 days;
        config.routineDelay = 30 days;
        _configureAsSafe(config);
        assertEq(guard.getConfig().privilegedDelay, guard.MAX_DELAY());
    }

    function test_configure_RevertWhen_RoutineDelayAbovePrivileged() public {
        T.GuardConfig memory config = defaultConfig();
        config.routineDelay = 3 days;
        _expectInvalid(
            config,
            abi.encodeWithSelector(
                E.ManifestGuardInvalidDelays.selector, uint32(3 days), uint32(2 days), uint32(30 days)
            )
        );
    }

    function test_configure_RevertWhen_MaxFreezeZero() public {
        T.GuardConfig memory config = defaultConfig();
        config.maxFreeze = 0;
        _expectInvalid(
            config,
            abi.encodeWithSelector(
                E.ManifestGuardInvalidFreezeBounds.selector, uint32(0), uint32(1 days), uint32(14 days), uint32(1 days)
            )
        );
    }

    function test_configure_RevertWhen_MaxFreezeOverCap() public {
        T.GuardConfig memory config = defaultConfig();
        config.maxFreeze = 14 days + 1;
        _expectInvalid(
            config,
            abi.encodeWithSelector(
                E.ManifestGuardInvalidFreezeBounds.selector,
                uint32(14 days + 1),
                uint32(1 days),
                uint32(14 days),
                uint32(1 days)
            )
        );
    }

    function test_configure_RevertWhen_FreezeCooldownTooShort() public {
        T.GuardConfig memory config = defaultConfig();
        config.freezeCooldown = 1 days - 1;
        _expectInvalid(
            config,
            abi.encodeWithSelector(
                E.ManifestGuardInvalidFreezeBounds.selector,
                uint32(3 days),
                uint32(1 days - 1),
                uint32(14 days),
                uint32(1 days)
            )
        );
    }

    // ------------------------------------------------------------ members

    function test_configure_RevertWhen_TooManyApprovers() public {
        T.GuardConfig memory config = defaultConfig();
        config.approvers = _members(17, 0x1000);
        _expectInvalid(
            config, abi.encodeWithSelector(E.ManifestGuardTooManyMembers.selector, A, uint256(17), uint256(16))
        );
    }

    function test_configure_RevertWhen_TooManyMembersInOtherRoles() public {
        T.GuardConfig memory config = defaultConfig();
        config.proposers = _members(17, 0x1000);
        _expectInvalid(
            config, abi.encodeWithSelector(E.ManifestGuardTooManyMembers.selector, P, uint256(17), uint256(16))
        );
        config = defaultConfig();
        config.executors = _members(17, 0x1000);
        _expectInvalid(
            config, abi.encodeWithSelector(E.ManifestGuardTooManyMembers.selector, X, uint256(17), uint256(16))
        );
        config = defaultConfig();
        config.guardians = _members(17, 0x1000);
        _expectInvalid(
            config, abi.encodeWithSelector(E.ManifestGuardTooManyMembers.selector, G, uint256(17), uint256(16))
        );
    }

    function test_configure_RevertWhen_MemberZero() public {
        T.GuardConfig memory config = defaultConfig();
        config.guardians = _list(address(0));
        _expectInvalid(config, abi.encodeWithSelector(E.ManifestGuardInvalidMember.selector, address(0)));
    }

    function test_configure_RevertWhen_MemberIsSafe() public {
        T.GuardConfig memory config = defaultConfig();
        config.executors = _list(address(safe));
        _expectInvalid(config, abi.encodeWithSelector(E.ManifestGuardInvalidMember.selector, address(safe)));
    }

    function test_configure_RevertWhen_MemberIsGuard() public {
        T.GuardConfig memory config = defaultConfig();
        config.approvers[2] = address(guard);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardInvalidMember.selector, address(guard)));
        vm.prank(address(safe));
        guard.configure(config);

        // At deployment, the guard's own (future) address.
        address predicted = vm.computeCreateAddress(address(this), vm.getNonce(address(this)));
        config.approvers[2] = predicted;
        IManifestGuard fresh = IManifestGuard(address(new ManifestGuard(address(safe), keccak256(abi.encode(config)))));
        assertEq(address(fresh), predicted);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardInvalidMember.selector, predicted));
        fresh.initialize(config);
    }

    function test_configure_RevertWhen_ProposerIsApprover() public {
        T.GuardConfig memory config = defaultConfig();
        config.approvers[0] = proposer;
        _expectInvalid(config, abi.encodeWithSelector(E.ManifestGuardRolesCollide.selector, proposer, P, A));
    }

    function test_configure_RevertWhen_ProposerIsExecutor() public {
        T.GuardConfig memory config = defaultConfig();
        config.executors = _list(proposer);
        _expectInvalid(config, abi.encodeWithSelector(E.ManifestGuardRolesCollide.selector, proposer, P, X));
    }

    function test_configure_RevertWhen_ApproverIsExecutor() public {
        T.GuardConfig memory config = defaultConfig();
        config.executors = _list(executor, approver2);
        _expectInvalid(config, abi.encodeWithSelector(E.ManifestGuardRolesCollide.selector, approver2, A, X));
    }

    function test_configure_RevertWhen_GuardianIsProposer() public {
        T.GuardConfig memory config = defaultConfig();
        config.guardians = _list(guardian, proposer);
        _expectInvalid(config, abi.encodeWithSelector(E.ManifestGuardRolesCollide.selector, proposer, P, G));
    }

    function test_configure_RevertWhen_GuardianIsExecutor() public {
        T.GuardConfig memory config = defaultConfig();
        config.guardians = _list(executor);
        _expectInvalid(config, abi.encodeWithSelector(E.ManifestGuardRolesCollide.selector, executor, X, G));
    }

    function test_configure_RevertWhen_MemberRepeated() public {
        T.GuardConfig memory config = defaultConfig();
        config.approvers[2] = approver1;
        _expectInvalid(config, abi.encodeWithSelector(E.ManifestGuardRolesCollide.selector, approver1, A, A));
        config = defaultConfig();
        config.guardians = _list(guardian, guardian);
        _expectInvalid(config, abi.encodeWithSelector(E.ManifestGuardRolesCollide.selector, guardian, G, G));
    }

    function test_configure_AllowsApproverAsGuardian() public {
        T.GuardConfig memory config = defaultConfig();
        config.guardians = _list(approver1);
        _configureAsSafe(config);
        assertEq(guard.rolesOf(approver1), A | G);
        assertEq(guard.rolesOf(guardian), 0);
    }

    // ------------------------------------------------------------ authorities and privileged selectors

    function test_configure_RevertWhen_TooManyAuthorities() public {
        T.GuardConfig memory config = defaultConfig();
        config.authorities = _members(33, 0x2000);
        _expectInvalid(config, abi.encodeWithSelector(E.ManifestGuardTooManyEntries.selector, uint256(33), uint256(32)));
    }

    function test_configure_RevertWhen_TooManySelectors() public {
        T.GuardConfig memory config = defaultConfig();
        config.privilegedSelectors = new bytes4[](33);
        for (uint256 i; i < 33; ++i) {
            config.privilegedSelectors[i] = bytes4(uint32(i + 1));
        }
        _expectInvalid(config, abi.encodeWithSelector(E.ManifestGuardTooManyEntries.selector, uint256(33), uint256(32)));
    }

    function test_configure_RevertWhen_AuthorityInvalid() public {
        T.GuardConfig memory config = defaultConfig();
        config.authorities = _list(address(target), address(target));
        _expectInvalid(
            config,
            abi.encodeWithSelector(E.ManifestGuardInvalidEntry.selector, bytes32(uint256(uint160(address(target)))))
        );
        config.authorities = _list(address(0));
        _expectInvalid(config, abi.encodeWithSelector(E.ManifestGuardInvalidEntry.selector, bytes32(0)));
    }

    function test_configure_RevertWhen_SelectorInvalid() public {
        T.GuardConfig memory config = defaultConfig();
        config.privilegedSelectors = new bytes4[](2);
        config.privilegedSelectors[0] = Target.set.selector;
        config.privilegedSelectors[1] = Target.set.selector;
        _expectInvalid(
            config, abi.encodeWithSelector(E.ManifestGuardInvalidEntry.selector, bytes32(Target.set.selector))
        );
        config.privilegedSelectors[1] = bytes4(0);
        _expectInvalid(config, abi.encodeWithSelector(E.ManifestGuardInvalidEntry.selector, bytes32(0)));
    }
}

contract ConfigurationTest_v130 is ConfigurationTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_3_0;
    }
}

contract ConfigurationTest_v141 is ConfigurationTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_4_1;
    }
}

contract ConfigurationTest_v150 is ConfigurationTest {}
