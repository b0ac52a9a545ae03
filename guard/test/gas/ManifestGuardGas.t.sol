// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardErrors as E} from "../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {ISafe} from "../utils/ISafe.sol";
import {ManifestGuardTestBase} from "../utils/ManifestGuardTestBase.sol";
import {SafeDeployer} from "../utils/SafeDeployer.sol";
import {Telemetry} from "../utils/Targets.sol";

/// @notice Whole-transaction gas of what the guard adds, written to `guard/snapshots/ManifestGuardGas.json`.
/// @dev Run with `forge test --isolate` (as `npm run gas` does): every external call the test makes is then a
///      transaction of its own, with the 21,000 base cost, calldata, cold accounts and slots, and refunds applied,
///      so `lastCallGas().gasTotalUsed` is what a receipt's `gasUsed` would show. Without `--isolate` the figures
///      would mean nothing, so the tests skip themselves rather than overwrite the committed snapshot. forge
///      rewrites the snapshot file with the figures of the tests that ran: regenerate it with the whole benchmark.
abstract contract GasBenchmark is ManifestGuardTestBase {
    string internal constant GROUP = "ManifestGuardGas";

    /// @dev The Safe's guard slot. Precomputed value of: keccak256("guard_manager.guard.address").
    bytes32 internal constant GUARD_STORAGE_SLOT = 0x4a204f620c8c5ccdca3fd54d003badd85ba500436a431f0cbda4f558c93c34c8;

    modifier isolated() {
        (bool ok,) = address(telemetry).call(abi.encodeCall(Telemetry.setReading, (0)));
        assertTrue(ok);
        // Isolated, even this one-slot call is a transaction and pays the 21,000 base cost.
        vm.skip(vm.lastCallGas().gasTotalUsed < 21_000, "gas benchmarks need `forge test --isolate`");
        _;
    }

    function _version() internal pure returns (string memory) {
        return SafeDeployer.versionString(safeVersion());
    }
}

