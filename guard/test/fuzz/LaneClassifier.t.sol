// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardErrors as E} from "../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {ISafe} from "../utils/ISafe.sol";
import {ManifestGuardTestBase} from "../utils/ManifestGuardTestBase.sol";
import {SafeDeployer} from "../utils/SafeDeployer.sol";
import {Target} from "../utils/Targets.sol";

/// @notice The part of Safe 1.5.0's ExtensibleFallbackHandler the tests use.
interface IExtensibleFallbackHandler {
    function setDomainVerifier(bytes32 domainSeparator, address verifier) external;
    function domainVerifiers(address safe, bytes32 domainSeparator) external view returns (address);
}

/// @notice The lane classifier on random MultiSend batches and single steps: a manifest is Privileged exactly when one
///         call (direct or inside a batch) targets the Safe, the guard or a configured authority, calls a default or
///         configured privileged selector, or is an inner delegatecall; otherwise Routine. `computeLane` and the lane
///         stored at registration agree, and an Emergency of the same steps is refused (privileged, or not containment).
abstract contract LaneClassifierFuzzTest is ManifestGuardTestBase {
    bytes4 internal constant EXTRA_SELECTOR = bytes4(keccak256("setAdmin(address)"));

    Target internal authority;

    function setUp() public virtual override {
        super.setUp();
        authority = new Target(address(safe));
        // Set-up shortcut for the Safe executing a privileged manifest: one authority and one extra selector.
        T.GuardConfig memory config = defaultConfig();
        config.authorities = _list(address(authority));
        config.privilegedSelectors = new bytes4[](1);
        config.privilegedSelectors[0] = EXTRA_SELECTOR;
        vm.prank(address(safe));
        guard.configure(config);
    }

    // ================================================================ batches

    /// @notice 1-6 random routine inner calls (random target, value and calldata of any length, selector outside the
    ///         privileged set) and, optionally, one privileged inner call of a random kind at a random position.
    function testFuzz_computeLane_Batch(uint256 seed, uint8 count, bool withPrivileged, uint8 kind, uint8 position)
        public
    {
        T.Step[] memory calls = _routineCalls(seed, 1 + count % 6);
        if (withPrivileged) calls = _insert(calls, _privilegedCall(seed, kind), position);
        T.Step memory batch = _multiSend(calls);
        _assertLane(batch, withPrivileged, seed);
    }

    function test_computeLane_Batch_Concrete() public {
        testFuzz_computeLane_Batch(1, 3, false, 0, 0);
        for (uint8 kind; kind < 7; ++kind) {
            testFuzz_computeLane_Batch(uint256(kind) + 2, 2, true, kind, kind);
        }
    }

    /// @notice The same calls as single steps of one phase: privileged exactly when one of them is (an inner
    ///         delegatecall is not a single step's kind: single delegatecalls are checked by registration instead).
    function testFuzz_computeLane_SingleSteps(
        uint256 seed,
        uint8 count,
        bool withPrivileged,
        uint8 kind,
        uint8 position
    ) public {
        T.Step[] memory calls = _routineCalls(seed, 1 + count % 4);
        if (withPrivileged) calls = _insert(calls, _privilegedCall(seed, kind % 5), position);
        T.Manifest memory m = _manifest(T.ManifestKind.Rollback, "LANE-STEPS", bytes32(0), _phase(calls[0]));
        m.phases[0].steps = calls;
        _assertManifestLane(m, withPrivileged);
    }

    function test_computeLane_SingleSteps_Concrete() public {
        testFuzz_computeLane_SingleSteps(11, 2, false, 0, 0);
        for (uint8 kind; kind < 5; ++kind) {
            testFuzz_computeLane_SingleSteps(uint256(kind) + 12, 1, true, kind, 1);
        }
    }

    /// @notice Every default privileged selector, with arbitrary arguments, on an arbitrary target, in a batch.
    function testFuzz_computeLane_EveryDefaultSelectorIsPrivileged(uint256 seed, uint8 which, bytes memory args)
        public
    {
        bytes4[] memory selectors = _defaultPrivilegedSelectors();
        T.Step[] memory calls = _routineCalls(seed, 1);
        T.Step memory call = T.Step({
            to: _randomTarget(seed >> 1),
            value: 0,
            operation: CALL,
            data: abi.encodePacked(selectors[which % selectors.length], args)
        });
        _assertLane(_multiSend(_insert(calls, call, which)), true, seed);
    }

    function test_computeLane_EveryDefaultSelectorIsPrivileged_Concrete() public {
        bytes4[] memory selectors = _defaultPrivilegedSelectors();
        for (uint256 i; i < selectors.length; ++i) {
            testFuzz_computeLane_EveryDefaultSelectorIsPrivileged(i, uint8(i), "");
        }
    }

    // ================================================================ Safe 1.5.0: `to == address(0)` is the Safe

    /// @notice Safe 1.5.0's MultiSendCallOnly replaces an inner `to == address(0)` with `address(this)`, which
    ///         under the Safe's delegatecall is the Safe itself; the classifier treats such an inner call as a call
    ///         to the Safe (privileged) on every version.
    function test_computeLane_InnerCallToZeroAddressTargetsSafe() public {
        // Conservative on every version: the guard cannot tell which MultiSendCallOnly a Safe runs.
        _assertLane(_multiSend(_one(_zeroAddressCall())), true, 0);
    }

    /// @notice Safe 1.5.0 (with its ExtensibleFallbackHandler): a manifest whose batch calls `address(0)` executes
    ///         `setDomainVerifier` on the Safe, which then lets `verifier` answer ERC-1271 checks for that domain.
    ///         Executed at whatever threshold the guard requires, so it passes before and after a fix of the lane.
    function test_zeroAddressInnerCall_ReachesTheSafe() public {
        vm.skip(!_zeroAddressMeansSafe()); // Safe 1.3.0 and 1.4.1 do not map address(0) to the Safe
        address handler = _deployArtifact(
            "node_modules/@safe-global/safe-smart-account/build/artifacts/contracts/handler/"
            "ExtensibleFallbackHandler.sol/ExtensibleFallbackHandler.json"
        );
        vm.prank(address(safe));
        (bool ok,) = address(safe).call(abi.encodeWithSignature("setFallbackHandler(address)", handler));
        assertTrue(ok);

        T.Step memory batch = _multiSend(_one(_zeroAddressCall()));
        T.Manifest memory m = _manifest(T.ManifestKind.Release, "ZERO-TO", bytes32(0), _phase(batch));
        _ready(m);
        assertTrue(_exec(batch));
        assertEq(
            IExtensibleFallbackHandler(handler).domainVerifiers(address(safe), keccak256("domain")),
            address(0xBEEF),
            "the inner call to address(0) reached the Safe"
        );
    }

    // ================================================================ expectations

    function _assertLane(T.Step memory step, bool privileged, uint256 seed) internal {
        T.Manifest memory m = _manifest(
            T.ManifestKind.Release, string.concat("LANE-", vm.toString(seed)), keccak256("rollback"), _phase(step)
        );
        _assertManifestLane(m, privileged);
    }

    /// @dev `computeLane` answers the expected lane, registration stores it, and an Emergency made of the same steps
    ///      is refused: privileged, or calling selectors outside the containment set (default `pause()`).
    function _assertManifestLane(T.Manifest memory m, bool privileged) internal {
        T.Lane expected = privileged ? T.Lane.Privileged : T.Lane.Routine;
        assertEq(uint8(guard.computeLane(m)), uint8(expected), "computeLane");
        bytes32 id = _register(m);
        assertEq(uint8(guard.getManifest(id).lane), uint8(expected), "registered lane");
        assertEq(guard.getManifest(id).requiredApprovals, privileged ? 3 : 2, "required approvals");

        // Halted, the manifest frees its steps for the same steps as an Emergency.
        vm.prank(guardian);
        guard.halt(id);
        m.kind = uint8(T.ManifestKind.Emergency);
        m.rollback = 0;
        m.ticket = string.concat(m.ticket, "-EMERGENCY");
        if (privileged) {
            vm.expectRevert(abi.encodeWithSelector(E.ManifestGuardPrivilegedEmergency.selector, guard.manifestId(m)));
            _register(m);
        } else {
            vm.expectPartialRevert(E.ManifestGuardNotContainment.selector);
            _register(m);
        }
    }

    // ================================================================ generators

    /// @dev Routine calls: a target that is not the Safe, the guard, the authority or address(0), any value, and
    ///      calldata of any length whose selector (if any) is outside the default and configured privileged sets.
    function _routineCalls(uint256 seed, uint256 count) internal view returns (T.Step[] memory calls) {
        calls = new T.Step[](count);
        for (uint256 i; i < count; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            bytes memory data = new bytes(r % 70);
            for (uint256 j; j < data.length; ++j) {
                data[j] = bytes1(uint8(uint256(keccak256(abi.encode(r, j)))));
            }
            if (data.length >= 4 && _isPrivilegedSelector(bytes4(data))) data[0] = bytes1(uint8(data[0]) ^ 0xff);
            calls[i] = T.Step({to: _randomTarget(r), value: r % 3 == 0 ? r >> 200 : 0, operation: CALL, data: data});
        }
    }

    /// @dev One privileged call: 0 to the Safe, 1 to the guard, 2 to the authority (any calldata), 3 a default
    ///      privileged selector, 4 the configured selector (any target), 5 an inner delegatecall, 6 another operation.
    function _privilegedCall(uint256 seed, uint8 kind) internal view returns (T.Step memory call) {
        uint256 r = uint256(keccak256(abi.encode(seed, "privileged")));
        call = T.Step({to: _randomTarget(r), value: 0, operation: CALL, data: abi.encodePacked(bytes4(uint32(r)), r)});
        if (_isPrivilegedSelector(bytes4(uint32(r)))) call.data = abi.encodePacked(bytes4(0x12345678), r);
        kind %= 7;
        if (kind == 0) call.to = address(safe);
        if (kind == 1) call.to = address(guard);
        if (kind == 2) call.to = address(authority);
        if (kind == 3) {
            bytes4[] memory selectors = _defaultPrivilegedSelectors();
            call.data = abi.encodePacked(selectors[r % selectors.length], r);
        }
        if (kind == 4) call.data = abi.encodePacked(EXTRA_SELECTOR, r);
        if (kind == 5) call.operation = DELEGATECALL;
        if (kind == 6) call.operation = uint8(2 + r % 254);
    }

    function _zeroAddressCall() internal pure returns (T.Step memory) {
        return T.Step({
            to: address(0),
            value: 0,
            operation: CALL,
            data: abi.encodeCall(IExtensibleFallbackHandler.setDomainVerifier, (keccak256("domain"), address(0xBEEF)))
        });
    }

    /// @dev The default privileged set, retyped from the spec (a test recomputes the constants it pins).
    function _defaultPrivilegedSelectors() internal pure returns (bytes4[] memory s) {
        s = new bytes4[](19);
        s[0] = bytes4(keccak256("transferOwnership(address)"));
        s[1] = bytes4(keccak256("renounceOwnership()"));
        s[2] = bytes4(keccak256("acceptOwnership()"));
        s[3] = bytes4(keccak256("grantRole(bytes32,address)"));
        s[4] = bytes4(keccak256("revokeRole(bytes32,address)"));
        s[5] = bytes4(keccak256("renounceRole(bytes32,address)"));
        s[6] = bytes4(keccak256("beginDefaultAdminTransfer(address)"));
        s[7] = bytes4(keccak256("acceptDefaultAdminTransfer()"));
        s[8] = bytes4(keccak256("changeProxyAdmin(address,address)"));
        s[9] = bytes4(keccak256("changeAdmin(address)"));
        s[10] = bytes4(keccak256("addOwnerWithThreshold(address,uint256)"));
        s[11] = bytes4(keccak256("removeOwner(address,address,uint256)"));
        s[12] = bytes4(keccak256("swapOwner(address,address,address)"));
        s[13] = bytes4(keccak256("changeThreshold(uint256)"));
        s[14] = bytes4(keccak256("enableModule(address)"));
        s[15] = bytes4(keccak256("disableModule(address,address)"));
        s[16] = bytes4(keccak256("setGuard(address)"));
        s[17] = bytes4(keccak256("setModuleGuard(address)"));
        s[18] = bytes4(keccak256("setFallbackHandler(address)"));
    }

    function _isPrivilegedSelector(bytes4 selector) internal pure returns (bool) {
        if (selector == EXTRA_SELECTOR) return true;
        bytes4[] memory selectors = _defaultPrivilegedSelectors();
        for (uint256 i; i < selectors.length; ++i) {
            if (selectors[i] == selector) return true;
        }
        return false;
    }

    /// @dev Neither the Safe, the guard, the authority nor address(0) (which Safe 1.5.0's MultiSendCallOnly maps to
    ///      the Safe: covered by `test_computeLane_InnerCallToZeroAddressTargetsSafe`).
    function _randomTarget(uint256 r) internal view returns (address to) {
        to = address(uint160(uint256(keccak256(abi.encode(r, "to")))));
        if (to == address(safe) || to == address(guard) || to == address(authority) || to == address(0)) {
            to = address(target);
        }
    }

    function _insert(T.Step[] memory calls, T.Step memory call, uint256 position)
        internal
        pure
        returns (T.Step[] memory out)
    {
        position %= calls.length + 1;
        out = new T.Step[](calls.length + 1);
        for (uint256 i; i < out.length; ++i) {
            out[i] = i < position ? calls[i] : i == position ? call : calls[i - 1];
        }
    }

    function _one(T.Step memory call) internal pure returns (T.Step[] memory calls) {
        calls = new T.Step[](1);
        calls[0] = call;
    }

    function _deployArtifact(string memory path) internal returns (address deployed) {
        bytes memory code = vm.parseJsonBytes(vm.readFile(path), ".bytecode");
        assembly ("memory-safe") {
            deployed := create(0, add(code, 0x20), mload(code))
        }
        assertTrue(deployed != address(0), path);
    }

    function _zeroAddressMeansSafe() internal pure returns (bool) {
        return safeVersion() == SafeDeployer.Version.V1_5_0;
    }
}

contract LaneClassifierFuzzTest_v150 is LaneClassifierFuzzTest {}

contract LaneClassifierFuzzTest_v141 is LaneClassifierFuzzTest {
    function safeVersion() internal pure override returns (SafeDeployer.Version) {
        return SafeDeployer.Version.V1_4_1;
    }
}
