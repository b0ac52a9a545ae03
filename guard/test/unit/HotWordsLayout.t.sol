// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";

import {ManifestGuardStorage} from "../../src/base/ManifestGuardStorage.sol";
import {IManifestGuardTypes} from "../../src/interfaces/IManifestGuardTypes.sol";

/// @dev Writes the hot structs the normal way and reads them back as the packed words the execution path uses.
contract HotWordsHarness is ManifestGuardStorage {
    constructor() ManifestGuardStorage(address(1)) {}

    function recordWord(StepRecord memory record) external returns (uint256) {
        _steps[bytes32(0)] = record;
        return _load(_steps[bytes32(0)]);
    }

    function cursorWord(Cursor memory cursor) external returns (uint256) {
        _cursors[1] = cursor;
        return _load(_cursors[1]);
    }

    function accountWord(Account memory account) external returns (uint256) {
        _accounts[address(2)] = account;
        return _load(_accounts[address(2)]);
    }

    function storeCursorWord(uint256 word) external returns (Cursor memory) {
        _store(_cursors[1], word);
        return _cursors[1];
    }

    /// @dev The word the routine path reads for the configured MultiSendCallOnly.
    function multiSendWord(address multiSend) external returns (uint256 word) {
        _settings.multiSendCallOnly = multiSend;
        _settings.freezeCooldown = type(uint32).max;
        assembly ("memory-safe") {
            word := sload(add(_settings.slot, 1))
        }
    }

    function pendingSlot() external pure returns (bytes32) {
        return PENDING_SLOT;
    }

    function laneAndGateOffsets() external pure returns (uint256, uint256) {
        return (CURSOR_LANE, CURSOR_GATE_OPEN);
    }

    function offsets() external pure returns (uint256[12] memory) {
        return [
            RECORD_PHASE,
            RECORD_STEP,
            RECORD_FLAGS,
            RECORD_EXPIRY,
            RECORD_CHAIN_ID,
            CURSOR_KIND,
            CURSOR_PHASE,
            CURSOR_STEP,
            CURSOR_FREEZE_DECLARED,
            CURSOR_PHASE_COMPLETED_AT,
            CURSOR_EXECUTOR,
            RECORD_CHECK_COUNT
        ];
    }
}

contract HotWordsLayoutTest is Test {
    HotWordsHarness internal harness = new HotWordsHarness();

    function testFuzz_settings_multiSendOpensSecondSlot(address multiSend) public {
        assertEq(harness.multiSendWord(multiSend), uint256(uint160(multiSend)));
    }

    function testFuzz_stepRecord_fieldsAtDocumentedOffsets(
        uint32 index,
        uint8 phase,
        uint8 step,
        uint8 flags,
        uint40 expiry,
        uint64 chainId,
        uint8 checkCount
    ) public {
        uint256 word = harness.recordWord(
            ManifestGuardStorage.StepRecord({
                index: index,
                phase: phase,
                step: step,
                flags: flags,
                expiry: expiry,
                chainId: chainId,
                checkCount: checkCount
            })
        );
        uint256[12] memory o = harness.offsets();
        assertEq(uint32(word), index);
        assertEq(uint8(word >> o[0]), phase);
        assertEq(uint8(word >> o[1]), step);
        assertEq(uint8(word >> o[2]), flags);
        assertEq(uint40(word >> o[3]), expiry);
        assertEq(uint64(word >> o[4]), chainId);
        assertEq(uint8(word >> o[11]), checkCount);
        assertEq(word >> 168, 0);
    }

    function testFuzz_cursor_fieldsAtDocumentedOffsets(
        uint8 kind,
        uint8 phase,
        uint8 step,
        bool freezeDeclared,
        uint40 completedAt,
        address executor
    ) public {
        kind = uint8(bound(kind, 0, 2));
        ManifestGuardStorage.Cursor memory cursor;
        cursor.status = IManifestGuardTypes.ManifestStatus.Approved;
        cursor.kind = IManifestGuardTypes.ManifestKind(kind);
        cursor.lane = IManifestGuardTypes.Lane.Privileged;
        cursor.phase = phase;
        cursor.step = step;
        cursor.gateOpen = true;
        cursor.freezeDeclared = freezeDeclared;
        cursor.phaseCompletedAt = completedAt;
        cursor.executor = executor;
        uint256 word = harness.cursorWord(cursor);
        uint256[12] memory o = harness.offsets();
        assertEq(uint8(word), uint8(IManifestGuardTypes.ManifestStatus.Approved));
        assertEq(uint8(word >> o[5]), kind);
        (uint256 laneOffset, uint256 gateOffset) = harness.laneAndGateOffsets();
        assertEq(uint8(word >> laneOffset), uint8(IManifestGuardTypes.Lane.Privileged), "lane");
        assertEq(uint8(word >> o[6]), phase);
        assertEq(uint8(word >> o[7]), step);
        assertEq(uint8(word >> gateOffset), 1, "gateOpen");
        assertEq(uint8(word >> o[8]), freezeDeclared ? 1 : 0);
        assertEq(uint40(word >> o[9]), completedAt);
        assertEq(word >> o[10], uint160(executor), "the executor fills the top of the word");
        // The word written back is read back as the same struct.
        ManifestGuardStorage.Cursor memory back = harness.storeCursorWord(word);
        assertEq(back.executor, executor);
        assertEq(back.phase, phase);
        assertEq(back.freezeDeclared, freezeDeclared);
    }

    function testFuzz_account_rolesInTheLowByte(uint8 roles) public {
        assertEq(harness.accountWord(ManifestGuardStorage.Account({roles: roles})), roles);
    }

    function test_pendingSlot_matchesItsPreimage() public view {
        assertEq(harness.pendingSlot(), bytes32(uint256(keccak256("manifest-guard.pending-step")) - 1));
    }

    function test_stepRecord_fieldsAtDocumentedOffsets() public {
        testFuzz_stepRecord_fieldsAtDocumentedOffsets(7, 3, 2, 5, type(uint40).max, 31_337, 8);
    }
}