/// @notice The same Safe transaction with and without the guard: same nonce, signatures, calldata and storage
///         transitions; the only difference is the Safe's guard slot.
abstract contract SafeTransactionGas is GasBenchmark {
    /// @notice (a) A routine step in the middle of its phase: neither the first (no start or phase-entry rules)
    ///         nor the last (no checks), in an approved routine manifest.
    function test_gas_routineMidPhaseStep() public isolated {
        T.Phase memory phase;
        phase.steps = new T.Step[](3);
        (phase.steps[0], phase.steps[1], phase.steps[2]) = (_setStep(101), _setStep(102), _setStep(103));
        bytes32 id = _ready(_manifest(T.ManifestKind.Release, "GAS-A", bytes32(0), phase));
        assertEq(uint8(guard.getManifest(id).lane), uint8(T.Lane.Routine));
        assertTrue(_exec(phase.steps[0]));

        _record("routineStep", phase.steps[1]);
        assertEq(guard.getManifest(id).nextStep, 2);
        assertEq(target.value(), 102);
    }

    /// @notice (a') The same routine step when the executor is not cached in the manifest's cursor (another
    ///         executor ran the previous step, or the configuration changed since): the executor's role is read.
    function test_gas_routineStepExecutorNotCached() public isolated {
        T.Phase memory phase;
        phase.steps = new T.Step[](3);
        (phase.steps[0], phase.steps[1], phase.steps[2]) = (_setStep(111), _setStep(112), _setStep(113));
        bytes32 id = _ready(_manifest(T.ManifestKind.Release, "GAS-A2", bytes32(0), phase));
        assertTrue(_exec(phase.steps[0]));
        // Any configuration change clears the executor cache of every live manifest.
        vm.prank(address(safe));
        guard.configure(defaultConfig());

        _record("routineStepUncached", phase.steps[1]);
        assertEq(guard.getManifest(id).nextStep, 2);
    }

    /// @notice (e) A routine mid-phase step whose payload is a MultiSendCallOnly batch of 1, 5 and 20 calls.
    function test_gas_batchStep() public isolated {
        uint256[3] memory sizes = [uint256(1), 5, 20];
        for (uint256 i; i < sizes.length; ++i) {
            T.Step[] memory calls = new T.Step[](sizes[i]);
            for (uint256 c; c < calls.length; ++c) {
                calls[c] = _setStep(5000 + 100 * i + c);
            }
            T.Phase memory phase;
            phase.steps = new T.Step[](3);
            (phase.steps[0], phase.steps[1], phase.steps[2]) = (_setStep(500 + i), _multiSend(calls), _setStep(600 + i));
            string memory ticket = string.concat("GAS-E-", vm.toString(sizes[i]));
            bytes32 rollbackId = _readyRollback(string.concat(ticket, "-rollback"), _setStep(900 + i));
            bytes32 id = _ready(_manifest(T.ManifestKind.Release, ticket, rollbackId, phase));
            assertEq(uint8(guard.getManifest(id).lane), uint8(T.Lane.Routine));
            assertTrue(_exec(phase.steps[0]));

            _record(string.concat("batchStep", vm.toString(sizes[i])), phase.steps[1]);
            assertEq(target.value(), 5000 + 100 * i + sizes[i] - 1);
        }
    }

    /// @notice (b) The step that completes a phase and runs its one post-execution check.
    function test_gas_phaseCompletingStepWithOneCheck() public isolated {
        T.Phase memory first = _phase(_setStep(201), _setStep(202));
        first.checks = new T.Check[](1);
        first.checks[0] = T.Check({
            kind: uint8(T.CheckKind.ResultHash),
            target: address(target),
            data: abi.encodeWithSignature("value()"),
            expected: keccak256(abi.encode(uint256(202))),
            response: uint8(T.StopResponse.Rollback)
        });
        bytes32 id =
            _ready(_twoPhases(_manifest(T.ManifestKind.Release, "GAS-B", bytes32(0), first), _phase(_setStep(203))));
        assertTrue(_exec(first.steps[0]));

        _record("phaseCompletingStep", first.steps[1]);
        assertEq(guard.getManifest(id).currentPhase, 1);
    }

    /// @notice For context: the first step of a release (window and rollback readiness, arms the rollback).
    function test_gas_releaseFirstStep() public isolated {
        T.Phase memory phase = _phase(_setStep(301), _setStep(302));
        bytes32 id = _ready(_manifest(T.ManifestKind.Release, "GAS-C", bytes32(0), phase));

        _record("releaseFirstStep", phase.steps[0]);
        assertEq(guard.getManifest(guard.getManifest(id).rollback).boundRelease, id);
    }

    /// @dev Runs `step` from the current state twice: first with the guard slot cleared, then (from the same
    ///      state snapshot) through the guard, which leaves the guarded state in place. Records both and the
    ///      difference under `<name>/safe-<version>/{withoutGuard,withGuard,added}`.
    function _record(string memory name, T.Step memory step) internal {
        (uint256 withoutGuard, uint256 withGuard) = _measure(step);
        string memory prefix = string.concat(name, "/safe-", _version(), "/");
        vm.snapshotValue(GROUP, string.concat(prefix, "withoutGuard"), withoutGuard);
        vm.snapshotValue(GROUP, string.concat(prefix, "withGuard"), withGuard);
        vm.snapshotValue(GROUP, string.concat(prefix, "added"), withGuard - withoutGuard);
    }

    function _measure(T.Step memory step) private returns (uint256 withoutGuard, uint256 withGuard) {
        bytes memory signatures = _sign(step.to, step.value, step.data, step.operation, 0, 0, address(0), address(0));
        uint256 nonce = safe.nonce();
        assertGt(nonce, 0);

        uint256 state = vm.snapshotState();
        vm.store(address(safe), GUARD_STORAGE_SLOT, bytes32(0));
        withoutGuard = _execMeasured(step, signatures);
        bytes32 targetSlot = vm.load(step.to, 0);
        assertEq(safe.nonce(), nonce + 1);
        assertTrue(vm.revertToStateAndDelete(state));
        assertEq(address(uint160(uint256(vm.load(address(safe), GUARD_STORAGE_SLOT)))), address(guard));
        withGuard = _execMeasured(step, signatures);
        // Same transitions on the Safe and the target either way.
        assertEq(safe.nonce(), nonce + 1);
        assertEq(vm.load(step.to, 0), targetSlot);
    }

    function _execMeasured(T.Step memory step, bytes memory signatures) private returns (uint256 gasUsed) {
        vm.prank(executor);
        bool success = safe.execTransaction(
            step.to, step.value, step.data, step.operation, 0, 0, 0, address(0), payable(address(0)), signatures
        );
        gasUsed = vm.lastCallGas().gasTotalUsed;
        assertTrue(success);
    }

    /// @notice The slot the benchmark clears is the Safe's guard slot.
    function test_guardStorageSlot_matchesItsPreimage() public pure {
        assertEq(GUARD_STORAGE_SLOT, keccak256("guard_manager.guard.address"));
    }
}

