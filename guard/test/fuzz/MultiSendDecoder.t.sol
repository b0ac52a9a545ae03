// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";

import {IManifestGuardErrors} from "../../src/interfaces/IManifestGuardErrors.sol";
import {MultiSendDecoder} from "../../src/libraries/MultiSendDecoder.sol";

/// @notice Exposes `MultiSendDecoder` (internal library functions) to external calls with calldata arguments.
contract MultiSendDecoderHarness {
    struct Call {
        uint8 operation;
        address to;
        uint256 value;
        bytes data;
    }

    /// @notice Every transaction of a `multiSend(bytes)` call, decoded the way the lane classifier walks them.
    function decode(bytes calldata data) external pure returns (Call[] memory calls) {
        bytes calldata packed = MultiSendDecoder.transactions(data);
        uint256 count;
        uint256 cursor;
        while (cursor < packed.length) {
            (,,,, cursor) = MultiSendDecoder.next(packed, cursor);
            ++count;
        }
        calls = new Call[](count);
        cursor = 0;
        for (uint256 i; i < count; ++i) {
            (uint8 operation, address to, uint256 value, bytes calldata inner, uint256 nextCursor) =
                MultiSendDecoder.next(packed, cursor);
            calls[i] = Call({operation: operation, to: to, value: value, data: inner});
            cursor = nextCursor;
        }
    }
}

