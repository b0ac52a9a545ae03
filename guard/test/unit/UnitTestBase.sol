// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuard} from "../../src/interfaces/IManifestGuard.sol";
import {IManifestGuardErrors as E} from "../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {IManifestRegistration} from "../../src/interfaces/IManifestRegistration.sol";
import {ISafe} from "../utils/ISafe.sol";
import {ManifestGuardTestBase} from "../utils/ManifestGuardTestBase.sol";

/// @notice Helpers shared by the unit suites: expected-revert execution (signatures are made before the expected
///         revert is armed, so the revert is matched against `execTransaction` itself), manifest builders for
///         several releases in one test, and the error encodings used throughout.
abstract contract UnitTestBase is ManifestGuardTestBase {
    /// @dev keccak256("guard_manager.guard.address"), the Safe's transaction guard slot (1.3.0, 1.4.1, 1.5.0).
    bytes32 internal constant GUARD_STORAGE_SLOT = 0x4a204f620c8c5ccdca3fd54d003badd85ba500436a431f0cbda4f558c93c34c8;
    /// @dev keccak256("module_manager.module_guard.address"), the Safe 1.5.0 module guard slot.
    bytes32 internal constant MODULE_GUARD_STORAGE_SLOT =
        0xb104e0b93118902c651344349b610029d694cfdec91c589c91ebafbcd0289947;

    // ------------------------------------------------------------ expected-revert execution

    /// @dev Executes `step` as the executor and expects the Safe transaction to revert with exactly `reason`;
    ///      also asserts that the Safe nonce did not move.
    function _expectExecRevert(T.Step memory step, bytes memory reason) internal {
        _expectExecFullRevert(
            executor, step.to, step.value, step.data, step.operation, 0, 0, address(0), address(0), reason
        );
    }

    function _expectExecRevertAs(address sender, T.Step memory step, bytes memory reason) internal {
        _expectExecFullRevert(
            sender, step.to, step.value, step.data, step.operation, 0, 0, address(0), address(0), reason
        );
    }

    function _expectExecFullRevert(
        address sender,
        address to,
        uint256 value,
        bytes memory data,
        uint8 operation,
        uint256 safeTxGas,
        uint256 gasPrice,
        address gasToken,
        address refundReceiver,
        bytes memory reason
    ) internal {
        bytes memory signatures = _sign(to, value, data, operation, safeTxGas, gasPrice, gasToken, refundReceiver);
        uint256 nonce = safe.nonce();
        vm.prank(sender);
        vm.expectRevert(reason);
        safe.execTransaction(
            to, value, data, operation, safeTxGas, 0, gasPrice, gasToken, payable(refundReceiver), signatures
        );
        assertEq(safe.nonce(), nonce, "nonce moved");
    }

    /// @dev Two owner signatures for a Safe transaction at an explicit nonce (e.g. one executed from inside another).
    function _signAt(address to, uint256 value, bytes memory data, uint8 operation, uint256 nonce)
        internal
        view
        returns (bytes memory)
    {
        bytes32 txHash = safe.getTransactionHash(to, value, data, operation, 0, 0, 0, address(0), address(0), nonce);
        (uint256 first, uint256 second) =
            owners[0] < owners[1] ? (ownerKeys[0], ownerKeys[1]) : (ownerKeys[1], ownerKeys[0]);
        (uint8 v1, bytes32 r1, bytes32 s1) = vm.sign(first, txHash);
        (uint8 v2, bytes32 r2, bytes32 s2) = vm.sign(second, txHash);
        return abi.encodePacked(r1, s1, v1, r2, s2, v2);
    }

    // ------------------------------------------------------------ builders

    function _phaseOf(T.Step[] memory steps) internal pure returns (T.Phase memory phase) {
        phase.steps = steps;
    }

    function _steps(T.Step memory a, T.Step memory b, T.Step memory c) internal pure returns (T.Step[] memory s) {
        s = new T.Step[](3);
        s[0] = a;
        s[1] = b;
        s[2] = c;
    }

    function _steps(T.Step memory a, T.Step memory b) internal pure returns (T.Step[] memory s) {
        s = new T.Step[](2);
        s[0] = a;
        s[1] = b;
    }

    function _release(string memory ticket, T.Phase memory phase) internal view returns (T.Manifest memory) {
        return _manifest(T.ManifestKind.Release, ticket, bytes32(0), phase);
    }

    function _release(string memory ticket, T.Step memory step) internal view returns (T.Manifest memory) {
        return _release(ticket, _phase(step));
    }

    function _emergency(string memory ticket, T.Step memory step) internal view returns (T.Manifest memory) {
        return _manifest(T.ManifestKind.Emergency, ticket, bytes32(0), _phase(step));
    }

    /// @dev Like `_ready`, but with a rollback of its own (`target.set(rollbackValue)`), so that several releases
    ///      can be made ready in one test without their rollbacks claiming the same step.
    function _readyWith(T.Manifest memory m, uint256 rollbackValue) internal returns (bytes32 id) {
        m.rollback = _readyRollback(string.concat(m.ticket, "-rollback"), _setStep(rollbackValue));
        return _ready(m);
    }

    /// @dev Registers `m` and records the approvals its lane requires, without waiting for `executableFrom`.
    function _registerApproved(T.Manifest memory m) internal returns (bytes32 id) {
        id = _register(m);
        _approve(id, guard.getManifest(id).requiredApprovals);
    }

    function _safeStep(bytes memory data) internal view returns (T.Step memory) {
        return _step(address(safe), data);
    }

    function _configureStep(T.GuardConfig memory config) internal view returns (T.Step memory) {
        return _step(address(guard), abi.encodeCall(IManifestRegistration.configure, (config)));
    }

    /// @dev Replaces the configuration as the Safe would (a shortcut for tests that only need another setup).
    function _configureAsSafe(T.GuardConfig memory config) internal {
        vm.prank(address(safe));
        guard.configure(config);
    }

    function _resultCheck(address to, bytes memory data, bytes32 expected) internal pure returns (T.Check memory c) {
        c.kind = uint8(T.CheckKind.ResultHash);
        c.target = to;
        c.data = data;
        c.expected = expected;
        c.response = uint8(T.StopResponse.Rollback);
    }

    function _valueCheck(uint256 expectedValue) internal view returns (T.Check memory) {
        return _resultCheck(address(target), abi.encodeCall(target.value, ()), keccak256(abi.encode(expectedValue)));
    }

    function _condition(address to, bytes memory data, uint256 min, uint256 max)
        internal
        pure
        returns (T.Condition memory c)
    {
        c.target = to;
        c.data = data;
        c.min = min;
        c.max = max;
    }

    // ------------------------------------------------------------ views

    function _status(bytes32 id) internal view returns (T.ManifestStatus) {
        return guard.getManifest(id).status;
    }

    function _guardOf(ISafe account) internal view returns (address) {
        return address(uint160(uint256(vm.load(address(account), GUARD_STORAGE_SLOT))));
    }

    function _singletonOf(ISafe account) internal view returns (address) {
        return address(uint160(uint256(vm.load(address(account), bytes32(0)))));
    }

    // ------------------------------------------------------------ error encodings

    function _errNoMatch(T.Step memory step) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(
            E.ManifestGuardNoMatchingStep.selector,
            _stepKey(step),
            step.to,
            step.value,
            keccak256(step.data),
            step.operation
        );
    }

    function _errTooEarly(bytes32 id) internal view returns (bytes memory) {
        return abi.encodeWithSelector(
            E.ManifestGuardTooEarly.selector, id, guard.getManifest(id).executableFrom, uint64(block.timestamp)
        );
    }
}
