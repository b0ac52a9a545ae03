// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardTypes} from "./IManifestGuardTypes.sol";

/// @title Manifest Guard events
/// @notice Every state change of the guard emits one of these, so a monitor can follow the guard from logs alone.
interface IManifestGuardEvents is IManifestGuardTypes {
    /// @notice The configuration was set (at deployment or by a privileged manifest).
    event GuardConfigured(bytes32 indexed configHash, GuardConfig config);
    /// @notice A manifest was registered; the full manifest is in the transaction's calldata.
    event ManifestRegistered(
        bytes32 indexed manifestId,
        uint256 indexed index,
        address indexed proposer,
        ManifestKind kind,
        Lane lane,
        string ticket,
        bytes32 rollback,
        bytes32 evidence,
        uint64 notBefore,
        uint64 expiry,
        uint256 steps
    );
    /// @notice An approver approved a manifest (`approvals` of `required`).
    event ManifestApprovalRecorded(
        bytes32 indexed manifestId, address indexed approver, uint256 approvals, uint256 required
    );
    /// @notice The approval threshold was reached; the manifest may start at `executableFrom`.
    event ManifestApproved(bytes32 indexed manifestId, uint64 executableFrom);
    /// @notice The proposer cancelled the manifest before approval.
    event ManifestCancelled(bytes32 indexed manifestId, address indexed by);
    /// @notice The manifest was halted, by a guardian or (`by` = the guard) by the first step of its rollback.
    event ManifestHalted(bytes32 indexed manifestId, address indexed by);
    /// @notice An approver voted to reinstate a halted privileged manifest (`votes` of `required`).
    event ReinstateVoted(bytes32 indexed manifestId, address indexed approver, uint256 votes, uint256 required);
    /// @notice Approvers at the privileged threshold overrode a guardian's halt; the manifest's delay counts again
    ///         from now: its next step may run from `executableFrom`. It cannot be halted again.
    event ManifestReinstated(bytes32 indexed manifestId, uint64 executableFrom);
    /// @notice The manifest's lane was computed again under configuration epoch `epoch` (`lane` is the lane now).
    event ManifestReclassified(bytes32 indexed manifestId, Lane lane, uint64 epoch);
    /// @notice A release started, binding its rollback (which may now run without delay).
    event RollbackArmed(bytes32 indexed releaseId, bytes32 indexed rollbackId);
    /// @notice A step passed `checkTransaction` (the cursor moved past it). `position` packs the manifest's index
    ///         (as in `ManifestRegistered.index`), phase and step: `index << 16 | phase << 8 | step`. Not indexed:
    ///         every Safe transaction pays for this log, and a topic would cost more than the data word.
    event StepExecuted(uint256 position);
    /// @notice An approved manifest whose window closed left the live list (making room for a new approval); it
    ///         can never execute again.
    event ManifestRetired(bytes32 indexed manifestId);
    /// @notice A phase's last step executed and all its checks passed.
    event PhaseCompleted(bytes32 indexed manifestId, uint256 phase);
    /// @notice All phases of the manifest executed.
    event ManifestCompleted(bytes32 indexed manifestId);
    /// @notice An approver opened the gate to `phase` after the soak, with a hash of the metrics they looked at.
    event PhaseContinued(bytes32 indexed manifestId, uint256 phase, address indexed approver, bytes32 metricsHash);
    /// @notice A guardian froze the Safe: only Rollback and Emergency steps run until `frozenUntil`.
    event Frozen(address indexed guardian, uint64 frozenUntil);
    /// @notice An approver voted to lift the freeze.
    event FreezeLiftVoted(address indexed approver, uint256 indexed epoch, uint256 votes, uint256 required);
    /// @notice The freeze was lifted early by approvers.
    event FreezeLifted(uint256 indexed epoch);
}
