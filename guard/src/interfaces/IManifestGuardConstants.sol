// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Manifest Guard: bounds, role bits and parts
/// @notice The guard's fixed bounds and role bits, and the two contracts whose code it runs for everything but the
///         Safe's hooks. Answered by the lifecycle module (the guard itself dispatches only its hooks, so that a Safe
///         transaction pays for no other selector).
interface IManifestGuardConstants {
    /// @notice The role bit of proposers (`rolesOf`).
    function ROLE_PROPOSER() external view returns (uint8);
    /// @notice The role bit of approvers (`rolesOf`).
    function ROLE_APPROVER() external view returns (uint8);
    /// @notice The role bit of executors (`rolesOf`).
    function ROLE_EXECUTOR() external view returns (uint8);
    /// @notice The role bit of guardians (`rolesOf`).
    function ROLE_GUARDIAN() external view returns (uint8);
    /// @notice At most this many accounts per role.
    function MAX_MEMBERS() external view returns (uint256);
    /// @notice At most this many authority contracts and extra privileged selectors.
    function MAX_ENTRIES() external view returns (uint256);
    /// @notice The longest delay a lane may have.
    function MAX_DELAY() external view returns (uint32);
    /// @notice The longest freeze a configuration may allow.
    function MAX_FREEZE_CAP() external view returns (uint32);
    /// @notice The shortest pause between two freezes: the Safe can always act in between.
    function MIN_FREEZE_COOLDOWN() external view returns (uint32);
    /// @notice At most this many routine-lane manifests may be approved and unfinished at once (the freeze and
    ///         configuration fan-outs walk them). A guardian's `halt` frees a place. Privileged manifests (among them
    ///         every configuration change and the guard's removal) are not counted: the way back is never refused.
    function MAX_LIVE() external view returns (uint256);
    /// @notice At most this many phases per manifest.
    function MAX_PHASES() external view returns (uint256);
    /// @notice At most this many steps per phase.
    function MAX_STEPS_PER_PHASE() external view returns (uint256);
    /// @notice At most this many steps per manifest.
    function MAX_STEPS() external view returns (uint256);
    /// @notice At most this many post-execution checks per phase.
    function MAX_CHECKS() external view returns (uint256);
    /// @notice At most this many entry conditions per phase.
    function MAX_CONDITIONS() external view returns (uint256);
    /// @notice The longest soak a phase may ask for.
    function MAX_SOAK() external view returns (uint64);
    /// @notice A check or entry condition whose target returns more than this many bytes fails, uncopied.
    function MAX_RETURN_DATA() external view returns (uint256);
    /// @notice The registration code the guard delegatecalls (deployed by, and bound to, the guard).
    function REGISTRAR() external view returns (address);
    /// @notice The lifecycle and view code the guard delegatecalls (deployed by, and bound to, the guard).
    function LIFECYCLE() external view returns (address);
}