/// @notice The MultiSend decoder: random packed batches round-trip exactly; truncated and malformed calls revert with
///         `ManifestGuardMalformedMultiSend` at the offset (relative to the step's calldata) where decoding failed.
contract MultiSendDecoderFuzzTest is Test {
    bytes4 internal constant MULTI_SEND = bytes4(keccak256("multiSend(bytes)"));

    MultiSendDecoderHarness internal harness;

    function setUp() public {
        harness = new MultiSendDecoderHarness();
    }

    // ================================================================ round trip

    /// @notice A batch of random transactions (any operation byte, target, value and data up to 300 bytes), packed as
    ///         the Safe's MultiSend expects, decodes to exactly those transactions, whatever trails the ABI bytes.
    function testFuzz_decode_RoundTripsRandomBatches(uint256 seed, uint8 countSeed, bytes memory trailing) public view {
        MultiSendDecoderHarness.Call[] memory calls = _randomCalls(seed, countSeed % 9);
        bytes memory packed = _pack(calls);
        bytes memory data = abi.encodePacked(abi.encodeWithSelector(MULTI_SEND, packed), trailing);

        MultiSendDecoderHarness.Call[] memory decoded = harness.decode(data);
        assertEq(decoded.length, calls.length, "transaction count");
        for (uint256 i; i < calls.length; ++i) {
            assertEq(decoded[i].operation, calls[i].operation, "operation");
            assertEq(decoded[i].to, calls[i].to, "to");
            assertEq(decoded[i].value, calls[i].value, "value");
            assertEq(decoded[i].data, calls[i].data, "data");
        }
    }

    function test_decode_RoundTripsRandomBatches_Concrete() public view {
        testFuzz_decode_RoundTripsRandomBatches(42, 3, hex"");
        testFuzz_decode_RoundTripsRandomBatches(7, 0, hex"deadbeef");
        testFuzz_decode_RoundTripsRandomBatches(type(uint256).max, 8, hex"00");
    }

    // ================================================================ truncated batches

    /// @notice A batch cut short by `cut` bytes (and re-encoded so the outer call is well formed) reverts at the offset
    ///         of the transaction it cut into (its header, or its data-length word when the data runs past the end),
    ///         unless the cut removed whole transactions, which leaves a valid, shorter batch.
    function testFuzz_decode_RevertWhen_BatchTruncated(uint256 seed, uint8 countSeed, uint256 cut) public {
        MultiSendDecoderHarness.Call[] memory calls = _randomCalls(seed, 1 + countSeed % 8);
        bytes memory packed = _pack(calls);
        cut = bound(cut, 1, packed.length);
        bytes memory truncated = _slice(packed, 0, packed.length - cut);
        bytes memory data = abi.encodeWithSelector(MULTI_SEND, truncated);

        // Walk the original transactions over the shortened bytes.
        uint256 length = truncated.length;
        uint256 cursor;
        uint256 whole;
        for (uint256 i; i < calls.length && cursor < length; ++i) {
            if (length < cursor + 85) {
                _expectMalformed(68 + cursor);
                harness.decode(data);
                return;
            }
            uint256 next = cursor + 85 + calls[i].data.length;
            if (next > length) {
                _expectMalformed(68 + cursor + 53);
                harness.decode(data);
                return;
            }
            cursor = next;
            ++whole;
        }
        assertEq(harness.decode(data).length, whole, "a cut at a transaction boundary leaves the whole transactions");
    }

    function test_decode_RevertWhen_BatchTruncated_Concrete() public {
        testFuzz_decode_RevertWhen_BatchTruncated(1, 2, 1);
        testFuzz_decode_RevertWhen_BatchTruncated(3, 0, 84);
        testFuzz_decode_RevertWhen_BatchTruncated(4, 7, type(uint256).max);
    }

    function test_decode_RevertWhen_BatchTruncated_AtBoundary() public view {
        MultiSendDecoderHarness.Call[] memory calls = _randomCalls(5, 2);
        bytes memory first = _pack(_one(calls[0]));
        MultiSendDecoderHarness.Call[] memory decoded = harness.decode(abi.encodeWithSelector(MULTI_SEND, first));
        assertEq(decoded.length, 1);
        assertEq(decoded[0].data, calls[0].data);
    }

    /// @notice A data-length word larger than what is left (up to 2^256 - 1: no overflow) reverts at that word.
    function testFuzz_decode_RevertWhen_DataLengthOverruns(uint256 seed, uint256 dataLength) public {
        MultiSendDecoderHarness.Call[] memory calls = _randomCalls(seed, 2);
        bytes memory head = _pack(_one(calls[0]));
        bytes memory rest = calls[1].data;
        dataLength = bound(dataLength, rest.length + 1, type(uint256).max);
        bytes memory packed = abi.encodePacked(head, calls[1].operation, calls[1].to, calls[1].value, dataLength, rest);
        _expectMalformed(68 + head.length + 53);
        harness.decode(abi.encodeWithSelector(MULTI_SEND, packed));
    }

    function test_decode_RevertWhen_DataLengthOverruns_Concrete() public {
        testFuzz_decode_RevertWhen_DataLengthOverruns(9, type(uint256).max);
        testFuzz_decode_RevertWhen_DataLengthOverruns(10, 0);
    }

    // ================================================================ malformed outer call

    /// @notice Calldata that is not exactly `multiSend(bytes)` with the standard offset and a length that fits reverts
    ///         at the word that is wrong: selector or size (0), offset (4), length (36).
    function testFuzz_decode_RevertWhen_OuterCallMalformed(uint256 seed, bytes4 selector, uint256 word, uint8 mode)
        public
    {
        bytes memory packed = _pack(_randomCalls(seed, 2));
        bytes memory data;
        uint256 offset;
        mode %= 4;
        if (mode == 0) {
            vm.assume(selector != MULTI_SEND);
            data = abi.encodePacked(selector, abi.encode(packed));
            offset = 0;
        } else if (mode == 1) {
            // Shorter than selector + offset + length.
            data = _slice(abi.encodeWithSelector(MULTI_SEND, packed), 0, word % 68);
            offset = 0;
        } else if (mode == 2) {
            vm.assume(word != 32);
            data = abi.encodePacked(MULTI_SEND, word, packed.length, packed);
            offset = 4;
        } else {
            // A length longer than the bytes that follow.
            uint256 length = bound(word, packed.length + 1, type(uint256).max);
            data = abi.encodePacked(MULTI_SEND, uint256(32), length, packed);
            offset = 36;
        }
        _expectMalformed(offset);
        harness.decode(data);
    }

    function test_decode_RevertWhen_OuterCallMalformed_Concrete() public {
        testFuzz_decode_RevertWhen_OuterCallMalformed(1, 0x8d80ff0b, 0, 0); // MultiSend's selector, one bit off
        testFuzz_decode_RevertWhen_OuterCallMalformed(1, 0, 67, 1);
        testFuzz_decode_RevertWhen_OuterCallMalformed(1, 0, 64, 2);
        testFuzz_decode_RevertWhen_OuterCallMalformed(1, 0, type(uint256).max, 3);
    }

    /// @notice `multiSend("")` is a valid, empty batch.
    function test_decode_EmptyBatch() public view {
        assertEq(harness.decode(abi.encodeWithSelector(MULTI_SEND, "")).length, 0);
    }

    // ================================================================ helpers

    function _randomCalls(uint256 seed, uint256 count)
        internal
        pure
        returns (MultiSendDecoderHarness.Call[] memory calls)
    {
        calls = new MultiSendDecoderHarness.Call[](count);
        for (uint256 i; i < count; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            bytes memory data = new bytes(uint256(keccak256(abi.encode(r, "length"))) % 301);
            for (uint256 j; j < data.length; ++j) {
                data[j] = bytes1(uint8(uint256(keccak256(abi.encode(r, j)))));
            }
            calls[i] = MultiSendDecoderHarness.Call({
                operation: uint8(r),
                to: address(uint160(r >> 8)),
                value: r % 3 == 0 ? 0 : uint256(keccak256(abi.encode(r, "value"))),
                data: data
            });
        }
    }

    function _pack(MultiSendDecoderHarness.Call[] memory calls) internal pure returns (bytes memory packed) {
        for (uint256 i; i < calls.length; ++i) {
            packed = abi.encodePacked(
                packed, calls[i].operation, calls[i].to, calls[i].value, calls[i].data.length, calls[i].data
            );
        }
    }

    function _one(MultiSendDecoderHarness.Call memory call)
        internal
        pure
        returns (MultiSendDecoderHarness.Call[] memory calls)
    {
        calls = new MultiSendDecoderHarness.Call[](1);
        calls[0] = call;
    }

    function _slice(bytes memory data, uint256 start, uint256 end) internal pure returns (bytes memory out) {
        out = new bytes(end - start);
        for (uint256 i; i < out.length; ++i) {
            out[i] = data[start + i];
        }
    }

    function _expectMalformed(uint256 offset) internal {
        vm.expectRevert(abi.encodeWithSelector(IManifestGuardErrors.ManifestGuardMalformedMultiSend.selector, offset));
    }
}
