// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ManifestGuard} from "../../src/ManifestGuard.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {ISafeModuleGuard} from "../../src/interfaces/ISafeModuleGuard.sol";
import {ISafeTransactionGuard} from "../../src/interfaces/ISafeTransactionGuard.sol";
import {ManifestHashing} from "../../src/libraries/ManifestHashing.sol";
import {UnitTestBase} from "./UnitTestBase.sol";

interface IERC165 {
    function supportsInterface(bytes4 interfaceId) external view returns (bool);
}

/// @notice Constants pinned with their preimages: interface ids, EIP-712 type hashes and domain, the step key, the
///         default privileged selectors, roles and bounds.
contract ConstantsTest is UnitTestBase {
    string internal constant STEP_TYPE = "Step(address to,uint256 value,uint8 operation,bytes data)";
    string internal constant CHECK_TYPE = "Check(uint8 kind,address target,bytes data,bytes32 expected,uint8 response)";
    string internal constant CONDITION_TYPE = "Condition(address target,bytes data,uint256 min,uint256 max)";
    string internal constant PHASE_TYPE = "Phase(Step[] steps,Check[] checks,Condition[] conditions,uint64 minSoak)";
    string internal constant MANIFEST_TYPE =
        "Manifest(uint8 kind,string ticket,uint64 notBefore,uint64 expiry,bytes32 rollback,bytes32 evidence,Phase[] phases)";

    // ------------------------------------------------------------ ERC-165

    function test_supportsInterface_PinsSafeGuardInterfaceIds() public view {
        // 0xe6d7a83a = checkTransaction(...) 0x75f0bb52 ^ checkAfterExecution(bytes32,bool) 0x93271368
        // The hooks ManifestGuard answers in its fallback are exactly these.
        assertEq(type(ISafeTransactionGuard).interfaceId, bytes4(0xe6d7a83a));
        assertEq(ISafeTransactionGuard.checkTransaction.selector, bytes4(0x75f0bb52));
        assertEq(ISafeTransactionGuard.checkAfterExecution.selector, bytes4(0x93271368));
        // 0x58401ed8 = checkModuleTransaction(...) 0x728c2972 ^ checkAfterModuleExecution(bytes32,bool) 0x2acc37aa
        assertEq(type(ISafeModuleGuard).interfaceId, bytes4(0x58401ed8));
        // 0x01ffc9a7 = supportsInterface(bytes4)
        assertEq(type(IERC165).interfaceId, bytes4(0x01ffc9a7));

        assertTrue(guard.supportsInterface(0xe6d7a83a)); // transaction guard
        assertTrue(guard.supportsInterface(0x58401ed8)); // module guard
        assertTrue(guard.supportsInterface(0x01ffc9a7)); // ERC-165
        assertFalse(guard.supportsInterface(0xffffffff)); // ERC-165: must be false
        assertFalse(guard.supportsInterface(0x00000000));
        assertFalse(guard.supportsInterface(0x75f0bb52)); // a single selector is not an interface id
    }

    // ------------------------------------------------------------ EIP-712

    function test_typeHashes_MatchTheirTypeStrings() public pure {
        // Referenced struct types are appended in alphabetical order (EIP-712 `encodeType`).
        bytes32 step = keccak256(bytes(STEP_TYPE));
        bytes32 check = keccak256(bytes(CHECK_TYPE));
        bytes32 condition = keccak256(bytes(CONDITION_TYPE));
        bytes32 phase = keccak256(abi.encodePacked(PHASE_TYPE, CHECK_TYPE, CONDITION_TYPE, STEP_TYPE));
        bytes32 manifest = keccak256(abi.encodePacked(MANIFEST_TYPE, CHECK_TYPE, CONDITION_TYPE, PHASE_TYPE, STEP_TYPE));
        bytes32 approval = keccak256("Approval(bytes32 manifestId)");
        bytes32 domain = keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

        assertEq(step, 0x3bec93a7f1cbc123209f309119df44bf35c644aeff9fff19a59e331da0b6f7ed);
        assertEq(check, 0x8c3faf0e5ba0c12a00e554bf2a0e6693da16ddee3320cac8c94dbe0dd8215d2c);
        assertEq(condition, 0xede793b30deaaa0f62fa0360df338ce259e67b861859ba8dd597bc730be60350);
        assertEq(phase, 0x6e33eab76984d4b181e6b11b01c8c87c144b916a5043ec2a4e66a32065fcd07d);
        assertEq(manifest, 0x552a8020ee50e6adef70effd4207777641a0f1eb0f032fe3fefe47f2be92f18e);
        assertEq(approval, 0x0b5b975cf2d811fefcab950068a17eee5c9884f2a7702641f10d1285e2e6a0ac);
        assertEq(domain, 0x8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f);

        assertEq(ManifestHashing.STEP_TYPEHASH, step);
        assertEq(ManifestHashing.CHECK_TYPEHASH, check);
        assertEq(ManifestHashing.CONDITION_TYPEHASH, condition);
        assertEq(ManifestHashing.PHASE_TYPEHASH, phase);
        assertEq(ManifestHashing.MANIFEST_TYPEHASH, manifest);
        assertEq(ManifestHashing.APPROVAL_TYPEHASH, approval);
        assertEq(ManifestHashing.DOMAIN_TYPEHASH, domain);
    }

    function test_domainSeparator_IsStandardEip712Domain() public view {
        bytes32 expected = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("ManifestGuard"),
                keccak256("1"),
                block.chainid,
                address(guard)
            )
        );
        assertEq(guard.DOMAIN_SEPARATOR(), expected);

        // ERC-5267 reports the same domain.
        (bytes1 fields, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            guard.eip712Domain();
        assertEq(uint8(fields), 0x0f); // name, version, chainId, verifyingContract
        assertEq(name, "ManifestGuard");
        assertEq(version, "1");
        assertEq(chainId, block.chainid);
        assertEq(verifyingContract, address(guard));
    }

    function test_approvalDigest_IsTypedDataHash() public view {
        bytes32 id = keccak256("some manifest");
        bytes32 structHash = keccak256(abi.encode(keccak256("Approval(bytes32 manifestId)"), id));
        assertEq(
            guard.approvalDigest(id), keccak256(abi.encodePacked("\x19\x01", guard.DOMAIN_SEPARATOR(), structHash))
        );
    }

    /// @dev The manifest id recomputed here, field by field, from the type strings above.
    function test_manifestId_IsTypedDataHashOfManifest() public {
        T.Manifest memory m = _release("OPS-7", _phase(_setStep(1), _setStep(2)));
        m.rollback = keccak256("OPS-7-rollback");
        m.notBefore = uint64(block.timestamp) + 1 days;
        m.phases[0].minSoak = 6 hours;
        m.phases[0].checks = new T.Check[](1);
        m.phases[0].checks[0] = _valueCheck(2);
        T.Phase memory second = _phase(_setStep(3));
        second.conditions = new T.Condition[](1);
        second.conditions[0] = _condition(address(telemetry), hex"a89d5db2", 1, 2);
        m = _twoPhases(m, second);

        bytes32 expected = keccak256(abi.encodePacked("\x19\x01", guard.DOMAIN_SEPARATOR(), _hashManifest(m)));
        assertEq(guard.manifestId(m), expected);
        assertEq(_register(m), expected);
    }

    function test_stepKey_IsHashOfToValueDataHashOperation() public view {
        bytes memory data = abi.encodeWithSignature("set(uint256)", 42);
        bytes32 expected = keccak256(abi.encode(address(target), uint256(3), keccak256(data), uint8(1)));
        assertEq(guard.stepKey(address(target), 3, data, 1), expected);
        assertEq(_stepKey(T.Step({to: address(target), value: 3, operation: 1, data: data})), expected);
    }

    // ------------------------------------------------------------ default privileged selectors

    function test_defaultPrivilegedSelectors_ArePinned() public {
        bytes4[19] memory selectors = [
            bytes4(0xf2fde38b), // transferOwnership(address)
            0x715018a6, // renounceOwnership()
            0x79ba5097, // acceptOwnership()
            0x2f2ff15d, // grantRole(bytes32,address)
            0xd547741f, // revokeRole(bytes32,address)
            0x36568abe, // renounceRole(bytes32,address)
            0x634e93da, // beginDefaultAdminTransfer(address)
            0xcefc1429, // acceptDefaultAdminTransfer()
            0x7eff275e, // changeProxyAdmin(address,address)
            0x8f283970, // changeAdmin(address)
            0x0d582f13, // addOwnerWithThreshold(address,uint256)
            0xf8dc5dd9, // removeOwner(address,address,uint256)
            0xe318b52b, // swapOwner(address,address,address)
            0x694e80c3, // changeThreshold(uint256)
            0x610b5925, // enableModule(address)
            0xe009cfde, // disableModule(address,address)
            0xe19a9dd9, // setGuard(address)
            0xe068df37, // setModuleGuard(address)
            0xf08a0323 // setFallbackHandler(address)
        ];
        string[19] memory signatures = [
            "transferOwnership(address)",
            "renounceOwnership()",
            "acceptOwnership()",
            "grantRole(bytes32,address)",
            "revokeRole(bytes32,address)",
            "renounceRole(bytes32,address)",
            "beginDefaultAdminTransfer(address)",
            "acceptDefaultAdminTransfer()",
            "changeProxyAdmin(address,address)",
            "changeAdmin(address)",
            "addOwnerWithThreshold(address,uint256)",
            "removeOwner(address,address,uint256)",
            "swapOwner(address,address,address)",
            "changeThreshold(uint256)",
            "enableModule(address)",
            "disableModule(address,address)",
            "setGuard(address)",
            "setModuleGuard(address)",
            "setFallbackHandler(address)"
        ];
        // Any target (here a plain contract, not the Safe, the guard or an authority) becomes privileged.
        address anyTarget = makeAddr("any-contract");
        for (uint256 i; i < selectors.length; ++i) {
            assertEq(bytes4(keccak256(bytes(signatures[i]))), selectors[i], signatures[i]);
            T.Manifest memory m = _release("OPS-1", _step(anyTarget, abi.encodePacked(selectors[i], bytes32(0))));
            m.rollback = keccak256("rollback");
            assertEq(uint8(guard.computeLane(m)), uint8(T.Lane.Privileged), signatures[i]);
        }
        // A selector outside the set stays routine, even one that differs in a single bit.
        T.Manifest memory routine = _release("OPS-1", _step(anyTarget, abi.encodePacked(bytes4(0xf2fde38a))));
        routine.rollback = keccak256("rollback");
        assertEq(uint8(guard.computeLane(routine)), uint8(T.Lane.Routine));
    }

    // ------------------------------------------------------------ roles and bounds

    function test_rolesAndBounds_ArePinned() public view {
        assertEq(guard.ROLE_PROPOSER(), 1);
        assertEq(guard.ROLE_APPROVER(), 2);
        assertEq(guard.ROLE_EXECUTOR(), 4);
        assertEq(guard.ROLE_GUARDIAN(), 8);
        assertEq(guard.MAX_MEMBERS(), 16);
        assertEq(guard.MAX_ENTRIES(), 32);
        assertEq(guard.MAX_DELAY(), 30 days);
        assertEq(guard.MAX_FREEZE_CAP(), 14 days);
        assertEq(guard.MIN_FREEZE_COOLDOWN(), 1 days);
        assertEq(guard.MAX_PHASES(), 16);
        assertEq(guard.MAX_STEPS_PER_PHASE(), 32);
        assertEq(guard.MAX_STEPS(), 64);
        assertEq(guard.MAX_CHECKS(), 8);
        assertEq(guard.MAX_CONDITIONS(), 4);
        assertEq(guard.SAFE(), address(safe));
    }

    // ------------------------------------------------------------ EIP-712 encoding, written out

    function _hashManifest(T.Manifest memory m) internal pure returns (bytes32) {
        bytes32[] memory phases = new bytes32[](m.phases.length);
        for (uint256 i; i < phases.length; ++i) {
            phases[i] = _hashPhase(m.phases[i]);
        }
        return keccak256(
            abi.encode(
                keccak256(abi.encodePacked(MANIFEST_TYPE, CHECK_TYPE, CONDITION_TYPE, PHASE_TYPE, STEP_TYPE)),
                m.kind,
                keccak256(bytes(m.ticket)),
                m.notBefore,
                m.expiry,
                m.rollback,
                m.evidence,
                keccak256(abi.encodePacked(phases))
            )
        );
    }

    function _hashPhase(T.Phase memory p) internal pure returns (bytes32) {
        bytes32[] memory steps = new bytes32[](p.steps.length);
        for (uint256 i; i < steps.length; ++i) {
            T.Step memory s = p.steps[i];
            steps[i] = keccak256(abi.encode(keccak256(bytes(STEP_TYPE)), s.to, s.value, s.operation, keccak256(s.data)));
        }
        bytes32[] memory checks = new bytes32[](p.checks.length);
        for (uint256 i; i < checks.length; ++i) {
            T.Check memory c = p.checks[i];
            checks[i] = keccak256(
                abi.encode(keccak256(bytes(CHECK_TYPE)), c.kind, c.target, keccak256(c.data), c.expected, c.response)
            );
        }
        bytes32[] memory conditions = new bytes32[](p.conditions.length);
        for (uint256 i; i < conditions.length; ++i) {
            T.Condition memory c = p.conditions[i];
            conditions[i] =
                keccak256(abi.encode(keccak256(bytes(CONDITION_TYPE)), c.target, keccak256(c.data), c.min, c.max));
        }
        return keccak256(
            abi.encode(
                keccak256(abi.encodePacked(PHASE_TYPE, CHECK_TYPE, CONDITION_TYPE, STEP_TYPE)),
                keccak256(abi.encodePacked(steps)),
                keccak256(abi.encodePacked(checks)),
                keccak256(abi.encodePacked(conditions)),
                p.minSoak
            )
        );
    }
}