contract SafeTransactionGas_v130 is SafeTransactionGas {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_3_0;
    }
}

contract SafeTransactionGas_v141 is SafeTransactionGas {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_4_1;
    }
}

/// @notice A Safe module that forwards a transaction to `execTransactionFromModule`.
contract GasModule {
    function exec(ISafe safe, address to, uint256 value, bytes calldata data, uint8 operation) external returns (bool) {
        return safe.execTransactionFromModule(to, value, data, operation);
    }
}

contract SafeTransactionGas_v150 is SafeTransactionGas {
    /// @dev keccak256("module_manager.module_guard.address"), the Safe 1.5.0 module guard slot.
    bytes32 internal constant MODULE_GUARD_STORAGE_SLOT =
        0xb104e0b93118902c651344349b610029d694cfdec91c589c91ebafbcd0289947;

    /// @notice (f) A routine mid-phase step sent by a module (Safe 1.5.0 with the guard as its module guard), with
    ///         and without the module guard.
    function test_gas_moduleStep() public isolated {
        GasModule module = new GasModule();
        T.GuardConfig memory config = defaultConfig();
        config.executors = _list(executor, address(module), stranger);
        vm.startPrank(address(safe));
        safe.enableModule(address(module));
        safe.setModuleGuard(address(guard));
        guard.configure(config);
        vm.stopPrank();

        T.Phase memory phase;
        phase.steps = new T.Step[](3);
        (phase.steps[0], phase.steps[1], phase.steps[2]) = (_setStep(701), _setStep(702), _setStep(703));
        bytes32 id = _ready(_manifest(T.ManifestKind.Release, "GAS-F", bytes32(0), phase));
        T.Step memory step = phase.steps[0];
        assertTrue(module.exec(safe, step.to, step.value, step.data, step.operation));
        step = phase.steps[1];

        uint256 state = vm.snapshotState();
        vm.store(address(safe), MODULE_GUARD_STORAGE_SLOT, bytes32(0));
        assertTrue(module.exec(safe, step.to, step.value, step.data, step.operation));
        uint256 withoutGuard = vm.lastCallGas().gasTotalUsed;
        assertTrue(vm.revertToStateAndDelete(state));
        assertTrue(module.exec(safe, step.to, step.value, step.data, step.operation));
        uint256 withGuard = vm.lastCallGas().gasTotalUsed;
        assertEq(guard.getManifest(id).nextStep, 2);
        assertEq(target.value(), 702);

        string memory prefix = string.concat("moduleStep/safe-", _version(), "/");
        vm.snapshotValue(GROUP, string.concat(prefix, "withoutGuard"), withoutGuard);
        vm.snapshotValue(GROUP, string.concat(prefix, "withGuard"), withGuard);
        vm.snapshotValue(GROUP, string.concat(prefix, "added"), withGuard - withoutGuard);
    }
}

