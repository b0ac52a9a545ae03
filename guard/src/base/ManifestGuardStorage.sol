// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardErrors} from "../interfaces/IManifestGuardErrors.sol";
import {IManifestGuardEvents} from "../interfaces/IManifestGuardEvents.sol";
import {IManifestGuardTypes} from "../interfaces/IManifestGuardTypes.sol";

/// @title ManifestGuardStorage
/// @notice The one storage layout shared by `ManifestGuard` and the `ManifestRegistrar` it delegatecalls for
///         registration. Both inherit it first and declare no state of their own.
/// @dev A routine step reads two slots, `_steps[stepKey]` (immutable per step: position, window end, chain) and
///      `_cursors[index]` (the manifest's progress, which also caches the executor that ran its last step and
///      carries a "freeze declared" flag), writes the cursor and deletes the step record. The executor's account and
///      the global freeze end are read only when the cache misses or the flag is set: configuration changes clear
///      the cache and freezes set the flag in every live manifest's cursor, a list bounded by `_MAX_LIVE`. Only
///      routine-lane manifests enter that list and take that path; privileged ones are always checked in full.
abstract contract ManifestGuardStorage is IManifestGuardTypes, IManifestGuardErrors, IManifestGuardEvents {
    uint8 internal constant _ROLE_PROPOSER = 1;
    uint8 internal constant _ROLE_APPROVER = 2;
    uint8 internal constant _ROLE_EXECUTOR = 4;
    uint8 internal constant _ROLE_GUARDIAN = 8;

    /// @notice At most this many accounts per role.
    uint256 internal constant _MAX_MEMBERS = 16;
    /// @notice At most this many authority contracts and extra privileged selectors.
    uint256 internal constant _MAX_ENTRIES = 32;
    /// @notice The longest delay a lane may have.
    uint32 internal constant _MAX_DELAY = 30 days;
    /// @notice The longest freeze a configuration may allow.
    uint32 internal constant _MAX_FREEZE_CAP = 14 days;
    /// @notice The shortest pause between two freezes: the Safe can always act in between.
    uint32 internal constant _MIN_FREEZE_COOLDOWN = 1 days;

    /// @notice The Safe this guard protects.
    address internal immutable _SAFE;

    struct Account {
        uint8 roles;
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

    /// @notice At most this many routine-lane manifests may be approved and unfinished at once (the freeze and
    ///         configuration fan-outs walk them). A guardian's `halt` frees a place. Privileged manifests (among them
    ///         every configuration change and the guard's removal) are not counted: the way back is never refused.
    uint256 internal constant _MAX_LIVE = 32;
    /// @dev Indices of approved, unfinished routine manifests; `Info.livePosition` is an entry's position plus one.
    uint32[] internal _live;

    /// @notice At most this many phases per manifest.
    uint256 internal constant _MAX_PHASES = 16;
    /// @notice At most this many steps per phase.
    uint256 internal constant _MAX_STEPS_PER_PHASE = 32;
    /// @notice At most this many steps per manifest.
    uint256 internal constant _MAX_STEPS = 64;
    /// @notice At most this many post-execution checks per phase.
    uint256 internal constant _MAX_CHECKS = 8;
    /// @notice At most this many entry conditions per phase.
    uint256 internal constant _MAX_CONDITIONS = 4;
    /// @notice The longest soak a phase may ask for.
    uint64 internal constant _MAX_SOAK = 90 days;

    /// @dev Step record flags.
    uint8 internal constant FIRST_IN_PHASE = 1;
    uint8 internal constant LAST_IN_PHASE = 2;
    uint8 internal constant LAST_STEP = 4;

    /// @dev Transient slot that carries the executing step from `checkTransaction` to `checkAfterExecution`.
    ///      Precomputed value of `bytes32(uint256(keccak256("manifest-guard.pending-step")) - 1)` (pinned in a test).
    bytes32 internal constant PENDING_SLOT = 0x3cd9d15cb89cead41240456d70a7e966b8d67cc9238feee1a5eb461ec4e61c2d;

    /// @dev Bit offsets of the packed hot words, read whole on the execution path (Solidity packs struct members
    ///      from the low-order end). StepRecord: index (32 bits) | phase (8) | step (8) | flags (8) | expiry (40) |
    ///      chainId (64) | checkCount (8). Cursor: status (8) | kind (8) | lane (8) | phase (8) | step (8) | gateOpen (8) |
    ///      freezeDeclared (8) | phaseCompletedAt (40) | executor (160). `HotWordsLayout.t.sol` pins these against
    ///      the structs.
    uint256 internal constant RECORD_PHASE = 32;
    uint256 internal constant RECORD_STEP = 40;
    uint256 internal constant RECORD_FLAGS = 48;
    uint256 internal constant RECORD_EXPIRY = 56;
    uint256 internal constant RECORD_CHAIN_ID = 96;
    uint256 internal constant RECORD_CHECK_COUNT = 160;
    uint256 internal constant CURSOR_KIND = 8;
    /// @dev The cursor's status (bits 0-7) and lane (bits 16-23) bytes: `cursor & mask == Approved` means approved
    ///      and routine (`Lane.Routine` is 0).
    uint256 internal constant LANE_AND_STATUS_MASK = 0xff00ff;
    uint256 internal constant CURSOR_LANE = 16;
    uint256 internal constant CURSOR_PHASE = 24;
    uint256 internal constant CURSOR_STEP = 32;
    uint256 internal constant CURSOR_GATE_OPEN = 40;
    uint256 internal constant CURSOR_FREEZE_DECLARED = 48;
    uint256 internal constant CURSOR_PHASE_COMPLETED_AT = 56;
    uint256 internal constant CURSOR_EXECUTOR = 96;

    /// @dev One per step, keyed by `stepKey`; deleted when the step executes. Carries the manifest's window end and
    ///      registration chain so that a routine step needs no other per-manifest read than the cursor.
    struct StepRecord {
        uint32 index;
        uint8 phase;
        uint8 step;
        uint8 flags;
        uint40 expiry;
        uint64 chainId;
        /// @dev How many post-execution checks its phase runs (read when the step completes its phase).
        uint8 checkCount;
    }

    /// @dev The hot per-manifest slot read and written by every step. `executor` caches the account that ran the
    ///      last step after its role was checked (cleared by any configuration change); `freezeDeclared` is set in
    ///      every live cursor by `freeze` and sends the step through the full check, which reads `_frozenUntil`.
    struct Cursor {
        ManifestStatus status;
        ManifestKind kind;
        Lane lane;
        uint8 phase;
        uint8 step;
        bool gateOpen;
        bool freezeDeclared;
        uint40 phaseCompletedAt;
        address executor;
    }

    /// @dev Per-manifest data read off the hot path. `classifiedEpoch`: the configuration epoch its lane was computed
    ///      under; `approvalEpoch`: the epoch at which its approvals were last found to meet its lane's threshold.
    ///      `haltedFrom`: the status a guardian halted it in (a pending veto of a privileged manifest), else `None`.
    struct Info {
        address proposer;
        uint64 notBefore;
        uint16 approvals;
        uint8 phaseCount;
        // One slot for what a manifest's first step reads (its own terms, and its rollback's).
        uint40 executableFrom;
        uint40 expiry;
        uint32 boundRelease;
        uint32 classifiedEpoch;
        uint32 approvalEpoch;
        uint8 livePosition;
        ManifestStatus haltedFrom;
        bool reinstated;
        uint40 approvedAt;
        uint64 chainId;
        /// @dev The epoch `approvals` was counted under: while it holds, the approver set is the same, and each new
        ///      approval of a current approver adds one without walking the approvers again.
        uint32 countedEpoch;
        bytes32 rollback;
        bytes32 evidence;
    }

    struct PhaseInfo {
        uint64 minSoak;
        /// @dev `checkCount` entries (the count is in the phase's step records).
        mapping(uint256 position => StoredCheck) checks;
        Condition[] conditions;
    }

    /// @dev A post-execution check as the completing step reads it: its target, kind and (when they fit: a selector
    ///      and no argument) its call data in one slot, its expected hash in the next. Longer call data is in `data`.
    ///      The stop response is for the off-chain monitor: validated at registration, not stored.
    struct StoredCheck {
        address target;
        uint8 kind;
        /// @dev The call data's length plus one when it is in `inlineData`, else 0 (it is in `data`).
        uint8 inlineLength;
        bytes10 inlineData;
        bytes32 expected;
        bytes data;
    }

    /// @dev The longest call data a check keeps in its first slot.
    uint256 internal constant INLINE_CHECK_DATA = 10;

    mapping(bytes32 stepKey => StepRecord) internal _steps;
    mapping(uint256 index => Cursor) internal _cursors;
    mapping(uint256 index => Info) internal _infos;
    mapping(uint256 index => mapping(uint256 phase => PhaseInfo)) internal _phases;
    mapping(uint256 index => mapping(address approver => bool)) internal _approvedBy;
    mapping(bytes32 manifestId => uint256 index) internal _indexOf;
    /// @dev The id of each index; indices start at 1 so that 0 means "none". A mapping, not an array: reading an id
    ///      (every event and error names one) costs one slot, not two.
    mapping(uint256 index => bytes32 manifestId) internal _idAt;

    uint64 internal _freezeEndedAt;
    uint32 internal _freezeEpoch;
    /// @dev How many manifests were registered: the last index.
    uint32 internal _manifestCount;
    mapping(uint256 epoch => mapping(address approver => bool)) internal _liftVoted;
    mapping(uint256 index => mapping(address approver => bool)) internal _reinstateVotedBy;

    /// @notice The configuration epoch: bumped by every `configure` and whenever the Safe's fallback handler (an
    ///         authority for the lane) is seen to have changed. A lane computed under an older epoch is stale.
    uint32 internal _configEpoch;
    /// @dev The Safe's fallback handler when the epoch was last synchronised.
    address internal _epochHandler;
    /// @notice The end of the current freeze (flagged in every live manifest's cursor when declared). Shares the
    ///         epoch's slot: a manifest's first step reads both.
    uint64 internal _frozenUntil;

    /// @dev The containment set (empty: `pause()` alone).
    bytes4[] internal _containmentSelectors;
    mapping(bytes4 selector => bool) internal _isContainment;

    /// @notice `pause()`: the containment set when none is configured.
    bytes4 internal constant PAUSE_SELECTOR = 0x8456cb59;
    /// @dev keccak256("fallback_manager.handler.address"), the Safe's fallback handler slot (1.3.0, 1.4.1, 1.5.0).
    uint256 internal constant FALLBACK_HANDLER_SLOT =
        0x6c9a6c4a39284e37ed1cf53d337577d14212a4870fb976a4366c693b939918d5;
    /// @notice A check or entry condition whose target returns more than this many bytes fails, uncopied.
    uint256 internal constant _MAX_RETURN_DATA = 4096;

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

    /// @dev Enters a newly approved manifest in the live list, flagged if a freeze runs. A full list first lets go of
    ///      the manifests whose window has closed (they can never execute again).
    function _addLive(uint256 index) internal {
        uint256 count = _live.length;
        if (count >= _MAX_LIVE) {
            _retireExpired();
            count = _live.length;
            if (count >= _MAX_LIVE) revert ManifestGuardTooManyLive(_idAt[index], _MAX_LIVE);
        }
        _live.push(uint32(index));
        _infos[index].livePosition = uint8(count + 1);
        if (_frozenUntil > block.timestamp) _cursors[index].freezeDeclared = true;
    }

    /// @dev Sets the freeze end and, for a freeze that starts, flags every live manifest's cursor so that its next
    ///      step takes the full check (which reads `_frozenUntil`). At most `_MAX_LIVE` writes. A lifted freeze needs
    ///      no fan-out: the flag only routes a step to the check, which clears it once the freeze is over.
    function _setFreeze(uint64 until) internal {
        _frozenUntil = until;
        if (until <= block.timestamp) return;
        uint32[] storage live = _live;
        for (uint256 i; i < live.length; ++i) {
            _cursors[live[i]].freezeDeclared = true;
        }
    }

    /// @dev Takes every live manifest whose window has closed out of the list (at most `_MAX_LIVE` reads). Walks from
    ///      the end, so the entry each removal moves into place has already been looked at.
    function _retireExpired() private {
        uint32[] storage live = _live;
        for (uint256 i = live.length; i > 0; --i) {
            uint32 entry = live[i - 1];
            if (_infos[entry].expiry < block.timestamp) {
                _removeLive(entry);
                emit ManifestRetired(_idAt[entry]);
            }
        }
    }

    /// @dev Takes a manifest that finished, was halted or was superseded out of the live list (no-op if absent).
    function _removeLive(uint256 index) internal {
        Info storage info = _infos[index];
        uint256 position = info.livePosition;
        if (position == 0) return;
        uint256 last = _live.length;
        if (position != last) {
            uint32 moved = _live[last - 1];
            _live[position - 1] = moved;
            _infos[moved].livePosition = uint8(position);
        }
        _live.pop();
        info.livePosition = 0;
    }

    function _requireIndex(bytes32 id) internal view returns (uint256 index) {
        index = _indexOf[id];
        if (index == 0) revert ManifestGuardUnknownManifest(id);
    }

    function _threshold(Lane lane) internal view returns (uint16) {
        return lane == Lane.Privileged ? _settings.privilegedThreshold : _settings.routineThreshold;
    }

    function _delay(Lane lane) internal view returns (uint64) {
        return lane == Lane.Privileged ? _settings.privilegedDelay : _settings.routineDelay;
    }

    /// @dev The Safe's fallback handler, read through `StorageAccessible.getStorageAt` (zero if it cannot be read).
    function _safeFallbackHandler() internal view returns (address handler) {
        (bool ok, bytes memory result) =
            _SAFE.staticcall(abi.encodeWithSignature("getStorageAt(uint256,uint256)", FALLBACK_HANDLER_SLOT, 1));
        if (ok && result.length == 96) handler = address(uint160(uint256(bytes32(_word(result, 2)))));
    }

    function _word(bytes memory data, uint256 index) private pure returns (uint256 word) {
        assembly ("memory-safe") {
            word := mload(add(data, add(0x20, mul(index, 0x20))))
        }
    }

    /// @dev The configuration epoch as the chain stands: one past the stored one when the Safe's fallback handler
    ///      changed since it was synchronised.
    function _epoch() internal view returns (uint32) {
        return _safeFallbackHandler() == _epochHandler ? _configEpoch : _configEpoch + 1;
    }

    /// @dev Synchronises the stored epoch with the Safe's fallback handler and returns it.
    function _syncEpoch() internal returns (uint32 epoch) {
        address handler = _safeFallbackHandler();
        epoch = _configEpoch;
        if (handler != _epochHandler) {
            _epochHandler = handler;
            _configEpoch = ++epoch;
        }
    }

    /// @dev Whether `selector` is in the containment set.
    function _isContainmentSelector(bytes4 selector) internal view returns (bool) {
        return _containmentSelectors.length == 0 ? selector == PAUSE_SELECTOR : _isContainment[selector];
    }

    /// @dev Approvals of `index` by accounts that are approvers now (at most `_MAX_MEMBERS` reads).
    function _countApprovals(uint256 index) internal view returns (uint16 count) {
        return _countVotes(_approvedBy[index]);
    }

    /// @dev How many current approvers are marked in `votes` (at most `_MAX_MEMBERS` reads).
    function _countVotes(mapping(address => bool) storage votes) internal view returns (uint16 count) {
        address[] storage approvers = _approvers;
        for (uint256 i; i < approvers.length; ++i) {
            if (votes[approvers[i]]) ++count;
        }
    }

    function _id(uint256 index) internal view returns (bytes32) {
        return _idAt[index];
    }

    function _revertMissingRole(address account, uint8 role) internal pure {
        if (role == _ROLE_PROPOSER) revert ManifestGuardNotProposer(account);
        if (role == _ROLE_APPROVER) revert ManifestGuardNotApprover(account);
        if (role == _ROLE_GUARDIAN) revert ManifestGuardNotGuardian(account);
        revert ManifestGuardNotExecutor(account);
    }
}
