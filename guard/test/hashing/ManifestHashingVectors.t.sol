// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {stdJson} from "forge-std/StdJson.sol";
import {Test} from "forge-std/Test.sol";

import {ManifestGuard} from "../../src/ManifestGuard.sol";
import {ManifestRegistrar} from "../../src/ManifestRegistrar.sol";
import {IManifestGuard} from "../../src/interfaces/IManifestGuard.sol";
import {IManifestGuardTypes as T} from "../../src/interfaces/IManifestGuardTypes.sol";
import {ManifestHashing} from "../../src/libraries/ManifestHashing.sol";

/// @notice Checks the guard against the golden EIP-712 vectors in test/vectors/manifest-hashing.json, which the
///         TypeScript hashing (viem) is checked against too (shared/src/hashing/manifestId.test.ts). Each vector is
///         checked against a real ManifestGuard constructed at the vector's `verifyingContract` and called on the
///         vector's chain id. Regenerate the vectors with `npx tsx test/vectors/generate.ts`.
contract ManifestHashingVectorsTest is Test {
    using stdJson for string;

    string internal constant VECTORS = "/test/vectors/manifest-hashing.json";

    /// @dev Any non-zero address works as the Safe: hashing never calls it.
    address internal immutable SAFE = makeAddr("safe");

    string internal json;
    string[] internal names;
    /// @dev The vector the `assert*` callbacks check.
    uint256 internal _current;

    function setUp() public {
        json = vm.readFile(string.concat(vm.projectRoot(), VECTORS));
        for (uint256 i; vm.keyExistsJson(json, _key(i, "")); ++i) {
            names.push(json.readString(_key(i, ".name")));
        }
        assertGt(names.length, 0, "no vectors");
    }

    // ------------------------------------------------------------ type hashes

    function test_typeHashes_matchTypeStrings() public view {
        _assertType(
            "EIP712Domain",
            "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)",
            ManifestHashing.DOMAIN_TYPEHASH
        );
        _assertType(
            "Manifest",
            abi.encodePacked(
                ManifestHashing.MANIFEST_TYPE,
                ManifestHashing.CHECK_TYPE,
                ManifestHashing.CONDITION_TYPE,
                ManifestHashing.PHASE_TYPE,
                ManifestHashing.STEP_TYPE
            ),
            ManifestHashing.MANIFEST_TYPEHASH
        );
        _assertType(
            "Phase",
            abi.encodePacked(
                ManifestHashing.PHASE_TYPE,
                ManifestHashing.CHECK_TYPE,
                ManifestHashing.CONDITION_TYPE,
                ManifestHashing.STEP_TYPE
            ),
            ManifestHashing.PHASE_TYPEHASH
        );
        _assertType("Step", ManifestHashing.STEP_TYPE, ManifestHashing.STEP_TYPEHASH);
        _assertType("Check", ManifestHashing.CHECK_TYPE, ManifestHashing.CHECK_TYPEHASH);
        _assertType("Condition", ManifestHashing.CONDITION_TYPE, ManifestHashing.CONDITION_TYPEHASH);
        _assertType("Approval", "Approval(bytes32 manifestId)", ManifestHashing.APPROVAL_TYPEHASH);
        assertEq(json.readString(".domain.name"), ManifestHashing.NAME);
        assertEq(json.readString(".domain.version"), ManifestHashing.VERSION);
    }

    /// @dev `encodeType` is the preimage the vector file states; `typeHash` the constant the library pins.
    function _assertType(string memory name, bytes memory encodeType, bytes32 typeHash) internal view {
        string memory key = string.concat(".types.", name);
        assertEq(json.readString(string.concat(key, ".encodeType")), string(encodeType), name);
        assertEq(keccak256(encodeType), typeHash, name);
        assertEq(json.readBytes32(string.concat(key, ".typeHash")), typeHash, name);
    }

    // ------------------------------------------------------------ vectors against a deployed guard

    function test_vectors_domainSeparator() public {
        for (uint256 i; i < names.length; ++i) {
            IManifestGuard guard = _guardFor(i);
            assertEq(guard.DOMAIN_SEPARATOR(), _expected(i, "domainSeparator"), names[i]);
        }
    }

    function test_vectors_structHash() public {
        for (uint256 i; i < names.length; ++i) {
            _withManifest(i, this.assertStructHash.selector);
        }
    }

    function test_vectors_manifestId() public {
        for (uint256 i; i < names.length; ++i) {
            _guardFor(i);
            _withManifest(i, this.assertManifestId.selector);
        }
    }

    function test_vectors_approvalDigest() public {
        for (uint256 i; i < names.length; ++i) {
            IManifestGuard guard = _guardFor(i);
            assertEq(guard.approvalDigest(_expected(i, "manifestId")), _expected(i, "approvalDigest"), names[i]);
        }
    }

    function test_vectors_stepKeys() public {
        for (uint256 i; i < names.length; ++i) {
            _guardFor(i);
            _withManifest(i, this.assertStepKeys.selector);
        }
    }

    /// @dev Every vector has its own id: a manifest repeated under another chain id or guard gets another one.
    function test_vectors_idsAreDistinct() public view {
        for (uint256 i; i < names.length; ++i) {
            for (uint256 j = i + 1; j < names.length; ++j) {
                assertNotEq(
                    _expected(i, "manifestId"), _expected(j, "manifestId"), string.concat(names[i], " / ", names[j])
                );
            }
        }
    }

    /// @dev The readable `manifest` and the `encoded` tuple describe the same manifest.
    function test_vectors_encodedMatchesReadableJson() public {
        for (uint256 i; i < names.length; ++i) {
            _withManifest(i, this.assertReadableJson.selector);
        }
    }

    /// @dev The vectors cover both axes of the domain.
    function test_vectors_coverTwoChainsAndTwoGuards() public view {
        uint256 firstChain = json.readUint(_key(0, ".domain.chainId"));
        address firstGuard = json.readAddress(_key(0, ".domain.verifyingContract"));
        bool otherChain;
        bool otherGuard;
        for (uint256 i = 1; i < names.length; ++i) {
            otherChain = otherChain || json.readUint(_key(i, ".domain.chainId")) != firstChain;
            otherGuard = otherGuard || json.readAddress(_key(i, ".domain.verifyingContract")) != firstGuard;
        }
        assertTrue(otherChain && otherGuard);
    }

    // ------------------------------------------------------------ per-vector checks (manifest in calldata)

    function assertStructHash(T.Manifest calldata manifest) external view {
        assertEq(ManifestHashing.hashManifest(manifest), _expected(_current, "structHash"), names[_current]);
    }

    function assertManifestId(T.Manifest calldata manifest) external view {
        uint256 i = _current;
        IManifestGuard guard = IManifestGuard(json.readAddress(_key(i, ".domain.verifyingContract")));
        bytes32 expected = _expected(i, "manifestId");
        assertEq(guard.manifestId(manifest), expected, names[i]);
        assertEq(ManifestRegistrar(guard.REGISTRAR()).manifestId(manifest), expected, names[i]);
        assertEq(
            keccak256(abi.encodePacked(hex"1901", _expected(i, "domainSeparator"), _expected(i, "structHash"))),
            expected,
            names[i]
        );
    }

    function assertStepKeys(T.Manifest calldata manifest) external view {
        uint256 i = _current;
        IManifestGuard guard = IManifestGuard(json.readAddress(_key(i, ".domain.verifyingContract")));
        bytes32[] memory keys = json.readBytes32Array(_key(i, ".expected.stepKeys"));
        uint256 k;
        for (uint256 p; p < manifest.phases.length; ++p) {
            T.Step[] calldata steps = manifest.phases[p].steps;
            for (uint256 s; s < steps.length; ++s) {
                T.Step calldata step = steps[s];
                assertEq(guard.stepKey(step.to, step.value, step.data, step.operation), keys[k++], names[i]);
            }
        }
        assertEq(k, keys.length, names[i]);
    }

    function assertReadableJson(T.Manifest calldata manifest) external view {
        string memory name = names[_current];
        string memory key = _key(_current, ".manifest");
        assertEq(manifest.kind, json.readUint(string.concat(key, ".kind")), name);
        assertEq(manifest.ticket, json.readString(string.concat(key, ".ticket")), name);
        assertEq(manifest.notBefore, json.readUint(string.concat(key, ".notBefore")), name);
        assertEq(manifest.expiry, json.readUint(string.concat(key, ".expiry")), name);
        assertEq(manifest.rollback, json.readBytes32(string.concat(key, ".rollback")), name);
        assertEq(manifest.evidence, json.readBytes32(string.concat(key, ".evidence")), name);
        for (uint256 p; p < manifest.phases.length; ++p) {
            _assertReadablePhase(name, string.concat(key, ".phases[", vm.toString(p), "]"), manifest.phases[p]);
        }
    }

    function _assertReadablePhase(string memory name, string memory key, T.Phase calldata phase) internal view {
        assertEq(phase.minSoak, json.readUint(string.concat(key, ".minSoak")), name);
        for (uint256 s; s < phase.steps.length; ++s) {
            string memory stepKey = string.concat(key, ".steps[", vm.toString(s), "]");
            T.Step calldata step = phase.steps[s];
            assertEq(step.to, json.readAddress(string.concat(stepKey, ".to")), name);
            assertEq(step.value, json.readUint(string.concat(stepKey, ".value")), name);
            assertEq(step.operation, json.readUint(string.concat(stepKey, ".operation")), name);
            assertEq(step.data, json.readBytes(string.concat(stepKey, ".data")), name);
        }
        for (uint256 c; c < phase.checks.length; ++c) {
            string memory checkKey = string.concat(key, ".checks[", vm.toString(c), "]");
            T.Check calldata check = phase.checks[c];
            assertEq(check.kind, json.readUint(string.concat(checkKey, ".kind")), name);
            assertEq(check.target, json.readAddress(string.concat(checkKey, ".target")), name);
            assertEq(check.data, json.readBytes(string.concat(checkKey, ".data")), name);
            assertEq(check.expected, json.readBytes32(string.concat(checkKey, ".expected")), name);
            assertEq(check.response, json.readUint(string.concat(checkKey, ".response")), name);
        }
        for (uint256 c; c < phase.conditions.length; ++c) {
            string memory conditionKey = string.concat(key, ".conditions[", vm.toString(c), "]");
            T.Condition calldata condition = phase.conditions[c];
            assertEq(condition.target, json.readAddress(string.concat(conditionKey, ".target")), name);
            assertEq(condition.data, json.readBytes(string.concat(conditionKey, ".data")), name);
            assertEq(condition.min, json.readUint(string.concat(conditionKey, ".min")), name);
            assertEq(condition.max, json.readUint(string.concat(conditionKey, ".max")), name);
        }
    }

    // ------------------------------------------------------------ helpers

    /// @dev Runs `check(manifest)` on this contract with vector `i`'s `encoded` manifest as its calldata. Decoding
    ///      a nested Manifest into memory (`abi.decode`) is "stack too deep" for the legacy code generator; reading
    ///      it from calldata, as the guard itself does, is not.
    function _withManifest(uint256 i, bytes4 check) internal {
        _current = i;
        (bool ok, bytes memory reason) = address(this).call(bytes.concat(check, json.readBytes(_key(i, ".encoded"))));
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(reason, 0x20), mload(reason))
            }
        }
    }

    /// @dev The guard at the vector's address, on the vector's chain id. `deployCodeTo` runs the constructor at that
    ///      address (it deploys the registrar bound to it and caches the domain separator), so it is not etched.
    function _guardFor(uint256 i) internal returns (IManifestGuard) {
        vm.chainId(json.readUint(_key(i, ".domain.chainId")));
        address where = json.readAddress(_key(i, ".domain.verifyingContract"));
        if (where.code.length == 0) {
            T.GuardConfig memory config = _config();
            deployCodeTo("ManifestGuard.sol:ManifestGuard", abi.encode(SAFE, keccak256(abi.encode(config))), where);
            IManifestGuard(where).initialize(config);
        }
        return IManifestGuard(where);
    }

    function _config() internal returns (T.GuardConfig memory config) {
        config.proposers = new address[](1);
        config.proposers[0] = makeAddr("proposer");
        config.approvers = new address[](1);
        config.approvers[0] = makeAddr("approver");
        config.executors = new address[](1);
        config.executors[0] = makeAddr("executor");
        config.routineThreshold = 1;
        config.privilegedThreshold = 1;
        config.maxFreeze = 1 days;
        config.freezeCooldown = 1 days;
    }

    function _expected(uint256 i, string memory field) internal view returns (bytes32) {
        return json.readBytes32(_key(i, string.concat(".expected.", field)));
    }

    function _key(uint256 i, string memory path) internal pure returns (string memory) {
        return string.concat(".vectors[", vm.toString(i), "]", path);
    }
}
