// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardErrors as E} from "../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {ISafeTransactionGuard} from "../../src/interfaces/ISafeTransactionGuard.sol";
import {UnitTestBase} from "../unit/UnitTestBase.sol";

/// @notice The hooks read their arguments straight from calldata, ahead of any ABI decoder (the routine path in
///         assembly, the full path through bounded reads). Called as the Safe with brutalized calldata (dirty upper
///         bits in address, uint8 and bool words, offsets and lengths out of bounds, truncated heads, and encodings
///         that are not canonical but mean the same call: `data` moved elsewhere, garbage in its padding, after the end
///         or in the words the guard does not read), each hook answers `ManifestGuardMalformedHookCall(selector)` or
///         exactly what the clean call answers (same success, same return or revert data, same effect), and never
///         accepts a call the clean one refuses.
/// @dev Every clean call is made on a snapshot first, then the brutalized one on the same state. Scenarios cover the
///      routine path (a middle step by the executor cached in the cursor), the full path accepting (another executor,
///      a phase's last step) and the full path refusing (out of order, not an executor, a refund, no such step, a
///      delegatecall, a freeze).
contract HookCalldataFuzzTest is UnitTestBase {
    bytes4 internal constant CHECK_TRANSACTION = ISafeTransactionGuard.checkTransaction.selector;
    bytes4 internal constant CHECK_AFTER_EXECUTION = ISafeTransactionGuard.checkAfterExecution.selector;
    /// @dev `checkTransaction`'s head: selector and 11 words.
    uint256 internal constant HEAD = 0x164;

    /// @dev How a mutation must come out.
    enum Expect {
        Malformed, // always `ManifestGuardMalformedHookCall`
        Same, // always exactly the clean call's answer
        MalformedOrSame, // one of the two
        NotLooser // at least never an acceptance the clean call refuses
    }

    address internal executor2 = makeAddr("executor2");
    bytes32 internal id;
    T.Step[] internal steps;

    function setUp() public override {
        super.setUp();
        T.GuardConfig memory config = defaultConfig();
        config.executors = new address[](2);
        config.executors[0] = executor;
        config.executors[1] = executor2;
        _configureAsSafe(config);
        steps.push(_setStep(41));
        steps.push(_setStep(42));
        steps.push(_setStep(43));
        steps.push(_setStep(44));
        id = _ready(_release("HOOKS", _phaseOf(steps)));
        // The first step caches the executor in the cursor: the middle steps take the routine path from now on.
        assertTrue(_exec(steps[0]));
    }

    // ================================================================ checkTransaction

    function testFuzz_checkTransaction_BrutalizedCalldata(uint8 scenario, uint8 mutation, uint256 seed) public {
        scenario %= 8;
        bytes memory clean = _cleanCheckTransaction(scenario, seed);
        (bytes memory dirty, Expect expect) = _brutalize(clean, mutation % 13, seed);

        uint256 snapshot = vm.snapshotState();
        (bool cleanOk, bytes memory cleanAnswer, uint8 cleanStep) = _checkTransaction(clean);
        assertEq(cleanOk, scenario <= 1, "the clean call's answer is not the scenario's");
        vm.revertToState(snapshot);
        (bool dirtyOk, bytes memory dirtyAnswer, uint8 dirtyStep) = _checkTransaction(dirty);

        vm.revertToStateAndDelete(snapshot);

        _assertAnswer(CHECK_TRANSACTION, expect, cleanOk, cleanAnswer, cleanStep, dirtyOk, dirtyAnswer, dirtyStep);
    }

    /// @dev Each mutation once on the routine path and once on a refused call (the fuzzer finds the rest).
    function test_checkTransaction_BrutalizedCalldata_EveryMutation() public {
        for (uint8 mutation; mutation < 13; ++mutation) {
            testFuzz_checkTransaction_BrutalizedCalldata(0, mutation, uint256(keccak256(abi.encode(mutation))));
            testFuzz_checkTransaction_BrutalizedCalldata(3, mutation, uint256(keccak256(abi.encode(mutation, 1))));
        }
    }

    /// @dev The clean `checkTransaction` the Safe would send for a scenario (scenario 7 also freezes the Safe).
    function _cleanCheckTransaction(uint8 scenario, uint256 seed) internal returns (bytes memory) {
        T.Step memory step = steps[1];
        address sender = executor;
        uint256 gasPrice;
        if (scenario == 1) {
            sender = executor2; // accepted on the full path: the cached executor differs
        } else if (scenario == 2) {
            step = steps[3]; // out of order
        } else if (scenario == 3) {
            sender = stranger; // not an executor
        } else if (scenario == 4) {
            gasPrice = 1 + seed % 1 gwei; // a refund
        } else if (scenario == 5) {
            step = _setStep(99); // no manifest's step
        } else if (scenario == 6) {
            step.operation = DELEGATECALL; // a delegatecall to something other than MultiSendCallOnly
        } else if (scenario == 7) {
            vm.prank(guardian);
            guard.freeze(1 hours); // the freeze flag sends the step to the full check
        }
        // The words the guard ignores (safeTxGas, baseGas, signatures) vary too.
        bytes memory signatures = abi.encodePacked(keccak256(abi.encode(seed)), bytes1(uint8(seed)));
        return abi.encodeWithSelector(
            CHECK_TRANSACTION,
            step.to,
            step.value,
            step.data,
            step.operation,
            seed % 3 == 0 ? 0 : seed >> 200,
            seed % 5 == 0 ? 0 : uint256(uint8(seed >> 8)),
            gasPrice,
            address(0),
            payable(address(0)),
            signatures,
            sender
        );
    }

    /// @dev One mutation of a clean `checkTransaction` and what it must come out as. Words are addressed by their byte
    ///      offset in calldata (selector included): to 0x04, value 0x24, data offset 0x44, operation 0x64, safeTxGas
    ///      0x84, baseGas 0xa4, gasPrice 0xc4, gasToken 0xe4, refundReceiver 0x104, signatures offset 0x124,
    ///      msgSender 0x144.
    function _brutalize(bytes memory clean, uint8 mutation, uint256 seed)
        internal
        pure
        returns (bytes memory dirty, Expect expect)
    {
        dirty = bytes.concat(clean);
        uint256 dataAt = 4 + _word(clean, 0x44); // the length word of `data`
        uint256 high = (seed | 1) << 160; // nonzero bits above an address
        if (mutation == 0) {
            _setWord(dirty, 0x04, _word(clean, 0x04) | high);
            expect = Expect.Malformed;
        } else if (mutation == 1) {
            _setWord(dirty, 0x64, _word(clean, 0x64) | ((seed | 1) << 8)); // an operation wider than uint8
            expect = Expect.Malformed;
        } else if (mutation == 2) {
            _setWord(dirty, 0xe4, high); // gasToken
            expect = Expect.Malformed;
        } else if (mutation == 3) {
            _setWord(dirty, 0x104, high); // refundReceiver
            expect = Expect.Malformed;
        } else if (mutation == 4) {
            // msgSender: read last, after the refund rule (a refused refund stays refused for the same reason).
            _setWord(dirty, 0x144, _word(clean, 0x144) | high);
            expect = Expect.MalformedOrSame;
        } else if (mutation == 5) {
            _setWord(dirty, 0x44, (seed | 1) << 32); // data's offset beyond 32 bits
            expect = Expect.Malformed;
        } else if (mutation == 6) {
            // data's length beyond 32 bits, or past the end of calldata.
            uint256 room = clean.length - (dataAt + 32);
            _setWord(dirty, dataAt, seed % 2 == 0 ? (seed | 1) << 32 : room + 1 + (seed >> 1) % 4096);
            expect = Expect.Malformed;
        } else if (mutation == 7) {
            dirty = _slice(clean, 4 + seed % (HEAD - 4)); // a truncated head
            expect = Expect.Malformed;
        } else if (mutation == 8) {
            // data moved after the end (a non-canonical encoding of the same call).
            uint256 length = _word(clean, dataAt);
            bytes memory copy = _slice(clean, dataAt, 32 + _ceil32(length));
            dirty = bytes.concat(clean, copy);
            _setWord(dirty, 0x44, clean.length - 4);
            expect = Expect.Same;
        } else if (mutation == 9) {
            // garbage in data's padding.
            uint256 length = _word(clean, dataAt);
            for (uint256 i = length; i < _ceil32(length); ++i) {
                dirty[dataAt + 32 + i] = bytes1(uint8(seed >> (8 * (i % 32))) | 1);
            }
            expect = Expect.Same;
        } else if (mutation == 10) {
            dirty = bytes.concat(clean, abi.encodePacked(seed, seed >> 128)); // garbage after the end
            expect = Expect.Same;
        } else if (mutation == 11) {
            // words the guard does not read: safeTxGas, baseGas, the signatures' offset.
            _setWord(dirty, 0x84, seed);
            _setWord(dirty, 0xa4, ~seed);
            _setWord(dirty, 0x124, seed >> 3);
            expect = Expect.Same;
        } else {
            // data's offset anywhere inside calldata: another call, or a malformed one, never a looser answer.
            _setWord(dirty, 0x44, seed % (clean.length - 4));
            expect = Expect.NotLooser;
        }
    }

    /// @dev `checkTransaction` as the Safe; on acceptance the post-execution hook clears the pending step (so that the
    ///      state after it is comparable), and the manifest's next step tells its effect.
    function _checkTransaction(bytes memory callData) internal returns (bool ok, bytes memory answer, uint8 next) {
        vm.prank(address(safe));
        (ok, answer) = address(guard).call(callData);
        next = guard.getManifest(id).nextStep;
        if (ok) _checkAfterExecution(abi.encodeWithSelector(CHECK_AFTER_EXECUTION, bytes32(0), true), true);
    }

    // ================================================================ checkAfterExecution

    function testFuzz_checkAfterExecution_BrutalizedCalldata(uint8 scenario, uint8 mutation, uint256 seed) public {
        bool success = seed % 4 != 0; // a failed inner call is refused (InnerCallFailed)
        bytes memory clean = abi.encodeWithSelector(CHECK_AFTER_EXECUTION, keccak256(abi.encode(seed)), success);
        (bytes memory dirty, Expect expect) = _brutalizeAfter(clean, mutation % 4, seed);
        scenario %= 3;

        uint256 snapshot = vm.snapshotState();
        _pend(scenario);
        (bool cleanOk, bytes memory cleanAnswer) = _checkAfterExecution(clean, false);
        assertEq(cleanOk, success, "the clean call's answer is not the scenario's");
        bool cleanLeft = _pendingLeft();
        vm.revertToState(snapshot);
        _pend(scenario);
        (bool dirtyOk, bytes memory dirtyAnswer) = _checkAfterExecution(dirty, false);
        bool dirtyLeft = _pendingLeft();
        vm.revertToStateAndDelete(snapshot);

        _assertAnswer(
            CHECK_AFTER_EXECUTION,
            expect,
            cleanOk,
            cleanAnswer,
            cleanLeft ? 1 : 0,
            dirtyOk,
            dirtyAnswer,
            dirtyLeft ? 1 : 0
        );
    }

    function test_checkAfterExecution_BrutalizedCalldata_EveryMutation() public {
        for (uint8 mutation; mutation < 4; ++mutation) {
            for (uint8 scenario; scenario < 3; ++scenario) {
                testFuzz_checkAfterExecution_BrutalizedCalldata(scenario, mutation, 1 + mutation);
                testFuzz_checkAfterExecution_BrutalizedCalldata(scenario, mutation, 4 * (1 + mutation));
            }
        }
    }

    /// @dev A pending step, as `checkTransaction` leaves it for the post-execution hook: a middle step on the routine
    ///      path (0), on the full path (1), or the phase's last step (2: the full post-execution half).
    function _pend(uint8 scenario) internal {
        T.Step memory step = steps[1];
        address sender = scenario == 1 ? executor2 : executor;
        if (scenario == 2) {
            assertTrue(_exec(steps[1]));
            assertTrue(_exec(steps[2]));
            step = steps[3];
        }
        bytes memory callData = abi.encodeCall(
            ISafeTransactionGuard.checkTransaction,
            (step.to, step.value, step.data, step.operation, 0, 0, 0, address(0), payable(address(0)), "", sender)
        );
        vm.prank(address(safe));
        (bool ok,) = address(guard).call(callData);
        assertTrue(ok, "checkTransaction refused the pending step");
    }

    /// @dev Whether a step is still pending (a clean post-execution call then succeeds, and clears it).
    function _pendingLeft() internal returns (bool ok) {
        (ok,) = _checkAfterExecution(abi.encodeWithSelector(CHECK_AFTER_EXECUTION, bytes32(0), true), false);
    }

    /// @dev Words: txHash 0x04, success 0x24.
    function _brutalizeAfter(bytes memory clean, uint8 mutation, uint256 seed)
        internal
        pure
        returns (bytes memory dirty, Expect expect)
    {
        dirty = bytes.concat(clean);
        if (mutation == 0) {
            _setWord(dirty, 0x24, _word(clean, 0x24) | ((seed | 1) << 1)); // a bool that is neither 0 nor 1
            expect = Expect.Malformed;
        } else if (mutation == 1) {
            _setWord(dirty, 0x04, ~seed); // the transaction hash, which the guard does not read
            expect = Expect.Same;
        } else if (mutation == 2) {
            dirty = bytes.concat(clean, abi.encodePacked(seed)); // garbage after the end
            expect = Expect.Same;
        } else {
            // A truncated call: the guard reads the missing bytes of `success` as zero, so a truncated `true` is
            // refused as a failed inner call rather than as malformed; it is never accepted.
            dirty = _slice(clean, 4 + seed % 0x40);
            expect = Expect.NotLooser;
        }
    }

    function _checkAfterExecution(bytes memory callData, bool mustPass)
        internal
        returns (bool ok, bytes memory answer)
    {
        vm.prank(address(safe));
        (ok, answer) = address(guard).call(callData);
        if (mustPass) assertTrue(ok, "checkAfterExecution refused a clean call after an accepted step");
    }

    // ================================================================ the verdict

    function _assertAnswer(
        bytes4 selector,
        Expect expect,
        bool cleanOk,
        bytes memory cleanAnswer,
        uint8 cleanEffect,
        bool dirtyOk,
        bytes memory dirtyAnswer,
        uint8 dirtyEffect
    ) internal pure {
        assertFalse(dirtyOk && !cleanOk, "brutalized calldata was accepted where the clean call is refused");
        bool malformed = !dirtyOk
            && keccak256(dirtyAnswer)
                == keccak256(abi.encodeWithSelector(E.ManifestGuardMalformedHookCall.selector, selector));
        bool same = dirtyOk == cleanOk && keccak256(dirtyAnswer) == keccak256(cleanAnswer) && dirtyEffect == cleanEffect;
        if (expect == Expect.Malformed) assertTrue(malformed, "brutalized calldata not refused as malformed");
        if (expect == Expect.Same) assertTrue(same, "an equivalent encoding got another answer than the clean call");
        if (expect == Expect.MalformedOrSame) assertTrue(malformed || same, "neither malformed nor the clean answer");
    }

    // ================================================================ bytes

    function _word(bytes memory data, uint256 at) internal pure returns (uint256 word) {
        assembly ("memory-safe") {
            word := mload(add(add(data, 0x20), at))
        }
    }

    function _setWord(bytes memory data, uint256 at, uint256 word) internal pure {
        assembly ("memory-safe") {
            mstore(add(add(data, 0x20), at), word)
        }
    }

    function _slice(bytes memory data, uint256 length) internal pure returns (bytes memory) {
        return _slice(data, 0, length);
    }

    function _slice(bytes memory data, uint256 from, uint256 length) internal pure returns (bytes memory out) {
        out = new bytes(length);
        for (uint256 i; i < length; ++i) {
            out[i] = data[from + i];
        }
    }

    function _ceil32(uint256 length) internal pure returns (uint256) {
        return (length + 31) / 32 * 32;
    }
}