/// @notice The calls a release needs besides its Safe transactions: registration and approvals (they have no
///         "without guard" counterpart; all of their gas is added by the process).
contract LifecycleGas is GasBenchmark {
    /// @notice (c) `register` of manifests with 1, 5 and 20 steps (one phase, no checks), each from the same state,
    ///         and the per-step slope between 1 and 20 steps.
    function test_gas_register() public isolated {
        bytes32 rollbackId = _readyRollback("GAS-R-rollback", _setStep(0));
        uint256[3] memory sizes = [uint256(1), 5, 20];
        uint256[3] memory used;
        for (uint256 i; i < sizes.length; ++i) {
            uint256 state = vm.snapshotState();
            T.Manifest memory m = _manifest(T.ManifestKind.Release, "GAS-R", rollbackId, _steps(sizes[i]));
            vm.prank(proposer);
            bytes32 id = guard.register(m);
            used[i] = vm.snapshotGasLastCall(GROUP, string.concat("register/", vm.toString(sizes[i]), "steps"));
            assertEq(uint8(guard.getManifest(id).status), uint8(T.ManifestStatus.Registered));
            assertTrue(vm.revertToStateAndDelete(state));
        }
        assertGt(used[2], used[1]);
        assertGt(used[1], used[0]);
        vm.snapshotValue(GROUP, "register/perStep", (used[2] - used[0]) / (sizes[2] - sizes[0]));
    }

    /// @notice (c') A 100-step registration (4 phases of 25) that the shape rules refuse: it must revert before
    ///         hashing, classifying or storing anything, so its sender pays little more than its calldata.
    function test_gas_registerRefusedShape() public isolated {
        T.Manifest memory m = _manifest(T.ManifestKind.Release, "GAS-R-100", keccak256("rollback"), _steps(25));
        T.Phase[] memory phases = new T.Phase[](4);
        for (uint256 p; p < phases.length; ++p) {
            phases[p] = _steps(25, 2000 + 100 * p);
        }
        m.phases = phases;
        vm.prank(proposer);
        (bool ok, bytes memory reason) = address(guard).call(abi.encodeCall(guard.register, (m)));
        assertFalse(ok);
        assertEq(reason, abi.encodeWithSelector(E.ManifestGuardInvalidShape.selector, type(uint256).max, 100, 64));
        vm.snapshotValue(GROUP, "register/refused100steps", vm.lastCallGas().gasTotalUsed);
        assertEq(guard.manifestCount(), 0);
    }

    /// @notice (d) One approval below the threshold, and the one that reaches it (routine lane: 2 of 3).
    function test_gas_approve() public isolated {
        bytes32 rollbackId = _readyRollback("GAS-D-rollback", _setStep(0));
        bytes32 id = _register(_manifest(T.ManifestKind.Release, "GAS-D", rollbackId, _phase(_setStep(401))));
        assertEq(guard.getManifest(id).requiredApprovals, 2);

        vm.prank(approver1);
        guard.approve(id);
        vm.snapshotGasLastCall(GROUP, "approve/first");
        assertEq(uint8(guard.getManifest(id).status), uint8(T.ManifestStatus.Registered));

        vm.prank(approver2);
        guard.approve(id);
        vm.snapshotGasLastCall(GROUP, "approve/threshold");
        assertEq(uint8(guard.getManifest(id).status), uint8(T.ManifestStatus.Approved));
    }

    function _steps(uint256 count) private view returns (T.Phase memory phase) {
        return _steps(count, 1000);
    }

    function _steps(uint256 count, uint256 firstValue) private view returns (T.Phase memory phase) {
        phase.steps = new T.Step[](count);
        for (uint256 i; i < count; ++i) {
            phase.steps[i] = _setStep(firstValue + i);
        }
    }
}
