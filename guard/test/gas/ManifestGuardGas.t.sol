// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
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

contract SafeTransactionGas_v150 is SafeTransactionGas {}

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
        phase.steps = new T.Step[](count);
        for (uint256 i; i < count; ++i) {
            phase.steps[i] = _setStep(1000 + i);
        }
    }
}
