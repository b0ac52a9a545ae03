// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardErrors} from "./IManifestGuardErrors.sol";
import {IManifestGuardEvents} from "./IManifestGuardEvents.sol";
import {IManifestGuardTypes} from "./IManifestGuardTypes.sol";

/// @title Manifest Guard
/// @notice A Safe transaction guard (and, on Safe 1.5.0, module guard) that lets the Safe execute only the next
///         step of a registered, approved release manifest, by an executor, inside the manifest's window, with its
///         canary-phase gates open, and that runs the phase's post-execution checks atomically.
/// @dev Roles are separate by construction: proposers register, approvers approve and open phase gates, executors
///      submit `execTransaction`, guardians halt and freeze. The Safe itself changes the configuration, which it can
///      only do through a (privileged) manifest.
interface IManifestGuard is IManifestGuardTypes, IManifestGuardErrors, IManifestGuardEvents {
    // ---------------------------------------------------------------- identity

    /// @notice The Safe this guard instance protects.
    function SAFE() external view returns (address);

    /// @notice The EIP-712 domain separator (name "ManifestGuard", version "1", chain id, this guard).
    function DOMAIN_SEPARATOR() external view returns (bytes32);

    /// @notice The manifest id: the EIP-712 digest of `manifest` under this guard's domain.
    /// @dev Off-chain code checks its own hashing against this view.
    function manifestId(Manifest calldata manifest) external view returns (bytes32);

    /// @notice The EIP-712 digest an approver signs for `approveBySig`: `Approval(bytes32 manifestId)`.
    function approvalDigest(bytes32 id) external view returns (bytes32);

    /// @notice The key under which a step is stored: `keccak256(abi.encode(to, value, keccak256(data), operation))`.
    function stepKey(address to, uint256 value, bytes calldata data, uint8 operation) external pure returns (bytes32);

    /// @notice Whether the manifest would be privileged under the current configuration. Writes nothing: call it
    ///         with `eth_call` (it is not `view` only because it runs through the registrar's `delegatecall`).
    function computeLane(Manifest calldata manifest) external returns (Lane);

    // ---------------------------------------------------------------- lifecycle

    /// @notice Registers a manifest. The lane is computed, never declared.
    /// @dev Only a proposer. Every step must be unclaimed by live manifests; the full calldata of each step is
    ///      hashed into the id, only step keys are stored.
    /// @return id The manifest id.
    function register(Manifest calldata manifest) external returns (bytes32 id);

    /// @notice Approves a registered manifest. At the lane's threshold it becomes approved.
    /// @dev Only an approver who did not propose it.
    function approve(bytes32 id) external;

    /// @notice Records an approval signed off-chain (EIP-712 `Approval(bytes32 manifestId)`), ECDSA or ERC-1271.
    /// @dev Anyone may relay it; the same rules as `approve` apply to `approver`.
    function approveBySig(bytes32 id, address approver, bytes calldata signature) external;

    /// @notice Cancels a manifest that is not yet approved. Only its proposer.
    function cancel(bytes32 id) external;

    /// @notice Halts a registered or approved manifest: its remaining steps are blocked for good. Only a guardian.
    function halt(bytes32 id) external;

    /// @notice Opens the gate to `phase` after the previous phase completed and its soak elapsed. Only an approver.
    /// @param metricsHash The hash of the metrics the approver reviewed (kept in the event).
    function attestContinue(bytes32 id, uint256 phase, bytes32 metricsHash) external;

    /// @notice Freezes the Safe for `duration` seconds (at most `maxFreeze`): only Rollback and Emergency steps run.
    /// @dev Only a guardian. Freezes expire by themselves and cannot be renewed during `freezeCooldown`.
    function freeze(uint64 duration) external;

    /// @notice Votes to lift the active freeze; at the routine threshold it is lifted. Only an approver.
    function liftFreeze() external;

    /// @notice Replaces the configuration. Only the Safe, i.e. only through a privileged manifest.
    function configure(GuardConfig memory config) external;

    // ---------------------------------------------------------------- views

    /// @notice Explains, without reverting, whether this Safe transaction would pass `checkTransaction` now.
    function explainTransaction(
        address to,
        uint256 value,
        bytes calldata data,
        uint8 operation,
        uint256 gasPrice,
        address gasToken,
        address refundReceiver,
        address msgSender
    ) external view returns (Verdict memory verdict);

    /// @notice The state of a manifest.
    function getManifest(bytes32 id) external view returns (ManifestView memory);

    /// @notice The current configuration.
    function getConfig() external view returns (GuardConfig memory);

    /// @notice The role bits (`ROLE_*`) of `account`.
    function rolesOf(address account) external view returns (uint8);

    /// @notice When the current freeze ends (0 or a past time when not frozen).
    function frozenUntil() external view returns (uint64);

    /// @notice Whether `approver` approved `id`.
    function hasApproved(bytes32 id, address approver) external view returns (bool);

    /// @notice The number of manifests ever registered; `manifestAt(i)` for `i < manifestCount()` lists them.
    function manifestCount() external view returns (uint256);

    /// @notice The id of the `index`-th registered manifest.
    function manifestAt(uint256 index) external view returns (bytes32);

    /// @notice The routine-lane manifests approved and not yet finished (completed, halted, or retired once their
    ///         window closed and the list was full), at most `MAX_LIVE`, in no order. Privileged manifests are not
    ///         listed (they are never limited).
    function liveManifests() external view returns (bytes32[] memory ids);
}
