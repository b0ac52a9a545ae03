// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardErrors} from "../interfaces/IManifestGuardErrors.sol";
import {IManifestGuardEvents} from "../interfaces/IManifestGuardEvents.sol";
import {IManifestGuardTypes} from "../interfaces/IManifestGuardTypes.sol";

/// @title ManifestGuardStorage
/// @notice The one storage layout shared by `ManifestGuard` and the `ManifestRegistrar` it delegatecalls for
///         registration. Both inherit it first and declare no state of their own.
/// @dev The hot path reads three slots: `_steps[stepKey]`, `_cursors[index]` and `_accounts[sender]` (whose
///      `frozenUntil` is fanned out from `_frozenUntil` to every executor, bounded by `MAX_MEMBERS`).
abstract contract ManifestGuardStorage is IManifestGuardTypes, IManifestGuardErrors, IManifestGuardEvents {
    uint8 public constant ROLE_PROPOSER = 1;
    uint8 public constant ROLE_APPROVER = 2;
    uint8 public constant ROLE_EXECUTOR = 4;
    uint8 public constant ROLE_GUARDIAN = 8;

    /// @notice At most this many accounts per role.
    uint256 public constant MAX_MEMBERS = 16;
    /// @notice At most this many authority contracts and extra privileged selectors.
    uint256 public constant MAX_ENTRIES = 32;
    /// @notice The longest delay a lane may have.
    uint32 public constant MAX_DELAY = 30 days;
    /// @notice The longest freeze a configuration may allow.
    uint32 public constant MAX_FREEZE_CAP = 14 days;
    /// @notice The shortest pause between two freezes: the Safe can always act in between.
    uint32 public constant MIN_FREEZE_COOLDOWN = 1 days;

    /// @notice The Safe this guard protects.
    address internal immutable _SAFE;

    struct Account {
        uint8 roles;
        uint64 frozenUntil;
    }

    struct Settings {
        uint8 routineThreshold;
        uint8 privilegedThreshold;
        uint32 routineDelay;
        uint32 privilegedDelay;
        uint32 maxFreeze;
        uint32 freezeCooldown;
        address multiSendCallOnly;
    }

    mapping(address account => Account) internal _accounts;
    Settings internal _settings;
    address[] internal _proposers;
    address[] internal _approvers;
    address[] internal _executors;
    address[] internal _guardians;
    address[] internal _authorities;
    bytes4[] internal _extraSelectors;
    mapping(address target => bool) internal _isAuthority;
    mapping(bytes4 selector => bool) internal _isExtraSelector;

    /// @notice The end of the current freeze (also fanned out to every executor's account).
    uint64 internal _frozenUntil;

    /// @notice At most this many phases per manifest.
    uint256 public constant MAX_PHASES = 16;
    /// @notice At most this many steps per phase.
    uint256 public constant MAX_STEPS_PER_PHASE = 32;
    /// @notice At most this many steps per manifest.
    uint256 public constant MAX_STEPS = 64;
    /// @notice At most this many post-execution checks per phase.
    uint256 public constant MAX_CHECKS = 8;
    /// @notice At most this many entry conditions per phase.
    uint256 public constant MAX_CONDITIONS = 4;
    /// @notice The longest soak a phase may ask for.
    uint64 public constant MAX_SOAK = 90 days;

    /// @dev Step record flags.
    uint8 internal constant FIRST_IN_PHASE = 1;
    uint8 internal constant LAST_IN_PHASE = 2;
    uint8 internal constant LAST_STEP = 4;

    /// @dev Transient slot that carries the executing step from `checkTransaction` to `checkAfterExecution`.
    bytes32 internal constant PENDING_SLOT = bytes32(uint256(keccak256("manifest-guard.pending-step")) - 1);

    /// @dev Bit offsets of the packed hot words, read whole on the execution path (Solidity packs struct members
    ///      from the low-order end). StepRecord: index (32 bits) | phase (8) | step (8) | flags (8).
    ///      Cursor: status (8) | kind (8) | lane (8) | phase (8) | step (8) | gateOpen (8) | executableFrom (40) |
    ///      expiry (40) | phaseCompletedAt (40) | chainId (64). Account: roles (8) | frozenUntil (64).
    ///      `HotWordsLayout.t.sol` pins these against the structs.
    uint256 internal constant RECORD_PHASE = 32;
    uint256 internal constant RECORD_STEP = 40;
    uint256 internal constant RECORD_FLAGS = 48;
    uint256 internal constant CURSOR_KIND = 8;
    uint256 internal constant CURSOR_PHASE = 24;
    uint256 internal constant CURSOR_STEP = 32;
    uint256 internal constant CURSOR_EXPIRY = 88;
    uint256 internal constant CURSOR_PHASE_COMPLETED_AT = 128;
    uint256 internal constant CURSOR_CHAIN_ID = 168;
    uint256 internal constant ACCOUNT_FROZEN_UNTIL = 8;

    /// @dev One per step, keyed by `stepKey`; deleted when the step executes.
    struct StepRecord {
        uint32 index;
        uint8 phase;
        uint8 step;
        uint8 flags;
    }

    /// @dev The hot per-manifest slot read and written by every step.
    struct Cursor {
        ManifestStatus status;
        ManifestKind kind;
        Lane lane;
        uint8 phase;
        uint8 step;
        bool gateOpen;
        uint40 executableFrom;
        uint40 expiry;
        uint40 phaseCompletedAt;
        uint64 chainId;
    }

    /// @dev Per-manifest data read off the hot path.
    struct Info {
        bytes32 id;
        address proposer;
        uint64 notBefore;
        uint16 approvals;
        uint8 phaseCount;
        uint64 approvedAt;
        uint32 boundRelease;
        bytes32 rollback;
        bytes32 evidence;
    }

    struct PhaseInfo {
        uint64 minSoak;
        uint8 stepCount;
        Check[] checks;
        Condition[] conditions;
    }

    mapping(bytes32 stepKey => StepRecord) internal _steps;
    mapping(uint256 index => Cursor) internal _cursors;
    mapping(uint256 index => Info) internal _infos;
    mapping(uint256 index => mapping(uint256 phase => PhaseInfo)) internal _phases;
    mapping(uint256 index => mapping(address approver => bool)) internal _approvedBy;
    mapping(bytes32 manifestId => uint256 index) internal _indexOf;
    /// @dev `_ids[index - 1]`; indices start at 1 so that 0 means "none".
    bytes32[] internal _ids;

    uint64 internal _freezeEndedAt;
    uint32 internal _freezeEpoch;
    uint16 internal _liftVotes;
    mapping(uint256 epoch => mapping(address approver => bool)) internal _liftVoted;

    modifier onlyRole(uint8 role) {
        if (_accounts[msg.sender].roles & role == 0) _revertMissingRole(msg.sender, role);
        _;
    }

    constructor(address safe) {
        _SAFE = safe;
    }

    function _load(StepRecord storage record) internal view returns (uint256 word) {
        assembly ("memory-safe") {
            word := sload(record.slot)
        }
    }

    function _load(Cursor storage cursor) internal view returns (uint256 word) {
        assembly ("memory-safe") {
            word := sload(cursor.slot)
        }
    }

    function _load(Account storage account) internal view returns (uint256 word) {
        assembly ("memory-safe") {
            word := sload(account.slot)
        }
    }

    function _store(Cursor storage cursor, uint256 word) internal {
        assembly ("memory-safe") {
            sstore(cursor.slot, word)
        }
    }

    function _requireIndex(bytes32 id) internal view returns (uint256 index) {
        index = _indexOf[id];
        if (index == 0) revert ManifestGuardUnknownManifest(id);
    }

    function _threshold(Lane lane) internal view returns (uint16) {
        return lane == Lane.Privileged ? _settings.privilegedThreshold : _settings.routineThreshold;
    }

    function _revertMissingRole(address account, uint8 role) internal pure {
        if (role == ROLE_PROPOSER) revert ManifestGuardNotProposer(account);
        if (role == ROLE_APPROVER) revert ManifestGuardNotApprover(account);
        if (role == ROLE_GUARDIAN) revert ManifestGuardNotGuardian(account);
        revert ManifestGuardNotExecutor(account);
    }
}
