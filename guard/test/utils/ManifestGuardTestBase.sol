// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";

import {ManifestGuard} from "../../src/ManifestGuard.sol";
import {IManifestGuard} from "../../src/interfaces/IManifestGuard.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {IMultiSend, ISafe} from "./ISafe.sol";
import {SafeDeployer} from "./SafeDeployer.sol";
import {Target, Telemetry} from "./Targets.sol";

/// @notice A real Safe (of the version `safeVersion()` names) with a ManifestGuard installed, distinct role
///         holders, and helpers that build, register, approve and execute manifests exactly as users do.
abstract contract ManifestGuardTestBase is Test {
    uint8 internal constant CALL = 0;
    uint8 internal constant DELEGATECALL = 1;
    uint64 internal constant WINDOW = 30 days;

    SafeDeployer.Deployment internal deployment;
    ISafe internal safe;
    IManifestGuard internal guard;
    Target internal target;
    Telemetry internal telemetry;

    uint256[3] internal ownerKeys = [uint256(0xA11CE), 0xB0B, 0xCA401];
    address[3] internal owners;
    address internal proposer = makeAddr("proposer");
    address internal approver1 = makeAddr("approver1");
    address internal approver2 = makeAddr("approver2");
    address internal approver3 = makeAddr("approver3");
    address internal executor = makeAddr("executor");
    address internal guardian = makeAddr("guardian");
    address internal stranger = makeAddr("stranger");

    /// @dev The Safe version under test; suites are instantiated once per version.
    function safeVersion() internal pure virtual returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_5_0;
    }

    function setUp() public virtual {
        vm.warp(1_750_000_000);
        deployment = SafeDeployer.deploy(safeVersion());
        address[] memory ownerList = new address[](3);
        for (uint256 i; i < 3; ++i) {
            owners[i] = vm.addr(ownerKeys[i]);
            ownerList[i] = owners[i];
        }
        safe = SafeDeployer.createSafe(deployment, ownerList, 2, 0);
        vm.deal(address(safe), 10 ether);
        guard = _deployGuard(address(safe), defaultConfig());
        target = new Target(address(safe));
        telemetry = new Telemetry();
        // Installing the guard is the Safe's last unguarded transaction.
        assertTrue(_execAs(executor, address(safe), 0, abi.encodeCall(ISafe.setGuard, (address(guard))), CALL));
    }

    /// @dev Deploys a guard committed to `config` and initializes it, as the deploy script and the app do.
    function _deployGuard(address safe_, T.GuardConfig memory config) internal returns (IManifestGuard deployed) {
        deployed = IManifestGuard(address(new ManifestGuard(safe_, keccak256(abi.encode(config)))));
        deployed.initialize(config);
    }

    function defaultConfig() internal view returns (T.GuardConfig memory config) {
        config.proposers = _list(proposer);
        config.approvers = _list(approver1, approver2, approver3);
        config.executors = _list(executor);
        config.guardians = _list(guardian);
        config.routineThreshold = 2;
        config.privilegedThreshold = 3;
        config.routineDelay = 1 hours;
        config.privilegedDelay = 2 days;
        config.maxFreeze = 3 days;
        config.freezeCooldown = 1 days;
        config.multiSendCallOnly = deployment.multiSendCallOnly;
    }

    // ------------------------------------------------------------ manifest builders

    function _step(address to, bytes memory data) internal pure returns (T.Step memory) {
        return T.Step({to: to, value: 0, operation: CALL, data: data});
    }

    function _setStep(uint256 newValue) internal view returns (T.Step memory) {
        return _step(address(target), abi.encodeCall(Target.set, (newValue)));
    }

    function _phase(T.Step memory step) internal pure returns (T.Phase memory phase) {
        phase.steps = new T.Step[](1);
        phase.steps[0] = step;
    }

    function _phase(T.Step memory a, T.Step memory b) internal pure returns (T.Phase memory phase) {
        phase.steps = new T.Step[](2);
        phase.steps[0] = a;
        phase.steps[1] = b;
    }

    function _manifest(T.ManifestKind kind, string memory ticket, bytes32 rollback, T.Phase memory phase)
        internal
        view
        returns (T.Manifest memory m)
    {
        m.kind = uint8(kind);
        m.ticket = ticket;
        m.notBefore = uint64(block.timestamp);
        m.expiry = uint64(block.timestamp) + WINDOW;
        m.rollback = rollback;
        m.evidence = keccak256(bytes(ticket));
        m.phases = new T.Phase[](1);
        m.phases[0] = phase;
    }

    function _twoPhases(T.Manifest memory m, T.Phase memory second) internal pure returns (T.Manifest memory) {
        T.Phase[] memory phases = new T.Phase[](2);
        phases[0] = m.phases[0];
        phases[1] = second;
        m.phases = phases;
        return m;
    }

    function _rollbackManifest(string memory ticket, T.Step memory step) internal view returns (T.Manifest memory) {
        return _manifest(T.ManifestKind.Rollback, ticket, bytes32(0), _phase(step));
    }

    // ------------------------------------------------------------ lifecycle helpers

    function _register(T.Manifest memory m) internal returns (bytes32 id) {
        vm.prank(proposer);
        id = guard.register(m);
    }

    function _approve(bytes32 id, uint256 approvals) internal {
        address[3] memory approvers = [approver1, approver2, approver3];
        for (uint256 i; i < approvals; ++i) {
            vm.prank(approvers[i]);
            guard.approve(id);
        }
    }

    /// @dev Registers and approves `m` (and, for a Release, a rollback that sets the target back to 0), then
    ///      waits until it may start.
    function _ready(T.Manifest memory m) internal returns (bytes32 id) {
        if (m.kind == uint8(T.ManifestKind.Release) && m.rollback == bytes32(0)) {
            bytes32 rollbackId = _readyRollback(string.concat(m.ticket, "-rollback"), _setStep(0));
            m.rollback = rollbackId;
        }
        id = _register(m);
        _approve(id, guard.getManifest(id).requiredApprovals);
        vm.warp(guard.getManifest(id).executableFrom);
    }

    function _readyRollback(string memory ticket, T.Step memory step) internal returns (bytes32 id) {
        id = _register(_rollbackManifest(ticket, step));
        _approve(id, guard.getManifest(id).requiredApprovals);
    }

    // ------------------------------------------------------------ Safe execution

    function _exec(T.Step memory step) internal returns (bool) {
        return _execAs(executor, step.to, step.value, step.data, step.operation);
    }

    function _execAs(address sender, address to, uint256 value, bytes memory data, uint8 operation)
        internal
        returns (bool)
    {
        return _execFull(sender, to, value, data, operation, 0, 0, address(0), address(0));
    }

    function _execFull(
        address sender,
        address to,
        uint256 value,
        bytes memory data,
        uint8 operation,
        uint256 safeTxGas,
        uint256 gasPrice,
        address gasToken,
        address refundReceiver
    ) internal returns (bool) {
        bytes memory signatures = _sign(to, value, data, operation, safeTxGas, gasPrice, gasToken, refundReceiver);
        vm.prank(sender);
        return safe.execTransaction(
            to, value, data, operation, safeTxGas, 0, gasPrice, gasToken, payable(refundReceiver), signatures
        );
    }

    /// @dev Owner signatures for `step` at the Safe's current nonce, made before any `expect*` cheatcode so that
    ///      the next call those cheatcodes see is `execTransaction` itself (see `_execSigned`).
    function _signStep(T.Step memory step) internal view returns (bytes memory) {
        return _sign(step.to, step.value, step.data, step.operation, 0, 0, address(0), address(0));
    }

    /// @dev Submits `step` from the executor with signatures made earlier by `_signStep`.
    function _execSigned(T.Step memory step, bytes memory signatures) internal returns (bool) {
        vm.prank(executor);
        return safe.execTransaction(
            step.to, step.value, step.data, step.operation, 0, 0, 0, address(0), payable(address(0)), signatures
        );
    }

    /// @dev Two owner signatures, sorted by owner address as the Safe requires.
    function _sign(
        address to,
        uint256 value,
        bytes memory data,
        uint8 operation,
        uint256 safeTxGas,
        uint256 gasPrice,
        address gasToken,
        address refundReceiver
    ) internal view returns (bytes memory) {
        bytes32 txHash = safe.getTransactionHash(
            to, value, data, operation, safeTxGas, 0, gasPrice, gasToken, refundReceiver, safe.nonce()
        );
        (uint256 first, uint256 second) =
            owners[0] < owners[1] ? (ownerKeys[0], ownerKeys[1]) : (ownerKeys[1], ownerKeys[0]);
        (uint8 v1, bytes32 r1, bytes32 s1) = vm.sign(first, txHash);
        (uint8 v2, bytes32 r2, bytes32 s2) = vm.sign(second, txHash);
        return abi.encodePacked(r1, s1, v1, r2, s2, v2);
    }

    function _multiSend(T.Step[] memory calls) internal view returns (T.Step memory) {
        bytes memory packed;
        for (uint256 i; i < calls.length; ++i) {
            packed = abi.encodePacked(
                packed, calls[i].operation, calls[i].to, calls[i].value, calls[i].data.length, calls[i].data
            );
        }
        return T.Step({
            to: deployment.multiSendCallOnly,
            value: 0,
            operation: DELEGATECALL,
            data: abi.encodeCall(IMultiSend.multiSend, (packed))
        });
    }

    function _stepKey(T.Step memory step) internal pure returns (bytes32) {
        return keccak256(abi.encode(step.to, step.value, keccak256(step.data), step.operation));
    }

    function _list(address a) internal pure returns (address[] memory list) {
        list = new address[](1);
        list[0] = a;
    }

    function _list(address a, address b, address c) internal pure returns (address[] memory list) {
        list = new address[](3);
        list[0] = a;
        list[1] = b;
        list[2] = c;
    }
}
