// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardErrors} from "./IManifestGuardErrors.sol";
import {IManifestGuardEvents} from "./IManifestGuardEvents.sol";
import {IManifestGuardTypes} from "./IManifestGuardTypes.sol";

/// @title Manifest Guard: lifecycle and views
/// @notice Approvals, cancellation, halts and their override, phase gates, freezes, and the views of the guard's
///         stored state. Answered by the guard, which runs `ManifestLifecycle`'s code for these calls.
interface IManifestLifecycle is IManifestGuardTypes, IManifestGuardErrors, IManifestGuardEvents {
    // ---------------------------------------------------------------- identity

    /// @notice The Safe this guard instance protects.
    function SAFE() external view returns (address);

    /// @notice The EIP-712 domain separator (name "ManifestGuard", version "1", chain id, this guard).
    function DOMAIN_SEPARATOR() external view returns (bytes32);

    /// @notice The EIP-712 digest an approver signs for `approveBySig`: `Approval(bytes32 manifestId)`.
    function approvalDigest(bytes32 id) external view returns (bytes32);

    /// @notice The key under which a step is stored: `keccak256(abi.encode(to, value, keccak256(data), operation))`.
    function stepKey(address to, uint256 value, bytes calldata data, uint8 operation) external pure returns (bytes32);

    // ---------------------------------------------------------------- lifecycle

    /// @notice Approves a registered manifest. At the lane's threshold it becomes approved. An approver may also add
    ///         an approval to an approved manifest that has not started: approvals count only while their approver
    ///         is one, so this is how lapsed approvals are made up (the lane's delay then counts from that approval).
    /// @dev Only an approver who did not propose it, and only once its lane is current (see `reclassify`).
    function approve(bytes32 id) external;

    /// @notice Records an approval signed off-chain (EIP-712 `Approval(bytes32 manifestId)`), ECDSA or ERC-1271.
    /// @dev Anyone may relay it; the same rules as `approve` apply to `approver`.
    function approveBySig(bytes32 id, address approver, bytes calldata signature) external;

    /// @notice Cancels a manifest that is not yet approved. Only its proposer.
    function cancel(bytes32 id) external;

    /// @notice Halts a registered or approved manifest: its remaining steps are blocked. Only a guardian. A routine
    ///         manifest's halt is final; a privileged manifest's halt is a one-time veto that approvers at the
    ///         privileged threshold can override with `reinstate` (a reinstated manifest cannot be halted again).
    function halt(bytes32 id) external;

    /// @notice Votes to reinstate a privileged manifest a guardian halted; at the privileged threshold (of current
    ///         approvers) it returns to the status it was halted in, and its delay counts again from now. Only an
    ///         approver. A routine manifest's halt, or a halt by its rollback, is final.
    /// @dev A halted manifest holds no steps: those another manifest registered again meanwhile stay that one's, so
    ///      a reinstated manifest cannot run them.
    function reinstate(bytes32 id) external;

    /// @notice Opens the gate to `phase` after the previous phase completed and its soak elapsed. Only an approver.
    /// @param metricsHash The hash of the metrics the approver reviewed (kept in the event).
    function attestContinue(bytes32 id, uint256 phase, bytes32 metricsHash) external;

    /// @notice Freezes the Safe for `duration` seconds (at most `maxFreeze`): only Rollback and Emergency steps run.
    /// @dev Only a guardian. Freezes expire by themselves and cannot be renewed during `freezeCooldown`.
    function freeze(uint64 duration) external;

    /// @notice Votes to lift the active freeze; at the routine threshold (votes of current approvers) it is lifted.
    ///         Only an approver.
    function liftFreeze() external;

    // ---------------------------------------------------------------- views

    /// @notice The state of a manifest, as stored.
    function getManifest(bytes32 id) external view returns (ManifestView memory);

    /// @notice The configuration epoch as the chain stands now (bumped by `configure` and by a change of the
    ///         Safe's fallback handler).
    function configEpoch() external view returns (uint64);

    /// @notice EIP-5267: the EIP-712 domain (name "ManifestGuard", version "1", chain id, this guard).
    function eip712Domain()
        external
        view
        returns (
            bytes1 fields,
            string memory name,
            string memory version,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        );

    /// @notice ERC-165: the transaction guard (0xe6d7a83a) and the module guard (0x58401ed8) once initialized, and
    ///         ERC-165 (0x01ffc9a7).
    function supportsInterface(bytes4 interfaceId) external view returns (bool);

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
