// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ManifestGuard} from "../../src/ManifestGuard.sol";
import {IManifestGuardErrors as E} from "../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardEvents as Ev} from "../../src/interfaces/IManifestGuardEvents.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {ISafe} from "../utils/ISafe.sol";
import {Target} from "../utils/Targets.sol";
import {UnitTestBase} from "./UnitTestBase.sol";

/// @notice A Safe module: forwards a transaction to `execTransactionFromModule`.
contract TestModule {
    function exec(ISafe safe, address to, uint256 value, bytes calldata data, uint8 operation) external returns (bool) {
        return safe.execTransactionFromModule(to, value, data, operation);
    }
}

/// @notice Safe 1.5.0: the same guard is the module guard, so module transactions follow the manifest rules with
///         the module as executor. (On 1.3.0 and 1.4.1 modules bypass every guard; the app warns about that.)
contract ModuleGuardTest is UnitTestBase {
    TestModule internal module;

    function setUp() public override {
        super.setUp();
        module = new TestModule();
    }

    /// @dev One privileged manifest: enable the module, make the guard the module guard and, if asked, add the
    ///      module to the executors.
    function _installModule(bool asExecutor) internal {
        T.GuardConfig memory config = defaultConfig();
        if (asExecutor) {
            config.executors = new address[](2);
            config.executors[0] = executor;
            config.executors[1] = address(module);
        }
        T.Step memory enable = _safeStep(abi.encodeCall(ISafe.enableModule, (address(module))));
        T.Step memory setModuleGuard = _safeStep(abi.encodeCall(ISafe.setModuleGuard, (address(guard))));
        T.Step memory configure = _configureStep(config);
        bytes32 id = _ready(_release("OPS-module", _phaseOf(_steps(enable, setModuleGuard, configure))));
        assertEq(uint8(guard.getManifest(id).lane), uint8(T.Lane.Privileged));
        assertTrue(_exec(enable));
        assertTrue(_exec(setModuleGuard));
        assertTrue(_exec(configure));
        assertEq(address(uint160(uint256(vm.load(address(safe), MODULE_GUARD_STORAGE_SLOT)))), address(guard));
    }

    function _moduleExec(T.Step memory step) internal returns (bool) {
        return module.exec(safe, step.to, step.value, step.data, step.operation);
    }

    function test_setModuleGuard_RevertWhen_NotInManifest() public {
        T.Step memory step = _safeStep(abi.encodeCall(ISafe.setModuleGuard, (address(guard))));
        _expectExecRevert(step, _errNoMatch(step));
    }

    function test_checkModuleTransaction_RevertWhen_NotInManifest() public {
        _installModule(true);
        T.Step memory step = _setStep(5);
        vm.expectRevert(_errNoMatch(step));
        _moduleExec(step);
        assertEq(target.value(), 0);
    }

    /// @dev Mid-phase, where module transactions take the fast path: a module that is not an executor is refused
    ///      even after an executor module ran the phase's first step.
    function test_checkModuleTransaction_MidPhaseRevertWhen_ModuleIsNotExecutor() public {
        _installModule(true);
        TestModule other = new TestModule();
        vm.prank(address(safe));
        safe.enableModule(address(other));
        T.Step[] memory steps = _steps(_setStep(61), _setStep(62), _setStep(63));
        bytes32 id = _readyWith(_release("OPS-MOD", _phaseOf(steps)), 3000);
        assertTrue(_moduleExec(steps[0]));
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNotExecutor.selector, address(other)));
        other.exec(safe, steps[1].to, steps[1].value, steps[1].data, steps[1].operation);
        assertTrue(_moduleExec(steps[1]));
        assertEq(guard.getManifest(id).nextStep, 2);
        assertEq(target.value(), 62);
    }

    /// @dev The module hook answers the hash the Safe 1.5.0 module guard interface defines, on both paths.
    function test_checkModuleTransaction_ReturnsModuleTxHash() public {
        _installModule(true);
        T.Step[] memory steps = _steps(_setStep(71), _setStep(72), _setStep(73));
        _readyWith(_release("OPS-HASH", _phaseOf(steps)), 3001);
        for (uint256 i; i < 2; ++i) {
            T.Step memory step = steps[i];
            vm.prank(address(safe));
            bytes32 answer =
                guard.checkModuleTransaction(step.to, step.value, step.data, step.operation, address(module));
            assertEq(
                answer,
                keccak256(abi.encode(step.to, step.value, keccak256(step.data), step.operation, address(module)))
            );
            vm.prank(address(safe));
            guard.checkAfterModuleExecution(answer, true);
        }
        assertEq(guard.getManifest(guard.manifestAt(guard.manifestCount() - 1)).nextStep, 2);
    }

    function test_checkModuleTransaction_AllowsNextStep() public {
        _installModule(true);
        T.Step memory step = _setStep(77);
        bytes32 id = _readyWith(_release("OPS-1", step), 2000);
        uint256 index = guard.manifestCount();
        assertEq(guard.manifestAt(index - 1), id);
        vm.expectEmit(address(guard));
        emit Ev.StepExecuted(index << 16);
        assertTrue(_moduleExec(step));
        assertEq(target.value(), 77);
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Completed));
        // Consumed: neither the module nor the executor can replay it.
        vm.expectRevert(_errNoMatch(step));
        _moduleExec(step);
        _expectExecRevert(step, _errNoMatch(step));
    }

    function test_checkModuleTransaction_RevertWhen_ModuleNotExecutor() public {
        _installModule(false);
        T.Step memory step = _setStep(77);
        _readyWith(_release("OPS-1", step), 2000);
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNotExecutor.selector, address(module)));
        _moduleExec(step);
    }

    function test_checkModuleTransaction_RevertWhen_TooEarly() public {
        _installModule(true);
        T.Step memory step = _setStep(77);
        T.Manifest memory m = _release("OPS-1", step);
        m.rollback = _readyRollback("OPS-1-rollback", _setStep(2000));
        bytes32 id = _registerApproved(m);
        vm.expectRevert(_errTooEarly(id));
        _moduleExec(step);
    }

    function test_checkModuleTransaction_RevertWhen_Frozen() public {
        _installModule(true);
        T.Step memory step = _setStep(77);
        _readyWith(_release("OPS-1", step), 2000);
        vm.prank(guardian);
        guard.freeze(1 days);
        vm.expectRevert(
            abi.encodeWithSelector(
                E.ManifestGuardFrozen.selector, uint64(block.timestamp) + 1 days, uint64(block.timestamp)
            )
        );
        _moduleExec(step);
    }

    function test_checkModuleTransaction_RevertWhen_DelegateCallForbidden() public {
        _installModule(true);
        T.Step memory step = _setStep(77);
        step.operation = DELEGATECALL;
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardDelegateCallForbidden.selector, address(target)));
        _moduleExec(step);
    }

    function test_checkAfterModuleExecution_RevertWhen_InnerCallFailed() public {
        _installModule(true);
        T.Step memory step = _step(address(target), abi.encodeCall(Target.fail, (9)));
        bytes32 id = _readyWith(_release("OPS-1", step), 2000);
        // `execTransactionFromModule` returns false on a failed call; the guard reverts instead.
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardInnerCallFailed.selector, id, uint256(0), uint256(0)));
        _moduleExec(step);
        assertEq(guard.getManifest(id).nextStep, 0);
        assertEq(uint8(_status(id)), uint8(T.ManifestStatus.Approved));
    }

    function test_checkModuleTransaction_RevertWhen_CallerNotSafe() public {
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardCallerNotSafe.selector, address(module), address(safe)));
        vm.prank(address(module));
        guard.checkModuleTransaction(address(target), 0, "", CALL, address(module));
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardCallerNotSafe.selector, stranger, address(safe)));
        vm.prank(stranger);
        guard.checkAfterModuleExecution(bytes32(0), true);
    }

    function test_checkAfterModuleExecution_RevertWhen_NoPendingStep() public {
        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardNoPendingStep.selector));
        vm.prank(address(safe));
        guard.checkAfterModuleExecution(bytes32(0), true);
    }
}
