// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardErrors} from "./IManifestGuardErrors.sol";
import {IManifestGuardEvents} from "./IManifestGuardEvents.sol";
import {IManifestGuardTypes} from "./IManifestGuardTypes.sol";

/// @title Manifest Guard: registration and configuration
/// @notice How a manifest enters the guard and how its lane is computed (never declared), and the configuration
///         those rules read. Answered by the guard, which runs `ManifestRegistrar`'s code for these calls.
interface IManifestRegistration is IManifestGuardTypes, IManifestGuardErrors, IManifestGuardEvents {
    /// @notice Sets the first configuration: exactly the one whose `keccak256(abi.encode(config))` the guard was
    ///         deployed with (`INITIAL_CONFIG_HASH`), so anyone may send it and nobody can choose another. Until then
    ///         the guard lets no Safe transaction through and does not claim the guard interfaces (a Safe 1.4.1+
    ///         refuses to install it).
    /// @dev The configuration travels in this call rather than in the deployment, which keeps the creation
    ///      transaction within EIP-3860's initcode limit for any configuration.
    function initialize(GuardConfig calldata config) external;

    /// @notice The manifest id: the EIP-712 digest of `manifest` under this guard's domain.
    /// @dev Off-chain code checks its own hashing against this view.
    function manifestId(Manifest calldata manifest) external view returns (bytes32);

    /// @notice The lane the guard would compute for `manifest` under its current configuration (and the Safe's
    ///         current fallback handler). Reverts as `register` would for a malformed step or a non-containment call
    ///         of an Emergency manifest.
    function computeLane(Manifest calldata manifest) external view returns (Lane);

    /// @notice Registers a manifest. The lane is computed, never declared.
    /// @dev Only a proposer. Every step must be unclaimed by live manifests (an expired, halted, cancelled or completed
    ///      manifest's steps are free); the full calldata of each step is hashed into the id, only step keys are
    ///      stored. The shape limits are checked before anything is stored.
    /// @return id The manifest id.
    function register(Manifest calldata manifest) external returns (bytes32 id);

    /// @notice Computes the lane of a registered manifest that has not started again, under the current
    ///         configuration epoch (the lane only rises). Anyone may call it with the manifest's full data; the
    ///         guard keeps only hashes, so an approval or first step after a configuration change waits for it.
    /// @dev A rise to the privileged lane takes the manifest out of the routine live list and moves its executable
    ///      time to at least now + the privileged delay; its approvals then count against the privileged threshold.
    function reclassify(Manifest calldata manifest) external returns (Lane lane);

    /// @notice Replaces the configuration. Only the Safe, i.e. only through a privileged manifest.
    function configure(GuardConfig calldata config) external;

    /// @notice The current configuration.
    function getConfig() external view returns (GuardConfig memory);
}
