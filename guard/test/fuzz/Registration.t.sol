// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardErrors as E} from "../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {ISafe} from "../utils/ISafe.sol";
import {ManifestGuardTestBase} from "../utils/ManifestGuardTestBase.sol";
import {Target} from "../utils/Targets.sol";

/// @notice Registration with random inputs: random kinds, windows, rollback ids and shapes (phase and step counts,
///         soaks, checks, conditions, plain and batched steps, forbidden operations, malformed batches, duplicate
///         steps). Valid manifests register under the id `guard.manifestId` returns (and an independent EIP-712
///         computation agrees); invalid ones revert with the exact named error of the first rule they break, in the
///         guard's order: header (kind, window, rollback, phase count), then every step's operation and batch, then the
///         lane (no privileged Emergency), then each phase in turn (step count, soak, checks, conditions, step claims),
///         then the total step count.
contract RegistrationFuzzTest is ManifestGuardTestBase {
    /// @dev What a generated step is, for the expectation.
    enum StepKind {
        Routine,
        Privileged,
        RoutineBatch,
        PrivilegedBatch,
        MalformedBatch,
        BadOperation,
        ForbiddenDelegateCall,
        Duplicate
    }

    struct Meta {
        StepKind[][] kinds;
        uint256[][] malformedAt;
        bool[][] invalidChecks;
        bool[][] invalidConditions;
    }

    uint256 internal constant MAX_PHASES = 16;
    uint256 internal constant MAX_STEPS_PER_PHASE = 32;
    uint256 internal constant MAX_STEPS = 64;
    uint256 internal constant MAX_CHECKS = 8;
    uint256 internal constant MAX_CONDITIONS = 4;
    uint64 internal constant MAX_SOAK = 90 days;

    /// @dev Makes generated calls unique (no accidental duplicate steps).
    uint256 internal _nonce;

    // ================================================================ the fuzz test and its concrete twins

    function testFuzz_register_AcceptsValidAndNamesTheBrokenRule(
        uint8 kindSeed,
        uint64 notBeforeSeed,
        uint64 expirySeed,
        uint256 shapeSeed
    ) public {
        (T.Manifest memory m, Meta memory meta) = _generate(kindSeed, notBeforeSeed, expirySeed, shapeSeed);
        bytes32 id = guard.manifestId(m);
        bytes memory expected = _expectedRevert(m, meta, id);

        if (expected.length != 0) {
            vm.expectRevert(expected);
            _register(m);
            return;
        }
        bytes32 registered = _register(m);
        assertEq(registered, id, "register returns manifestId");
        assertEq(id, _independentId(m), "manifestId is the EIP-712 digest of the manifest");

        T.ManifestView memory v = guard.getManifest(id);
        assertEq(uint8(v.status), uint8(T.ManifestStatus.Registered), "status");
        assertEq(uint8(v.kind), m.kind, "kind");
        assertEq(uint8(v.lane), uint8(_isPrivileged(meta) ? T.Lane.Privileged : T.Lane.Routine), "lane");
        assertEq(v.proposer, proposer, "proposer");
        assertEq(v.notBefore, m.notBefore, "notBefore");
        assertEq(v.expiry, m.expiry, "expiry");
        assertEq(v.rollback, m.rollback, "rollback");
        assertEq(v.evidence, m.evidence, "evidence");
        assertEq(v.phaseCount, m.phases.length, "phase count");
        assertEq(guard.manifestAt(guard.manifestCount() - 1), id, "listed");

        vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardAlreadyRegistered.selector, id));
        _register(m);
    }

    function test_register_AcceptsValidAndNamesTheBrokenRule_Concrete() public {
        testFuzz_register_AcceptsValidAndNamesTheBrokenRule(0, 0, 30 days, 7);
        testFuzz_register_AcceptsValidAndNamesTheBrokenRule(1, 1 days, 5 days, 1234);
        testFuzz_register_AcceptsValidAndNamesTheBrokenRule(2, 3, 4, type(uint256).max);
    }

    /// @notice A hand-picked case per rule, through the same expectation (so the fuzz test's oracle is pinned too).
    function test_register_NamesEachBrokenRule() public {
        T.Manifest memory m = _manifest(T.ManifestKind.Rollback, "R-1", bytes32(0), _phase(_setStep(1)));
        bytes32 id = guard.manifestId(m);

        m.kind = 3;
        _expectRevertAndRegister(m, abi.encodeWithSelector(E.ManifestGuardInvalidKind.selector, 3));
        m.kind = uint8(T.ManifestKind.Rollback);

        m.expiry = m.notBefore;
        _expectRevertAndRegister(
            m,
            abi.encodeWithSelector(
                E.ManifestGuardInvalidWindow.selector, m.notBefore, m.expiry, uint64(block.timestamp)
            )
        );
        m.expiry = uint64(type(uint40).max) + 1;
        _expectRevertAndRegister(
            m,
            abi.encodeWithSelector(
                E.ManifestGuardInvalidWindow.selector, m.notBefore, m.expiry, uint64(block.timestamp)
            )
        );
        m.expiry = uint64(block.timestamp) + WINDOW;

        m.rollback = keccak256("r");
        _expectRevertAndRegister(m, abi.encodeWithSelector(E.ManifestGuardUnexpectedRollback.selector, 1, m.rollback));
        m.kind = uint8(T.ManifestKind.Release);
        m.rollback = 0;
        _expectRevertAndRegister(m, abi.encodeWithSelector(E.ManifestGuardMissingRollback.selector));
        m.kind = uint8(T.ManifestKind.Rollback);

        T.Phase memory second = _phase(_setStep(2), _setStep(1));
        m = _twoPhases(m, second);
        id = guard.manifestId(m);
        _expectRevertAndRegister(
            m, abi.encodeWithSelector(E.ManifestGuardStepClaimed.selector, _stepKey(_setStep(1)), id)
        );

        m.phases[1].steps[1] = _setStep(3);
        m.phases[1].minSoak = MAX_SOAK + 1;
        _expectRevertAndRegister(
            m, abi.encodeWithSelector(E.ManifestGuardInvalidSoak.selector, 1, MAX_SOAK + 1, MAX_SOAK)
        );
        m.phases[1].minSoak = MAX_SOAK;
        assertEq(_register(m), guard.manifestId(m), "MAX_SOAK is allowed");
    }

    /// @notice More steps than `MAX_STEPS` in total, each phase within its own bound.
    function test_register_RevertWhen_TotalStepsExceedMax() public {
        T.Manifest memory m = _manifest(T.ManifestKind.Rollback, "R-2", bytes32(0), _phase(_setStep(1)));
        m.phases = new T.Phase[](3);
        uint256 v = 100;
        for (uint256 p; p < 3; ++p) {
            m.phases[p].steps = new T.Step[](22);
            for (uint256 s; s < 22; ++s) {
                m.phases[p].steps[s] = _setStep(v++);
            }
        }
        _expectRevertAndRegister(
            m, abi.encodeWithSelector(E.ManifestGuardInvalidShape.selector, type(uint256).max, 66, MAX_STEPS)
        );
    }

    /// @notice A batch is decoded to its end even after a privileged inner call, so a malformed tail is rejected:
    ///         `packed` is `Safe.changeThreshold(2)` (121 bytes) followed by 40 bytes of a truncated transaction.
    function test_register_RevertWhen_MalformedTailFollowsPrivilegedInnerCall() public {
        bytes memory first = _packed(_step(address(safe), abi.encodeCall(ISafe.changeThreshold, (2))));
        assertEq(first.length, 121);
        T.Step memory batch = _batchStep(abi.encodePacked(first, new bytes(40)));
        T.Manifest memory m = _manifest(T.ManifestKind.Rollback, "R-3", bytes32(0), _phase(batch));
        _expectRevertAndRegister(m, abi.encodeWithSelector(E.ManifestGuardMalformedMultiSend.selector, 68 + 121));
    }

    /// @notice The same malformed tail after a routine inner call is rejected at its offset.
    function test_register_RevertWhen_MalformedTailFollowsRoutineInnerCall() public {
        bytes memory first = _packed(_setStep(1));
        T.Step memory batch = _batchStep(abi.encodePacked(first, new bytes(40)));
        T.Manifest memory m = _manifest(T.ManifestKind.Rollback, "R-4", bytes32(0), _phase(batch));
        _expectRevertAndRegister(
            m, abi.encodeWithSelector(E.ManifestGuardMalformedMultiSend.selector, 68 + first.length)
        );
    }

    // ================================================================ generator

    function _generate(uint8 kindSeed, uint64 notBeforeSeed, uint64 expirySeed, uint256 shapeSeed)
        internal
        returns (T.Manifest memory m, Meta memory meta)
    {
        uint256 r = uint256(keccak256(abi.encode(shapeSeed, "header")));
        // Mostly a valid kind, sometimes any byte.
        m.kind = r % 8 == 0 ? kindSeed : kindSeed % 3;
        (m.notBefore, m.expiry) = _window(notBeforeSeed, expirySeed, r >> 8);
        // A rollback exactly when the kind is a Release, except one time in eight.
        bool rollback = (m.kind == uint8(T.ManifestKind.Release)) != ((r >> 16) % 8 == 0);
        m.rollback = rollback ? keccak256(abi.encode(shapeSeed, "rollback")) : bytes32(0);
        m.ticket = string.concat("FUZZ-", vm.toString(shapeSeed % 1000));
        m.evidence = keccak256(abi.encode(shapeSeed, "evidence"));

        uint256 pick = (r >> 24) % 32;
        uint256 phaseCount = pick == 0 ? 0 : pick == 1 ? MAX_PHASES + 1 : 1 + pick % 3;
        m.phases = new T.Phase[](phaseCount);
        meta.kinds = new StepKind[][](phaseCount);
        meta.malformedAt = new uint256[][](phaseCount);
        meta.invalidChecks = new bool[][](phaseCount);
        meta.invalidConditions = new bool[][](phaseCount);
        for (uint256 p; p < phaseCount; ++p) {
            _generatePhase(m, meta, p, uint256(keccak256(abi.encode(shapeSeed, "phase", p))));
        }
    }

    /// @dev Mostly a valid window; sometimes one that closed, one that ends before it opens, or one past `uint40`.
    function _window(uint64 notBeforeSeed, uint64 expirySeed, uint256 r) internal view returns (uint64, uint64) {
        uint64 nowTs = uint64(block.timestamp);
        uint256 mode = r % 16;
        if (mode == 0) return (nowTs - 10 days, nowTs - uint64(expirySeed % 1 days)); // closed (expiry <= now)
        if (mode == 1) {
            uint64 expiry = nowTs + 1 + expirySeed % 30 days;
            return (expiry + notBeforeSeed % 1 days, expiry); // notBefore >= expiry
        }
        if (mode == 2) return (nowTs, uint64(type(uint40).max) + 1 + expirySeed % 1000);
        if (mode == 3) return (notBeforeSeed, expirySeed); // raw
        uint64 notBefore = nowTs - 30 days + notBeforeSeed % 60 days;
        uint64 start = notBefore > nowTs ? notBefore : nowTs;
        return (notBefore, start + 1 + expirySeed % 90 days);
    }

    function _generatePhase(T.Manifest memory m, Meta memory meta, uint256 p, uint256 r) internal {
        T.Phase memory phase = m.phases[p];
        uint256 pick = r % 32;
        uint256 count =
            pick == 0 ? 0 : pick == 1 ? MAX_STEPS_PER_PHASE + 1 : pick == 2 ? MAX_STEPS_PER_PHASE : 1 + pick % 3;
        phase.steps = new T.Step[](count);
        meta.kinds[p] = new StepKind[](count);
        meta.malformedAt[p] = new uint256[](count);
        for (uint256 s; s < count; ++s) {
            (phase.steps[s], meta.kinds[p][s], meta.malformedAt[p][s]) =
                _generateStep(m, p, s, uint256(keccak256(abi.encode(r, "step", s))));
        }

        uint256 soak = (r >> 8) % 32;
        phase.minSoak =
            soak == 0 ? MAX_SOAK + 1 + uint64(r >> 100) % 1 days : soak == 1 ? MAX_SOAK : uint64(r >> 64) % 3 days;

        (phase.checks, meta.invalidChecks[p]) = _generateChecks(r >> 16);
        (phase.conditions, meta.invalidConditions[p]) = _generateConditions(r >> 24);
    }

    function _generateStep(T.Manifest memory m, uint256 p, uint256 s, uint256 r)
        internal
        returns (T.Step memory step, StepKind kind, uint256 malformedAt)
    {
        uint256 pick = r % 32;
        if (pick >= 27 && pick <= 28 && (p != 0 || s != 0)) {
            // A copy of an earlier step of this manifest.
            uint256 q = (r >> 8) % (p + 1);
            uint256 limit = q == p ? s : m.phases[q].steps.length;
            if (limit != 0) return (m.phases[q].steps[(r >> 16) % limit], StepKind.Duplicate, 0);
        }
        if (pick == 16 || pick == 17) {
            return (
                _step(_randomTarget(r), abi.encodeCall(Target.transferOwnership, (address(uint160(r))))),
                StepKind.Privileged,
                0
            );
        }
        if (pick == 18) {
            return (_step(address(safe), abi.encodeCall(ISafe.changeThreshold, (2))), StepKind.Privileged, 0);
        }
        if (pick == 19) {
            return (_step(address(guard), abi.encodeWithSignature("freeze(uint64)", r % 10)), StepKind.Privileged, 0);
        }
        if (pick == 20) {
            return (_step(_randomTarget(r), abi.encodePacked(bytes3(uint24(r >> 8)))), StepKind.Routine, 0);
        }
        if (pick == 21 || pick == 22) {
            return (_batchStep(_routinePacked(r, 1 + (r >> 8) % 3)), StepKind.RoutineBatch, 0);
        }
        if (pick == 23) {
            bytes memory packed = abi.encodePacked(
                _routinePacked(r, (r >> 8) % 2),
                _packed(_step(address(safe), abi.encodeCall(ISafe.changeThreshold, (2)))),
                _routinePacked(r >> 4, (r >> 12) % 2)
            );
            return (_batchStep(packed), StepKind.PrivilegedBatch, 0);
        }
        if (pick == 24) {
            (step, malformedAt) = _malformedBatch(r);
            return
                (step, malformedAt == type(uint256).max ? StepKind.RoutineBatch : StepKind.MalformedBatch, malformedAt);
        }
        if (pick == 25) {
            step = _setStep(++_nonce);
            step.operation = uint8(2 + (r >> 8) % 254);
            return (step, StepKind.BadOperation, 0);
        }
        if (pick == 26) {
            step = _setStep(++_nonce);
            step.operation = DELEGATECALL;
            return (step, StepKind.ForbiddenDelegateCall, 0);
        }
        step = _setStep(++_nonce);
        if ((r >> 8) % 4 == 0) step.value = 1 + (r >> 16) % 1 ether;
        return (step, StepKind.Routine, 0);
    }

    /// @dev A batch of routine calls made malformed: wrong selector (offset 0), a length past the end (36), or its
    ///      packed bytes cut short (the offset of the transaction the cut falls into; `type(uint256).max` when the cut
    ///      falls on a transaction boundary, which leaves a valid batch).
    function _malformedBatch(uint256 r) internal returns (T.Step memory step, uint256 malformedAt) {
        uint256 count = 1 + (r >> 8) % 3;
        bytes memory packed = _routinePacked(r, count);
        uint256 mode = (r >> 16) % 4;
        step = _batchStep(packed);
        if (mode == 0) {
            step.data = abi.encodeWithSignature("multiSend(bytes,bytes)", packed, packed);
            return (step, 0);
        }
        if (mode == 1) {
            step.data = abi.encodePacked(bytes4(keccak256("multiSend(bytes)")), uint256(32), packed.length + 1, packed);
            return (step, 36);
        }
        uint256 kept = (r >> 24) % packed.length;
        bytes memory cut = new bytes(kept);
        for (uint256 i; i < kept; ++i) {
            cut[i] = packed[i];
        }
        step = _batchStep(cut);
        // Walk the packed transactions the way a decoder must.
        uint256 cursor;
        while (cursor < kept) {
            if (kept < cursor + 85) return (step, 68 + cursor);
            uint256 dataLength = uint256(_word(cut, cursor + 53));
            if (dataLength > kept - cursor - 85) return (step, 68 + cursor + 53);
            cursor += 85 + dataLength;
        }
        return (step, type(uint256).max);
    }

    function _generateChecks(uint256 r) internal pure returns (T.Check[] memory checks, bool[] memory invalid) {
        uint256 pick = r % 16;
        uint256 count = pick == 0 ? MAX_CHECKS + 1 : pick <= 3 ? 1 + pick % 3 : 0;
        checks = new T.Check[](count);
        invalid = new bool[](count);
        for (uint256 i; i < count; ++i) {
            uint256 c = uint256(keccak256(abi.encode(r, i)));
            checks[i] = T.Check({
                kind: uint8(c % 2),
                target: address(uint160(c >> 8) | 1),
                data: c % 2 == 0 ? abi.encodeWithSignature("value()") : bytes(""),
                expected: bytes32(c),
                response: uint8((c >> 4) % 3)
            });
            // One check in four is malformed in one of the four ways.
            if ((c >> 16) % 4 == 0) {
                uint256 how = (c >> 24) % 4;
                if (how == 0) checks[i].kind = uint8(2 + (c >> 32) % 254);
                if (how == 1) checks[i].response = uint8(3 + (c >> 32) % 253);
                if (how == 2) checks[i].target = address(0);
                if (how == 3) (checks[i].kind, checks[i].data) = (1, hex"01");
                invalid[i] = true;
            }
        }
    }

    function _generateConditions(uint256 r)
        internal
        pure
        returns (T.Condition[] memory conditions, bool[] memory invalid)
    {
        uint256 pick = r % 16;
        uint256 count = pick == 0 ? MAX_CONDITIONS + 1 : pick <= 3 ? 1 + pick % 3 : 0;
        conditions = new T.Condition[](count);
        invalid = new bool[](count);
        for (uint256 i; i < count; ++i) {
            uint256 c = uint256(keccak256(abi.encode(r, i)));
            conditions[i] = T.Condition({
                target: address(uint160(c >> 8) | 1),
                data: abi.encodeWithSignature("reading()"),
                min: c % 100,
                max: c % 100 + (c >> 8) % 100
            });
            if ((c >> 16) % 4 == 0) {
                if ((c >> 24) % 2 == 0) conditions[i].target = address(0);
                else conditions[i].min = conditions[i].max + 1;
                invalid[i] = true;
            }
        }
    }

    // ================================================================ expectation

    /// @dev The guard's error for `m`, ABI-encoded, or nothing when `m` is valid.
    function _expectedRevert(T.Manifest memory m, Meta memory meta, bytes32 id) internal view returns (bytes memory) {
        // Header.
        if (m.kind > 2) return abi.encodeWithSelector(E.ManifestGuardInvalidKind.selector, m.kind);
        if (m.notBefore >= m.expiry || m.expiry <= block.timestamp || m.expiry > type(uint40).max) {
            return abi.encodeWithSelector(
                E.ManifestGuardInvalidWindow.selector, m.notBefore, m.expiry, uint64(block.timestamp)
            );
        }
        if (m.kind == uint8(T.ManifestKind.Release)) {
            if (m.rollback == 0) return abi.encodeWithSelector(E.ManifestGuardMissingRollback.selector);
        } else if (m.rollback != 0) {
            return abi.encodeWithSelector(E.ManifestGuardUnexpectedRollback.selector, m.kind, m.rollback);
        }
        if (m.phases.length == 0 || m.phases.length > MAX_PHASES) {
            return abi.encodeWithSelector(
                E.ManifestGuardInvalidShape.selector, type(uint256).max, m.phases.length, MAX_PHASES
            );
        }
        // The whole shape (steps, checks and conditions per phase, then steps in total) before anything else is
        // hashed, read or stored.
        uint256 total;
        for (uint256 p; p < m.phases.length; ++p) {
            T.Phase memory phase = m.phases[p];
            uint256 count = phase.steps.length;
            if (count == 0 || count > MAX_STEPS_PER_PHASE) {
                return abi.encodeWithSelector(E.ManifestGuardInvalidShape.selector, p, count, MAX_STEPS_PER_PHASE);
            }
            if (phase.checks.length > MAX_CHECKS) {
                return abi.encodeWithSelector(E.ManifestGuardInvalidShape.selector, p, phase.checks.length, MAX_CHECKS);
            }
            if (phase.conditions.length > MAX_CONDITIONS) {
                return abi.encodeWithSelector(
                    E.ManifestGuardInvalidShape.selector, p, phase.conditions.length, MAX_CONDITIONS
                );
            }
            total += count;
        }
        if (total > MAX_STEPS) {
            return abi.encodeWithSelector(E.ManifestGuardInvalidShape.selector, type(uint256).max, total, MAX_STEPS);
        }
        // Every step's operation and batch (all phases), then the lane.
        for (uint256 p; p < m.phases.length; ++p) {
            for (uint256 s; s < m.phases[p].steps.length; ++s) {
                StepKind kind = meta.kinds[p][s];
                T.Step memory step = m.phases[p].steps[s];
                if (kind == StepKind.BadOperation) {
                    return abi.encodeWithSelector(E.ManifestGuardInvalidOperation.selector, step.operation);
                }
                if (kind == StepKind.ForbiddenDelegateCall) {
                    return abi.encodeWithSelector(E.ManifestGuardDelegateCallForbidden.selector, step.to);
                }
                if (kind == StepKind.MalformedBatch) {
                    return abi.encodeWithSelector(E.ManifestGuardMalformedMultiSend.selector, meta.malformedAt[p][s]);
                }
            }
        }
        if (m.kind == uint8(T.ManifestKind.Emergency)) {
            if (_isPrivileged(meta)) return abi.encodeWithSelector(E.ManifestGuardPrivilegedEmergency.selector, id);
            // The containment rule: every call of an Emergency is `pause()` (none of the generated steps is).
            bytes memory data = m.phases[0].steps[0].data;
            bytes4 selector;
            if (m.phases[0].steps[0].operation == 1) data = _firstInnerData(data);
            if (data.length >= 4) selector = bytes4(data);
            return abi.encodeWithSelector(E.ManifestGuardNotContainment.selector, id, 0, 0, selector);
        }
        // Each phase in turn: soak, checks, conditions, then its steps' claims.
        return _expectedStoreRevert(m, meta, id);
    }

    function _expectedStoreRevert(T.Manifest memory m, Meta memory meta, bytes32 id)
        internal
        pure
        returns (bytes memory)
    {
        for (uint256 p; p < m.phases.length; ++p) {
            T.Phase memory phase = m.phases[p];
            uint256 count = phase.steps.length;
            if (phase.minSoak > MAX_SOAK) {
                return abi.encodeWithSelector(E.ManifestGuardInvalidSoak.selector, p, phase.minSoak, MAX_SOAK);
            }
            for (uint256 i; i < phase.checks.length; ++i) {
                if (meta.invalidChecks[p][i]) {
                    return abi.encodeWithSelector(E.ManifestGuardInvalidCheck.selector, p, i);
                }
            }
            for (uint256 i; i < phase.conditions.length; ++i) {
                if (meta.invalidConditions[p][i]) {
                    return abi.encodeWithSelector(E.ManifestGuardInvalidCondition.selector, p, i);
                }
            }
            // A step key already claimed by an earlier step of this manifest (a deliberate or accidental duplicate).
            for (uint256 s; s < count; ++s) {
                bytes32 key = _stepKey(phase.steps[s]);
                for (uint256 q; q <= p; ++q) {
                    uint256 end = q == p ? s : m.phases[q].steps.length;
                    for (uint256 t; t < end; ++t) {
                        if (_stepKey(m.phases[q].steps[t]) == key) {
                            return abi.encodeWithSelector(E.ManifestGuardStepClaimed.selector, key, id);
                        }
                    }
                }
            }
        }
        return "";
    }

    /// @dev The data of the first call packed in a `multiSend(bytes)` payload (empty when there is none).
    function _firstInnerData(bytes memory data) internal pure returns (bytes memory inner) {
        if (data.length < 68 + 85) return inner;
        uint256 length;
        assembly ("memory-safe") {
            length := mload(add(data, add(0x20, add(68, 53))))
        }
        inner = new bytes(length);
        for (uint256 i; i < length; ++i) {
            inner[i] = data[68 + 85 + i];
        }
    }

    function _isPrivileged(Meta memory meta) internal pure returns (bool) {
        for (uint256 p; p < meta.kinds.length; ++p) {
            for (uint256 s; s < meta.kinds[p].length; ++s) {
                StepKind kind = meta.kinds[p][s];
                if (kind == StepKind.Privileged || kind == StepKind.PrivilegedBatch) return true;
            }
        }
        return false;
    }

    // ================================================================ independent EIP-712 id

    bytes internal constant STEP_TYPE = "Step(address to,uint256 value,uint8 operation,bytes data)";
    bytes internal constant CHECK_TYPE = "Check(uint8 kind,address target,bytes data,bytes32 expected,uint8 response)";
    bytes internal constant CONDITION_TYPE = "Condition(address target,bytes data,uint256 min,uint256 max)";
    bytes internal constant PHASE_TYPE = "Phase(Step[] steps,Check[] checks,Condition[] conditions,uint64 minSoak)";
    bytes internal constant MANIFEST_TYPE =
        "Manifest(uint8 kind,string ticket,uint64 notBefore,uint64 expiry,bytes32 rollback,bytes32 evidence,Phase[] phases)";

    function _independentId(T.Manifest memory m) internal view returns (bytes32) {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("ManifestGuard"),
                keccak256("1"),
                block.chainid,
                address(guard)
            )
        );
        bytes memory phases;
        for (uint256 p; p < m.phases.length; ++p) {
            phases = abi.encodePacked(phases, _hashPhase(m.phases[p]));
        }
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256(abi.encodePacked(MANIFEST_TYPE, CHECK_TYPE, CONDITION_TYPE, PHASE_TYPE, STEP_TYPE)),
                m.kind,
                keccak256(bytes(m.ticket)),
                m.notBefore,
                m.expiry,
                m.rollback,
                m.evidence,
                keccak256(phases)
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", domain, structHash));
    }

    function _hashPhase(T.Phase memory phase) internal pure returns (bytes32) {
        bytes memory steps;
        for (uint256 i; i < phase.steps.length; ++i) {
            T.Step memory s = phase.steps[i];
            steps = abi.encodePacked(
                steps, keccak256(abi.encode(keccak256(STEP_TYPE), s.to, s.value, s.operation, keccak256(s.data)))
            );
        }
        bytes memory checks;
        for (uint256 i; i < phase.checks.length; ++i) {
            T.Check memory c = phase.checks[i];
            checks = abi.encodePacked(
                checks,
                keccak256(
                    abi.encode(keccak256(CHECK_TYPE), c.kind, c.target, keccak256(c.data), c.expected, c.response)
                )
            );
        }
        bytes memory conditions;
        for (uint256 i; i < phase.conditions.length; ++i) {
            T.Condition memory c = phase.conditions[i];
            conditions = abi.encodePacked(
                conditions, keccak256(abi.encode(keccak256(CONDITION_TYPE), c.target, keccak256(c.data), c.min, c.max))
            );
        }
        return keccak256(
            abi.encode(
                keccak256(abi.encodePacked(PHASE_TYPE, CHECK_TYPE, CONDITION_TYPE, STEP_TYPE)),
                keccak256(steps),
                keccak256(checks),
                keccak256(conditions),
                phase.minSoak
            )
        );
    }

    // ================================================================ helpers

    function _expectRevertAndRegister(T.Manifest memory m, bytes memory reason) internal {
        vm.expectRevert(reason);
        _register(m);
    }

    /// @dev A call target that is neither the Safe, the guard, nor the zero address.
    function _randomTarget(uint256 r) internal view returns (address to) {
        to = address(uint160(uint256(keccak256(abi.encode(r, "to")))));
        if (to == address(safe) || to == address(guard) || to == address(0)) to = address(target);
    }

    function _routinePacked(uint256 r, uint256 count) internal returns (bytes memory packed) {
        for (uint256 i; i < count; ++i) {
            T.Step memory call = _setStep(++_nonce);
            if ((r >> i) % 2 == 0) call.value = 1;
            packed = abi.encodePacked(packed, _packed(call));
        }
    }

    function _packed(T.Step memory call) internal pure returns (bytes memory) {
        return abi.encodePacked(call.operation, call.to, call.value, call.data.length, call.data);
    }

    function _batchStep(bytes memory packed) internal view returns (T.Step memory) {
        return T.Step({
            to: deployment.multiSendCallOnly,
            value: 0,
            operation: DELEGATECALL,
            data: abi.encodeWithSignature("multiSend(bytes)", packed)
        });
    }

    function _word(bytes memory data, uint256 offset) internal pure returns (bytes32 word) {
        assembly ("memory-safe") {
            word := mload(add(add(data, 0x20), offset))
        }
    }
}
