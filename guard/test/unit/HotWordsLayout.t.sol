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

    function offsets() external pure returns (uint256[10] memory) {
        return [
            RECORD_PHASE,
            RECORD_STEP,
            RECORD_FLAGS,
            CURSOR_KIND,
            CURSOR_PHASE,
            CURSOR_STEP,
            CURSOR_EXPIRY,
            CURSOR_PHASE_COMPLETED_AT,
            ACCOUNT_FROZEN_UNTIL,
            CURSOR_CHAIN_ID
        ];
    }
}

contract HotWordsLayoutTest is Test {
    HotWordsHarness internal harness = new HotWordsHarness();

    function testFuzz_stepRecord_fieldsAtDocumentedOffsets(uint32 index, uint8 phase, uint8 step, uint8 flags) public {
        uint256 word =
            harness.recordWord(ManifestGuardStorage.StepRecord({index: index, phase: phase, step: step, flags: flags}));
        uint256[10] memory o = harness.offsets();
        assertEq(uint32(word), index);
        assertEq(uint8(word >> o[0]), phase);
        assertEq(uint8(word >> o[1]), step);
        assertEq(uint8(word >> o[2]), flags);
        assertEq(word >> 56, 0);
    }

    function testFuzz_cursor_fieldsAtDocumentedOffsets(
        uint8 kind,
        uint8 phase,
        uint8 step,
        uint40 expiry,
        uint40 completedAt,
        uint40 executableFrom
    ) public {
        kind = uint8(bound(kind, 0, 2));
        ManifestGuardStorage.Cursor memory cursor;
        cursor.status = IManifestGuardTypes.ManifestStatus.Approved;
        cursor.kind = IManifestGuardTypes.ManifestKind(kind);
        cursor.lane = IManifestGuardTypes.Lane.Privileged;
        cursor.phase = phase;
        cursor.step = step;
        cursor.gateOpen = true;
        cursor.executableFrom = executableFrom;
        cursor.expiry = expiry;
        cursor.phaseCompletedAt = completedAt;
        cursor.chainId = type(uint64).max - kind;
        uint256 word = harness.cursorWord(cursor);
        uint256[10] memory o = harness.offsets();
        assertEq(uint8(word), uint8(IManifestGuardTypes.ManifestStatus.Approved));
        assertEq(uint8(word >> o[3]), kind);
        assertEq(uint8(word >> o[4]), phase);
        assertEq(uint8(word >> o[5]), step);
        assertEq(uint8(word >> 40), 1, "gateOpen");
        assertEq(uint40(word >> 48), executableFrom);
        assertEq(uint40(word >> o[6]), expiry);
        assertEq(uint40(word >> o[7]), completedAt);
        assertEq(word >> o[9], type(uint64).max - kind, "chainId fills the top of the word");
        // The word written back is read back as the same struct.
        ManifestGuardStorage.Cursor memory back = harness.storeCursorWord(word);
        assertEq(back.expiry, expiry);
        assertEq(back.phase, phase);
    }

    function testFuzz_account_fieldsAtDocumentedOffsets(uint8 roles, uint64 frozenUntil) public {
        uint256 word = harness.accountWord(ManifestGuardStorage.Account({roles: roles, frozenUntil: frozenUntil}));
        assertEq(uint8(word), roles);
        assertEq(uint64(word >> harness.offsets()[8]), frozenUntil);
    }

    function test_stepRecord_fieldsAtDocumentedOffsets() public {
        testFuzz_stepRecord_fieldsAtDocumentedOffsets(7, 3, 2, 5);
    }
}
