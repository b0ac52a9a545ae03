// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Manifest Guard data types
/// @notice The release manifest and the guard configuration, shared by the guard, its libraries and off-chain code.
/// @dev The field order of `Manifest`, `Phase`, `Step`, `Check` and `Condition` is the EIP-712 type order:
///      changing it changes every manifest id. See `ManifestHashing` for the type strings.
interface IManifestGuardTypes {
    /// @notice What a manifest is for.
    /// @dev Release: a planned change; starts only when its Rollback is executable on its own terms.
    ///      Rollback: the pre-approved way back; runs only once the Release it is bound to has started, and while
    ///      frozen; it follows its own lane (threshold, delay) like any other manifest.
    ///      Emergency: a pre-approved containment path; every call it makes must call a selector of the configured
    ///      containment set (default `pause()`); runs while frozen and without a rollback; never privileged.
    enum ManifestKind {
        Release,
        Rollback,
        Emergency
    }

    /// @notice The lane the guard computed for a manifest: at registration, and again (`reclassify`) whenever the
    ///         configuration changed before its first step. It only ever rises. Never declared by the proposer.
    enum Lane {
        Routine,
        Privileged
    }

    /// @notice Where a manifest is in its life.
    enum ManifestStatus {
        None,
        Registered,
        Approved,
        Completed,
        Halted,
        Cancelled
    }

    /// @notice How a post-execution check reads the chain.
    /// @dev ResultHash: keccak256 of the bytes returned by `staticcall(target, data)` must equal `expected`.
    ///      CodeHash: `target.codehash` must equal `expected` (`data` must be empty).
    enum CheckKind {
        ResultHash,
        CodeHash
    }

    /// @notice What the off-chain monitor does when a check or watched invariant fails after the fact.
    enum StopResponse {
        Rollback,
        Contain,
        Observe
    }

    /// @notice One Safe transaction of a manifest. The full calldata is hashed into the manifest id; only
    ///         `keccak256(abi.encode(to, value, keccak256(data), operation))` is kept in storage.
    struct Step {
        address to;
        uint256 value;
        uint8 operation;
        bytes data;
    }

    /// @notice A post-execution check, run atomically when the step that completes its phase executes.
    struct Check {
        uint8 kind;
        address target;
        bytes data;
        bytes32 expected;
        uint8 response;
    }

    /// @notice An entry condition, read when the first step of its phase executes: `staticcall(target, data)`
    ///         must return a number within `[min, max]` (on-chain telemetry as a live gate between phases).
    struct Condition {
        address target;
        bytes data;
        uint256 min;
        uint256 max;
    }

    /// @notice A canary phase: ordered steps, checks run after its last step, entry conditions read before its
    ///         first step, and the soak time that must pass after it before the next phase may start.
    struct Phase {
        Step[] steps;
        Check[] checks;
        Condition[] conditions;
        uint64 minSoak;
    }

    /// @notice A release manifest. Its id is the EIP-712 hash of this struct under the guard's domain
    ///         (name "ManifestGuard", version "1", chain id, the guard's address).
    struct Manifest {
        uint8 kind;
        string ticket;
        uint64 notBefore;
        uint64 expiry;
        bytes32 rollback;
        bytes32 evidence;
        Phase[] phases;
    }

    /// @notice The guard's configuration. Changed only by the Safe itself, i.e. through a privileged manifest.
    struct GuardConfig {
        address[] proposers;
        address[] approvers;
        address[] executors;
        address[] guardians;
        uint8 routineThreshold;
        uint8 privilegedThreshold;
        uint32 routineDelay;
        uint32 privilegedDelay;
        uint32 maxFreeze;
        uint32 freezeCooldown;
        address multiSendCallOnly;
        address[] authorities;
        bytes4[] privilegedSelectors;
        /// @dev The selectors an Emergency manifest may call; empty means `pause()` alone. Never privileged ones.
        bytes4[] containmentSelectors;
    }

    /// @notice What `explainTransaction` answers: whether the Safe transaction would pass `checkTransaction`
    ///         now, and if not, the guard's own custom error (ABI-encoded, selector first).
    struct Verdict {
        bool allowed;
        bytes reason;
        bytes32 manifestId;
        uint256 phase;
        uint256 step;
    }

    /// @notice The public view of a registered manifest.
    struct ManifestView {
        ManifestStatus status;
        ManifestKind kind;
        Lane lane;
        address proposer;
        uint64 notBefore;
        uint64 expiry;
        uint64 approvedAt;
        uint64 executableFrom;
        uint64 phaseCompletedAt;
        uint16 approvals;
        uint16 requiredApprovals;
        uint8 phaseCount;
        uint8 currentPhase;
        uint8 nextStep;
        bool gateOpen;
        bytes32 rollback;
        bytes32 evidence;
        bytes32 boundRelease;
    }

    /// @notice The guard's derived state of a manifest: what the chain decides about it right now. Off-chain code reads
    ///         this (and `explainTransaction`) instead of restating the guard's rules.
    /// @dev `open`/`reason` answer "may its next step run now", for an executor sending exactly that step: `reason`
    ///      is the guard's own custom error (ABI-encoded, selector first) that `checkTransaction` would raise, empty
    ///      when open. `rollbackReady`/`rollbackReason`: for a Release that has not started, whether its Rollback is
    ///      ready for it to start; once it started (or for a Rollback), whether the Rollback may run now.
    struct ManifestState {
        ManifestStatus status;
        ManifestKind kind;
        /// @dev The lane now (it only rises); `laneCurrent` is false when the configuration changed since it was
        ///      computed and `reclassify` must run before an approval or the first step counts.
        Lane lane;
        bool laneCurrent;
        bool started;
        /// @dev A privileged manifest halted by a guardian that approvers may still `reinstate` (a one-time veto).
        bool reinstatable;
        bool reinstated;
        uint8 nextPhase;
        uint8 nextStep;
        /// @dev Approvals of accounts that are approvers now, and the threshold of the lane now.
        uint16 approvals;
        uint16 requiredApprovals;
        uint64 executableFrom;
        uint64 configEpoch;
        bool open;
        bytes reason;
        bool rollbackReady;
        bytes rollbackReason;
    }
}
