// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardErrors as E} from "../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {SafeDeployer} from "../utils/SafeDeployer.sol";
import {SingletonRewriter} from "../utils/Targets.sol";
import {UnitTestBase} from "./UnitTestBase.sol";

/// @notice `explainTransaction` answers what `checkTransaction` would do, without reverting: the app and the CLI
///         show its `reason`, so it must be byte for byte the error the Safe transaction reverts with.
abstract contract ExplainTest is UnitTestBase {
    function _explain(T.Step memory step, address sender) internal view returns (T.Verdict memory) {
        return
            guard.explainTransaction(step.to, step.value, step.data, step.operation, 0, address(0), address(0), sender);
    }

    /// @dev The verdict rejects with exactly `reason`, and executing the step reverts with the same bytes.
    function _assertSameRejection(T.Step memory step, address sender, bytes memory reason) internal {
        T.Verdict memory verdict = _explain(step, sender);
        assertFalse(verdict.allowed);
        assertEq(verdict.reason, reason);
        _expectExecRevertAs(sender, step, verdict.reason);
    }

    function test_explainTransaction_AllowsNextStep() public {
        T.Step memory first = _setStep(1);
        T.Step memory second = _setStep(2);
        bytes32 id = _ready(_release("OPS-1", _phase(first, second)));
        assertTrue(_exec(first));

        T.Verdict memory verdict = _explain(second, executor);
        assertTrue(verdict.allowed);
        assertEq(verdict.reason.length, 0);
        assertEq(verdict.manifestId, id);
        assertEq(verdict.phase, 0);
        assertEq(verdict.step, 1);
        assertTrue(_exec(second));
    }

    function test_explainTransaction_MatchesCheckTransaction_NoMatchingStep() public {
        T.Step memory step = _setStep(9);
        T.Verdict memory verdict = _explain(step, executor);
        assertEq(verdict.manifestId, bytes32(0));
        _assertSameRejection(step, executor, _errNoMatch(step));
    }

    function test_explainTransaction_MatchesCheckTransaction_NotExecutor() public {
        T.Step memory step = _setStep(42);
        _ready(_release("OPS-1", step));
        _assertSameRejection(step, stranger, abi.encodeWithSelector(E.ManifestGuardNotExecutor.selector, stranger));
    }

    function test_explainTransaction_MatchesCheckTransaction_DelegateCallForbidden() public {
        SingletonRewriter rewriter = new SingletonRewriter();
        T.Step memory step = T.Step({
            to: address(rewriter),
            value: 0,
            operation: DELEGATECALL,
            data: abi.encodeCall(SingletonRewriter.rewrite, (stranger))
        });
        _assertSameRejection(
            step, executor, abi.encodeWithSelector(E.ManifestGuardDelegateCallForbidden.selector, address(rewriter))
        );
    }

    function test_explainTransaction_MatchesCheckTransaction_TooEarly() public {
        T.Step memory step = _setStep(42);
        T.Manifest memory m = _release("OPS-1", step);
        m.rollback = _readyRollback("OPS-1-rollback", _setStep(0));
        bytes32 id = _registerApproved(m);
        T.Verdict memory verdict = _explain(step, executor);
        assertEq(verdict.manifestId, id);
        _assertSameRejection(step, executor, _errTooEarly(id));
    }

    function test_explainTransaction_MatchesCheckTransaction_NotApproved() public {
        T.Step memory step = _setStep(42);
        T.Manifest memory m = _release("OPS-1", step);
        m.rollback = keccak256("OPS-1-rollback");
        bytes32 id = _register(m);
        _assertSameRejection(step, executor, abi.encodeWithSelector(E.ManifestGuardNotApproved.selector, id));
    }

    function test_explainTransaction_MatchesCheckTransaction_StepOutOfOrder() public {
        T.Step memory first = _setStep(1);
        T.Step memory second = _setStep(2);
        bytes32 id = _ready(_release("OPS-1", _phase(first, second)));
        T.Verdict memory verdict = _explain(second, executor);
        assertEq(verdict.manifestId, id);
        assertEq(verdict.step, 1);
        _assertSameRejection(
            second,
            executor,
            abi.encodeWithSelector(
                E.ManifestGuardStepOutOfOrder.selector, id, uint256(0), uint256(0), uint256(0), uint256(1)
            )
        );
    }

    function test_explainTransaction_MatchesCheckTransaction_Expired() public {
        T.Step memory step = _setStep(42);
        T.Manifest memory m = _release("OPS-1", step);
        bytes32 id = _ready(m);
        vm.warp(m.expiry + 1);
        _assertSameRejection(
            step, executor, abi.encodeWithSelector(E.ManifestGuardExpired.selector, id, m.expiry, m.expiry + 1)
        );
    }

    function test_explainTransaction_MatchesCheckTransaction_Frozen() public {
        T.Step memory step = _setStep(42);
        _ready(_release("OPS-1", step));
        vm.prank(guardian);
        guard.freeze(1 days);
        _assertSameRejection(
            step,
            executor,
            abi.encodeWithSelector(
                E.ManifestGuardFrozen.selector, uint64(block.timestamp + 1 days), uint64(block.timestamp)
            )
        );
    }

    function test_explainTransaction_MatchesCheckTransaction_PhaseGateClosed() public {
        T.Step memory first = _setStep(1);
        T.Step memory second = _setStep(2);
        bytes32 id = _ready(_twoPhases(_release("OPS-1", first), _phase(second)));
        assertTrue(_exec(first));
        _assertSameRejection(
            second, executor, abi.encodeWithSelector(E.ManifestGuardPhaseGateClosed.selector, id, uint256(1))
        );
    }

    function test_explainTransaction_MatchesCheckTransaction_RefundForbidden() public {
        T.Step memory step = _setStep(42);
        _ready(_release("OPS-1", step));
        T.Verdict memory verdict =
            guard.explainTransaction(step.to, 0, step.data, CALL, 0, address(0), stranger, executor);
        bytes memory reason = abi.encodeWithSelector(E.ManifestGuardRefundForbidden.selector, 0, address(0), stranger);
        assertFalse(verdict.allowed);
        assertEq(verdict.reason, reason);
        _expectExecFullRevert(executor, step.to, 0, step.data, CALL, 0, 0, address(0), stranger, verdict.reason);
    }
}

contract ExplainTest_v130 is ExplainTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_3_0;
    }
}

contract ExplainTest_v141 is ExplainTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_4_1;
    }
}

contract ExplainTest_v150 is ExplainTest {}
