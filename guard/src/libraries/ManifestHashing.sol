// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardTypes} from "../interfaces/IManifestGuardTypes.sol";

/// @title ManifestHashing
/// @notice EIP-712 struct hashes of a release manifest. The manifest id is the typed-data digest of
///         `hashManifest(manifest)` under the guard's domain. Off-chain code (viem `hashTypedData`) uses the
///         same types; `test/vectors/manifest-hashing.json` pins both sides.
library ManifestHashing {
    /// @notice The EIP-712 domain name and version of every Manifest Guard.
    string internal constant NAME = "ManifestGuard";
    string internal constant VERSION = "1";
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    bytes internal constant STEP_TYPE = "Step(address to,uint256 value,uint8 operation,bytes data)";
    bytes internal constant CHECK_TYPE = "Check(uint8 kind,address target,bytes data,bytes32 expected,uint8 response)";
    bytes internal constant CONDITION_TYPE = "Condition(address target,bytes data,uint256 min,uint256 max)";
    bytes internal constant PHASE_TYPE = "Phase(Step[] steps,Check[] checks,Condition[] conditions,uint64 minSoak)";
    bytes internal constant MANIFEST_TYPE =
        "Manifest(uint8 kind,string ticket,uint64 notBefore,uint64 expiry,bytes32 rollback,bytes32 evidence,Phase[] phases)";

    bytes32 internal constant STEP_TYPEHASH = keccak256(STEP_TYPE);
    bytes32 internal constant CHECK_TYPEHASH = keccak256(CHECK_TYPE);
    bytes32 internal constant CONDITION_TYPEHASH = keccak256(CONDITION_TYPE);
    /// @dev Referenced types follow in alphabetical order, as EIP-712 requires.
    bytes32 internal constant PHASE_TYPEHASH =
        keccak256(abi.encodePacked(PHASE_TYPE, CHECK_TYPE, CONDITION_TYPE, STEP_TYPE));
    bytes32 internal constant MANIFEST_TYPEHASH =
        keccak256(abi.encodePacked(MANIFEST_TYPE, CHECK_TYPE, CONDITION_TYPE, PHASE_TYPE, STEP_TYPE));
    /// @dev The typed data an approver signs for `approveBySig`.
    bytes32 internal constant APPROVAL_TYPEHASH = keccak256("Approval(bytes32 manifestId)");

    /// @notice The EIP-712 domain separator of the guard at `guard` on this chain.
    function domainSeparator(address guard) internal view returns (bytes32) {
        return
            keccak256(
                abi.encode(DOMAIN_TYPEHASH, keccak256(bytes(NAME)), keccak256(bytes(VERSION)), block.chainid, guard)
            );
    }

    /// @notice The EIP-712 struct hash of a manifest.
    function hashManifest(IManifestGuardTypes.Manifest calldata manifest) internal pure returns (bytes32) {
        uint256 count = manifest.phases.length;
        bytes32[] memory phaseHashes = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            phaseHashes[i] = hashPhase(manifest.phases[i]);
        }
        return keccak256(
            abi.encode(
                MANIFEST_TYPEHASH,
                manifest.kind,
                keccak256(bytes(manifest.ticket)),
                manifest.notBefore,
                manifest.expiry,
                manifest.rollback,
                manifest.evidence,
                keccak256(abi.encodePacked(phaseHashes))
            )
        );
    }

    /// @notice The EIP-712 struct hash of a phase.
    function hashPhase(IManifestGuardTypes.Phase calldata phase) internal pure returns (bytes32) {
        uint256 steps = phase.steps.length;
        bytes32[] memory stepHashes = new bytes32[](steps);
        for (uint256 i; i < steps; ++i) {
            stepHashes[i] = hashStep(phase.steps[i]);
        }
        uint256 checks = phase.checks.length;
        bytes32[] memory checkHashes = new bytes32[](checks);
        for (uint256 i; i < checks; ++i) {
            checkHashes[i] = hashCheck(phase.checks[i]);
        }
        uint256 conditions = phase.conditions.length;
        bytes32[] memory conditionHashes = new bytes32[](conditions);
        for (uint256 i; i < conditions; ++i) {
            conditionHashes[i] = hashCondition(phase.conditions[i]);
        }
        return keccak256(
            abi.encode(
                PHASE_TYPEHASH,
                keccak256(abi.encodePacked(stepHashes)),
                keccak256(abi.encodePacked(checkHashes)),
                keccak256(abi.encodePacked(conditionHashes)),
                phase.minSoak
            )
        );
    }

    /// @notice The EIP-712 struct hash of a step.
    function hashStep(IManifestGuardTypes.Step calldata step) internal pure returns (bytes32) {
        return keccak256(abi.encode(STEP_TYPEHASH, step.to, step.value, step.operation, keccak256(step.data)));
    }

    /// @notice The EIP-712 struct hash of a post-execution check.
    function hashCheck(IManifestGuardTypes.Check calldata check) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(CHECK_TYPEHASH, check.kind, check.target, keccak256(check.data), check.expected, check.response)
        );
    }

    /// @notice The EIP-712 struct hash of an entry condition.
    function hashCondition(IManifestGuardTypes.Condition calldata condition) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(CONDITION_TYPEHASH, condition.target, keccak256(condition.data), condition.min, condition.max)
        );
    }

    /// @notice The EIP-712 struct hash of an approval.
    function hashApproval(bytes32 manifestId) internal pure returns (bytes32) {
        return keccak256(abi.encode(APPROVAL_TYPEHASH, manifestId));
    }

    /// @notice The storage key of a step: what `checkTransaction` looks up for a Safe transaction.
    function stepKey(address to, uint256 value, bytes32 dataHash, uint8 operation) internal pure returns (bytes32 key) {
        /// @solidity memory-safe-assembly
        assembly {
            let ptr := mload(0x40)
            mstore(ptr, to)
            mstore(add(ptr, 0x20), value)
            mstore(add(ptr, 0x40), dataHash)
            mstore(add(ptr, 0x60), operation)
            key := keccak256(ptr, 0x80)
        }
    }
}
