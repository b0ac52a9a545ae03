// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {ManifestGuard} from "../../../src/ManifestGuard.sol";
import {IManifestGuard} from "../../../src/interfaces/IManifestGuard.sol";
import {IManifestGuardErrors as E} from "../../../src/interfaces/IManifestGuardErrors.sol";
import {IManifestGuardTypes as T} from "../../../src/interfaces/IManifestGuardTypes.sol";
import {IManifestRegistration} from "../../../src/interfaces/IManifestRegistration.sol";
import {ISafe} from "../../utils/ISafe.sol";
import {Target} from "../../utils/Targets.sol";

/// @notice A contract the Safe controls, with an authority-moving function under a team-specific selector
///         (`setAdmin`, configured as an extra privileged selector), harmless ones (`poke`, `pause`), and the two
///         ways of running calls on its own behalf that the lane classifier looks into (`multicall`,
///         `upgradeToAndCall`).
contract AdminRegistry {
    address public admin;
    uint256 public pokes;
    bool public paused;
    address public implementation;

    function setAdmin(address newAdmin) external {
        admin = newAdmin;
    }

    function poke(uint256 amount) external {
        pokes += amount;
    }

    function pause() external {
        paused = true;
    }

    function multicall(bytes[] calldata calls) external {
        for (uint256 i; i < calls.length; ++i) {
            (bool ok,) = address(this).delegatecall(calls[i]);
            require(ok, "multicall");
        }
    }

    function upgradeToAndCall(address newImplementation, bytes calldata data) external payable {
        implementation = newImplementation;
        if (data.length != 0) {
            (bool ok,) = address(this).delegatecall(data);
            require(ok, "upgradeToAndCall");
        }
    }
}

/// @notice Drives a ManifestGuard installed on a real Safe through random, bounded, never-reverting actions, and keeps
///         an independent model of what the guard must allow (the rules of SPEC.md, the settled rules 1-10 included:
///         reinstatement of a privileged manifest's halt, rollback readiness on the rollback's own terms, containment,
///         the configuration epoch and `reclassify`, approvals counted when used, steps of dead manifests free again).
///         Every Safe transaction that really executes is logged with the model's pre-state, so the invariants can
///         check it after the fact; every Safe transaction submitted is first explained by the guard
///         (`explainTransaction`), and the explanation must be what `checkTransaction` then does.
/// @dev The model is updated only from this handler's own rules and from actions that succeeded; the guard's views are
///      read only to compare (`mismatches` and the consistency invariant), never to decide.
contract ManifestGuardHandler is CommonBase, StdCheats, StdUtils {
    // ------------------------------------------------------------ fixtures

    struct Actors {
        address proposer;
        /// @dev The first three approve under the initial configuration; some variants swap one for the fourth.
        address[4] approvers;
        address executor;
        address guardian;
        address stranger;
        address owner;
    }

    /// @dev Traits of a pool step, as the lane and containment rules see it.
    uint8 internal constant PRIVILEGED = 1; // privileged under every configuration the handler installs
    uint8 internal constant REGISTRY = 2; // some call, outer or nested, targets `registry` (an authority in some)
    uint8 internal constant PAUSE = 4; // some top-level call (or batch entry) is `pause()`
    uint8 internal constant POKE = 8; // some top-level call (or batch entry) is `poke(uint256)`
    uint8 internal constant CONTAINED = 16; // every top-level call (or batch entry) is `pause()` or `poke(uint256)`
    uint8 internal constant FAILS = 32; // its inner call always fails
    uint8 internal constant PAUSABLE = 64; // some call targets `pausable` (privileged while it is the fallback handler)

    /// @dev A pool entry: the step, its traits, and the configuration variant it installs (`configVariant - 1`; 0 for
    ///      none).
    struct PoolStep {
        T.Step step;
        uint8 traits;
        uint8 configVariant;
    }

    /// @dev Where a step key is claimed: model index + 1, position and pool index.
    struct StepRef {
        uint32 m;
        uint8 phase;
        uint8 step;
        uint16 poolIndex;
    }

    struct ManifestModel {
        bytes32 id;
        T.ManifestKind kind;
        /// @dev The lane now: computed at registration, raised (never lowered) by `reclassify`.
        bool privileged;
        T.ManifestStatus status;
        /// @dev The status a guardian halted a privileged manifest in (a pending veto), else None.
        T.ManifestStatus haltedFrom;
        bool reinstated;
        uint32 ticket;
        uint32 classifiedEpoch;
        /// @dev The configuration epoch at which its approvals last reached its lane's threshold.
        uint32 approvalEpoch;
        uint64 notBefore;
        uint64 expiry;
        bytes32 rollbackId;
        uint32 boundRelease;
        /// @dev Approvals of current approvers when the last approval was recorded (the guard's stored count).
        uint16 approvals;
        uint64 approvedAt;
        uint64 executableFrom;
        uint8 phaseCount;
        uint8 phase;
        uint8 step;
        bool gateOpen;
        uint64 phaseCompletedAt;
        uint64 chainId;
        /// @dev Taken out of the live list when its window had closed and an approval needed the room.
        bool retired;
    }

    struct ConfigModel {
        uint8 routineThreshold;
        uint8 privilegedThreshold;
        uint32 routineDelay;
        uint32 privilegedDelay;
        uint32 maxFreeze;
        uint32 freezeCooldown;
        /// @dev Bit i: `approvers[i]` is an approver.
        uint8 approverMask;
        bool registryAuthority;
        bool containPause;
        bool containPoke;
    }

    /// @notice One Safe transaction that really executed, with the model's view just before it.
    struct Execution {
        uint32 m;
        uint8 phase;
        uint8 step;
        T.ManifestKind kind;
        T.ManifestStatus statusBefore;
        uint8 expectedPhase;
        uint8 expectedStep;
        bool frozen;
        /// @dev At a manifest's first step: its lane computed under the current configuration epoch.
        bool laneCurrent;
        /// @dev At a Release's first step: its Rollback executable on its own terms (true for other kinds).
        bool rollbackReady;
        /// @dev At a Rollback's first step: bound to a started Release (true for other kinds).
        bool armed;
        /// @dev A Rollback reinstated after a guardian's halt (its first step then waits for its executable time).
        bool reinstated;
        uint16 approvals;
        uint16 required;
        uint64 timestamp;
        uint64 executableFrom;
        uint64 expiry;
    }

    /// @notice The model's derived state of a manifest, compared with the guard's `manifestState`.
    struct DerivedState {
        bool laneCurrent;
        bool started;
        bool reinstatable;
        bool open;
        bool rollbackReady;
        uint16 approvals;
        uint16 required;
        bytes4 reason;
        bytes4 rollbackReason;
    }

    /// @dev A Safe transaction the handler submits.
    struct Candidate {
        address to;
        uint256 value;
        bytes data;
        uint8 operation;
        uint256 gasPrice;
        address sender;
    }

    IManifestGuard public immutable guard;
    ISafe public immutable safe;
    address public immutable multiSendCallOnly;
    Target public immutable target;
    Target public immutable authority;
    AdminRegistry public immutable registry;
    AdminRegistry public immutable pausable;
    uint256 internal immutable _maxLive;

    Actors internal _actors;
    uint256 internal immutable _firstKey;
    uint256 internal immutable _secondKey;

    PoolStep[] internal _pool;
    uint256 internal _routineCount;
    uint256 internal _containmentStart;
    uint256 internal _privilegedStart;
    uint256 internal _privilegedCount;
    uint256 internal _configStart;

    /// @notice Configuration variants the pool installs (the last one can never be installed).
    uint256 public constant CONFIG_VARIANTS = 17;

    // ------------------------------------------------------------ model

    ManifestModel[] internal _models;
    mapping(uint256 m => mapping(uint256 phase => uint16[] poolIndices)) internal _stepsOf;
    mapping(uint256 m => mapping(uint256 phase => uint64)) public minSoakOf;
    mapping(uint256 m => mapping(uint256 phase => uint64)) public completedAt;
    mapping(uint256 m => mapping(uint256 phase => uint64)) public attestedAt;
    mapping(uint256 m => mapping(address approver => bool)) internal _approvedBy;
    mapping(uint256 m => mapping(address approver => bool)) internal _reinstateVoted;
    mapping(uint256 m => mapping(uint256 phase => mapping(uint256 step => uint256))) public executions;
    mapping(uint256 m => mapping(uint256 phase => mapping(uint256 step => uint256 logPosition))) public executedAt;
    mapping(bytes32 key => StepRef) internal _claimOf;
    mapping(bytes32 id => uint32 m) internal _refOf;

    ConfigModel internal _config;
    /// @dev The configuration epoch as the guard last synchronised it (one more with every configuration installed),
    ///      and whether the Safe's fallback handler is `pausable` now and was at that synchronisation (registrations,
    ///      approvals and reclassifications synchronise it; a changed handler is one more epoch, as the chain stands).
    uint32 internal _syncedEpoch;
    bool internal _handlerIsPausable;
    bool internal _syncedHandlerIsPausable;
    /// @dev The Safe's fallback handler at set-up (`changeEnvironment` swaps it with `pausable` and back).
    address internal immutable _originalHandler;
    /// @dev keccak256("fallback_manager.handler.address"), the Safe's fallback handler slot.
    bytes32 internal constant FALLBACK_HANDLER_SLOT =
        0x6c9a6c4a39284e37ed1cf53d337577d14212a4870fb976a4366c693b939918d5;
    uint64 public frozenUntil;
    uint64 public freezeEndedAt;
    uint256 public freezeEpoch;
    mapping(uint256 round => mapping(address approver => bool)) internal _liftVoted;
    /// @notice The longest freeze any configuration ever allowed (bounds every freeze that was started).
    uint32 public maxFreezeEver;

    Execution[] internal _log;

    // ------------------------------------------------------------ ghost counters

    /// @notice Outcomes where the guard and the model disagree (the first one is described in `firstMismatch`).
    uint256 public mismatches;
    string public firstMismatch;
    /// @notice Safe transactions the guard let through although the model rejects them (subset of `mismatches`).
    uint256 public unexpectedExecutions;
    /// @notice Emergency manifests that registered although a step is privileged.
    uint256 public privilegedEmergencies;

    uint256 public ghost_registered;
    uint256 public ghost_approved;
    uint256 public ghost_executed;
    uint256 public ghost_rejected;
    uint256 public ghost_phasesEntered;
    uint256 public ghost_completed;
    uint256 public ghost_executedWhileFrozen;
    uint256 public ghost_rollbacksFired;
    uint256 public ghost_configChanges;
    uint256 public ghost_freezes;
    uint256 public ghost_lifts;
    uint256 public ghost_halts;
    uint256 public ghost_rogueHalts;
    uint256 public ghost_reinstated;
    uint256 public ghost_reclassified;
    uint256 public ghost_laneRises;
    uint256 public ghost_lapsedMadeUp;
    uint256 public ghost_cancels;
    uint256 public ghost_attests;
    uint256 public ghost_batchesExecuted;
    uint256 public ghost_releasesStarted;
    uint256 public ghost_emergenciesExecuted;
    uint256 public ghost_explained;

    uint256 internal _tickets;

    /// @notice The chain the Safe lives on, and the id of a fork of it (`changeEnvironment` moves between them).
    uint256 public immutable homeChainId;
    uint256 public constant FORK_CHAIN_ID = 8453;

    // ------------------------------------------------------------ what the last call touched

    /// @notice Handler calls so far (the invariant samples its expensive probe by this count).
    uint256 public calls;
    /// @notice Whether the last call executed a Safe transaction (then it is the last `Execution` logged).
    bool public lastCallExecuted;
    /// @notice Models (index + 1) whose state the last call may have changed.
    uint32 public touchedA;
    uint32 public touchedB;

    modifier countCall() {
        ++calls;
        lastCallExecuted = false;
        touchedA = 0;
        touchedB = 0;
        _;
    }

    /// @notice What the handler drives: the guard, its Safe, the contracts the Safe controls and the actors.
    struct Setup {
        IManifestGuard guard;
        ISafe safe;
        address multiSendCallOnly;
        Target target;
        Target authority;
        AdminRegistry registry;
        AdminRegistry pausable;
        Actors actors;
        uint256[2] ownerKeys;
    }

    constructor(Setup memory setup) {
        IManifestGuard guard_ = setup.guard;
        guard = guard_;
        safe = setup.safe;
        multiSendCallOnly = setup.multiSendCallOnly;
        target = setup.target;
        authority = setup.authority;
        registry = setup.registry;
        pausable = setup.pausable;
        _maxLive = guard_.MAX_LIVE();
        _actors = setup.actors;
        uint256[2] memory ownerKeys = setup.ownerKeys;
        (_firstKey, _secondKey) =
            vm.addr(ownerKeys[0]) < vm.addr(ownerKeys[1]) ? (ownerKeys[0], ownerKeys[1]) : (ownerKeys[1], ownerKeys[0]);

        T.GuardConfig memory current = guard_.getConfig();
        _config = _modelOf(current);
        maxFreezeEver = current.maxFreeze;
        _syncedEpoch = uint32(guard_.configEpoch());
        _originalHandler =
            address(uint160(uint256(bytes32(setup.safe.getStorageAt(uint256(FALLBACK_HANDLER_SLOT), 1)))));
        homeChainId = block.chainid;
        _buildPool();
    }

    // ================================================================ actions

    /// @notice The configuration epoch as the chain stands (the guard's `configEpoch`).
    function epoch() public view returns (uint32) {
        return _syncedEpoch + (_handlerIsPausable != _syncedHandlerIsPausable ? 1 : 0);
    }

    /// @dev What a successful registration, approval or reclassification does first: synchronise the epoch with the
    ///      Safe's fallback handler.
    function _syncEpoch() private {
        _syncedEpoch = epoch();
        _syncedHandlerIsPausable = _handlerIsPausable;
    }

    /// @notice Registers a manifest of a random kind, 1-3 phases of 1-2 steps from the pool, sometimes privileged
    ///         (directly, inside a MultiSend batch or nested in a `multicall`/`upgradeToAndCall`), sometimes colliding
    ///         with live claims. Emergency manifests mostly call containment steps (the rest must be refused).
    function register(uint256 kindSeed, uint256 shapeSeed, uint256 windowSeed, bool privileged) external countCall {
        // Release 40%, Rollback 40%, Emergency 20%.
        uint256 k = kindSeed % 5;
        T.ManifestKind kind =
            k < 2 ? T.ManifestKind.Release : k < 4 ? T.ManifestKind.Rollback : T.ManifestKind.Emergency;
        bool contained = kind == T.ManifestKind.Emergency && (kindSeed >> 3) % 8 != 0;
        uint256 phaseCount = 1 + shapeSeed % 3;
        uint16[][] memory indices = new uint16[][](phaseCount);
        uint256 seed = shapeSeed >> 8;
        uint256 privilegedPhase = privileged ? seed % phaseCount : type(uint256).max;
        for (uint256 p; p < phaseCount; ++p) {
            seed = uint256(keccak256(abi.encode(seed, p)));
            uint256 steps = 1 + seed % 2;
            indices[p] = new uint16[](steps);
            for (uint256 s; s < steps; ++s) {
                uint256 pick = uint256(keccak256(abi.encode(seed, s)));
                uint256 index;
                if (p == privilegedPhase && s == steps - 1) index = _privilegedStart + pick % _privilegedCount;
                else if (contained) index = _containmentStart + pick % (_routineCount - _containmentStart);
                else index = pick % _routineCount;
                indices[p][s] = uint16(index);
            }
        }
        _register(kind, indices, windowSeed, kindSeed >> 8, 0);
    }

    /// @notice The configuration-change path: a manifest whose single step is `guard.configure(variant)`.
    function registerConfigChange(uint256 variantSeed, uint256 kindSeed, uint256 windowSeed) external countCall {
        if (variantSeed % 2 == 0) return;
        variantSeed >>= 1;
        // Mostly Release (needs a rollback) and Rollback; Emergency must be refused (privileged).
        uint256 k = kindSeed % 8;
        T.ManifestKind kind =
            k < 5 ? T.ManifestKind.Release : k < 7 ? T.ManifestKind.Rollback : T.ManifestKind.Emergency;
        uint16[][] memory indices = new uint16[][](1);
        indices[0] = new uint16[](1);
        indices[0][0] = uint16(_configStart + variantSeed % (_pool.length - _configStart));
        _register(kind, indices, windowSeed, kindSeed >> 8, 0);
    }

    /// @notice One to three approvals of a manifest, by distinct approvers (rarely by someone else): a registered one,
    ///         or one approved but not started whose approvals lapsed (or not). Like signers reviewing a release
    ///         package, the same approvers also approve a Release's Rollback when it still needs approvals.
    function approve(uint256 manifestSeed, uint256 approverSeed, uint256 countSeed) external countCall {
        if (_models.length == 0) return;
        uint256 m = _pickForApproval(manifestSeed);
        touchedA = uint32(m + 1);
        uint256 rollback;
        if (_models[m].kind == T.ManifestKind.Release) {
            rollback = _refOf[_models[m].rollbackId];
            if (rollback != 0 && !_needsApprovals(rollback - 1)) rollback = 0;
            touchedB = uint32(rollback);
        }
        uint256 count = countSeed % 4 == 0 ? 1 : 2 + countSeed % 2;
        for (uint256 i; i < count; ++i) {
            address who = _approverFor(approverSeed, i);
            if (rollback != 0) _approveAs(rollback - 1, who);
            _approveAs(m, who);
        }
    }

    /// @notice Anyone computes the lane of a registered (or approved, unstarted) manifest again under the current
    ///         configuration, with the manifest's full data (preferably one whose lane is stale).
    function reclassify(uint256 manifestSeed) external countCall {
        if (_models.length == 0) return;
        uint256 m = _pickStale(manifestSeed);
        ManifestModel storage model = _models[m];
        touchedA = uint32(m + 1);
        T.Manifest memory manifest = _manifestOf(m);
        if (guard.manifestId(manifest) != model.id) {
            _mismatch("reclassify: the handler rebuilt a different manifest");
            return;
        }
        bool privilegedSteps = _privilegedNow(m);
        bool expected = _approvable(model) && _classifiable(m, privilegedSteps);

        try guard.reclassify(manifest) returns (T.Lane lane) {
            _checkOutcome(expected, true, "reclassify");
            _syncEpoch();
            if (privilegedSteps && !model.privileged) {
                model.privileged = true;
                ++ghost_laneRises;
                uint64 earliest = uint64(block.timestamp) + _config.privilegedDelay;
                if (model.status == T.ManifestStatus.Approved && model.executableFrom < earliest) {
                    model.executableFrom = earliest;
                }
            }
            model.classifiedEpoch = epoch();
            ++ghost_reclassified;
            if ((lane == T.Lane.Privileged) != model.privileged) _mismatch("reclassify: the lane it returned");
        } catch {
            _checkOutcome(expected, false, "reclassify");
        }
    }

    /// @dev Routine manifests the model holds approved, unfinished and not retired: the guard's live list.
    function liveCount() public view returns (uint256 count) {
        for (uint256 i; i < _models.length; ++i) {
            if (_inLiveList(_models[i])) ++count;
        }
    }

    function _inLiveList(ManifestModel storage model) private view returns (bool) {
        return model.status == T.ManifestStatus.Approved && !model.privileged && !model.retired;
    }

    /// @dev Live manifests whose window has closed: what a full list lets go of.
    function _expiredLiveCount() private view returns (uint256 count) {
        for (uint256 i; i < _models.length; ++i) {
            if (_inLiveList(_models[i]) && _models[i].expiry < block.timestamp) ++count;
        }
    }

    function _retireExpiredModels() private {
        for (uint256 i; i < _models.length; ++i) {
            if (_inLiveList(_models[i]) && _models[i].expiry < block.timestamp) _models[i].retired = true;
        }
    }

    /// @dev The approval rule: an approver now, who did not approve yet, of a registered manifest or an approved one
    ///      that has not started, on its chain, with a current lane. Approvals count only while their approver is one;
    ///      the approval that brings them to the lane's threshold approves a registered manifest, and on an approved
    ///      one whose approvals had lapsed (the epoch changed since they last sufficed) restarts the lane's delay.
    function _approveAs(uint256 m, address who) private {
        ManifestModel storage model = _models[m];
        bool registered = model.status == T.ManifestStatus.Registered;
        uint16 required = _threshold(model.privileged);
        uint16 before = _countApprovals(m);
        bool expected = _isApprover(who) && _approvable(model) && model.chainId == block.chainid && !_approvedBy[m][who]
            && !_stale(model);
        bool lapsed = registered || (model.approvalEpoch != epoch() && before < required);
        // The routine approval that approves needs a place in the live list, made by retiring the expired ones when
        // it is full; privileged manifests need none.
        bool retire;
        if (expected && registered && !model.privileged && before + 1 >= required && liveCount() >= _maxLive) {
            if (liveCount() - _expiredLiveCount() >= _maxLive) expected = false;
            else retire = true;
        }

        vm.prank(who);
        try guard.approve(model.id) {
            _checkOutcome(expected, true, "approve");
            _syncEpoch();
            if (retire) _retireExpiredModels();
            _approvedBy[m][who] = true;
            model.approvals = _countApprovals(m);
            if (model.approvals < required) return;
            model.approvalEpoch = epoch();
            if (!lapsed) return;
            uint64 executableFrom = uint64(block.timestamp) + _delay(model.privileged);
            if (executableFrom < model.notBefore) executableFrom = model.notBefore;
            if (executableFrom < model.executableFrom) executableFrom = model.executableFrom;
            model.executableFrom = executableFrom;
            model.approvedAt = uint64(block.timestamp);
            if (registered) {
                model.status = T.ManifestStatus.Approved;
                ++ghost_approved;
            } else {
                ++ghost_lapsedMadeUp;
            }
        } catch {
            _checkOutcome(expected, false, "approve");
        }
    }

    /// @notice Cancels a manifest (an eighth of the calls, so that manifests also get to run).
    function cancel(uint256 manifestSeed, uint256 senderSeed) external countCall {
        if (_models.length == 0 || manifestSeed % 8 != 0) return;
        manifestSeed >>= 3;
        uint256 m = _pickWithStatus(manifestSeed, T.ManifestStatus.Registered);
        address who = senderSeed % 8 < 7 ? _actors.proposer : _outsider(senderSeed >> 8);
        ManifestModel storage model = _models[m];
        touchedA = uint32(m + 1);
        bool expected = who == _actors.proposer && model.status == T.ManifestStatus.Registered;

        vm.prank(who);
        try guard.cancel(model.id) {
            _checkOutcome(expected, true, "cancel");
            model.status = T.ManifestStatus.Cancelled;
            ++ghost_cancels;
        } catch {
            _checkOutcome(expected, false, "cancel");
        }
    }

    /// @notice A guardian halts a manifest, preferably an approved one (an eighth of the calls, so that manifests also
    ///         get to run).
    function halt(uint256 manifestSeed, uint256 senderSeed) external countCall {
        if (_models.length == 0 || manifestSeed % 8 != 0) return;
        manifestSeed >>= 3;
        uint256 m = _pickWithStatus(manifestSeed, T.ManifestStatus.Approved);
        address who = senderSeed % 8 < 7 ? _actors.guardian : _outsider(senderSeed >> 8);
        touchedA = uint32(m + 1);
        _haltAs(m, who);
    }

    /// @notice The rogue guardian (one call in 32, or it would end most campaigns early; the never-brick probe faces it
    ///         every time): halts every manifest it can and freezes the Safe whenever the cooldown lets it. Only the
    ///         approvers' `reinstate` (of privileged manifests) and `liftFreeze` answer it.
    function rogueGuardian(uint256 seed) external countCall {
        if (seed % 32 != 0) return;
        for (uint256 m; m < _models.length; ++m) {
            if (!_isOpen(_models[m].status)) continue;
            if (_haltAs(m, _actors.guardian)) {
                ++ghost_rogueHalts;
                if (touchedA == 0) touchedA = uint32(m + 1);
                else touchedB = uint32(m + 1);
            }
        }
        _freezeAs(_actors.guardian, _config.maxFreeze);
    }

    /// @dev The halt rule: a guardian, a registered or approved manifest that was never reinstated. A privileged
    ///      manifest's halt is a veto approvers can override once; a routine one's is final.
    function _haltAs(uint256 m, address who) private returns (bool halted) {
        ManifestModel storage model = _models[m];
        bool expected = who == _actors.guardian && _isOpen(model.status) && !model.reinstated;

        vm.prank(who);
        try guard.halt(model.id) {
            _checkOutcome(expected, true, "halt");
            model.haltedFrom = model.privileged ? model.status : T.ManifestStatus.None;
            model.status = T.ManifestStatus.Halted;
            ++ghost_halts;
            halted = true;
        } catch {
            _checkOutcome(expected, false, "halt");
        }
    }

    /// @notice One to three approvers vote to reinstate a halted manifest (preferably a reinstatable one).
    function reinstate(uint256 manifestSeed, uint256 approverSeed, uint256 countSeed) external countCall {
        if (_models.length == 0) return;
        uint256 m = _pickReinstatable(manifestSeed);
        touchedA = uint32(m + 1);
        uint256 count = 1 + countSeed % 3;
        for (uint256 i; i < count; ++i) {
            _reinstateAs(m, _approverFor(approverSeed, i));
        }
    }

    /// @dev The reinstatement rule: an approver now, who did not vote yet, for a privileged manifest a guardian halted
    ///      (not its rollback). At the privileged threshold of current approvers' votes it returns to the status it
    ///      was halted in; if that was Approved, its delay counts again from now.
    function _reinstateAs(uint256 m, address who) private {
        ManifestModel storage model = _models[m];
        bool expected = _isApprover(who) && model.status == T.ManifestStatus.Halted
            && model.haltedFrom != T.ManifestStatus.None && !_reinstateVoted[m][who];

        vm.prank(who);
        try guard.reinstate(model.id) {
            _checkOutcome(expected, true, "reinstate");
            _reinstateVoted[m][who] = true;
            if (_countVotes(_reinstateVoted[m]) < _config.privilegedThreshold) return;
            T.ManifestStatus back = model.haltedFrom;
            model.status = back;
            model.haltedFrom = T.ManifestStatus.None;
            model.reinstated = true;
            ++ghost_reinstated;
            if (back == T.ManifestStatus.Approved) {
                uint64 executableFrom = uint64(block.timestamp) + _config.privilegedDelay;
                if (executableFrom < model.notBefore) executableFrom = model.notBefore;
                model.executableFrom = executableFrom;
                model.approvedAt = uint64(block.timestamp);
            }
        } catch {
            _checkOutcome(expected, false, "reinstate");
        }
    }

    function attestContinue(uint256 manifestSeed, uint256 approverSeed, bool nextPhase) external countCall {
        if (_models.length == 0) return;
        uint256 m = _pickAwaitingGate(manifestSeed);
        ManifestModel storage model = _models[m];
        touchedA = uint32(m + 1);
        address who = approverSeed % 16 < 15 ? _actors.approvers[approverSeed % 4] : _outsider(approverSeed >> 8);
        uint256 phase = nextPhase ? uint256(model.phase) + 1 : model.phase;
        bool expected = _isApprover(who) && model.status == T.ManifestStatus.Approved && phase != 0
            && phase == model.phase && model.step == 0 && !model.gateOpen
            && block.timestamp >= model.phaseCompletedAt + minSoakOf[m][phase - 1];

        vm.prank(who);
        try guard.attestContinue(model.id, phase, keccak256(abi.encode(m, phase))) {
            _checkOutcome(expected, true, "attestContinue");
            model.gateOpen = true;
            attestedAt[m][phase] = uint64(block.timestamp);
            ++ghost_attests;
        } catch {
            _checkOutcome(expected, false, "attestContinue");
        }
    }

    /// @notice A guardian freezes the Safe (half of the calls), sometimes with a duration out of bounds.
    function freeze(uint256 durationSeed, uint256 senderSeed) external countCall {
        if (senderSeed % 2 == 0) return;
        senderSeed >>= 1;
        address who = senderSeed % 8 < 7 ? _actors.guardian : _outsider(senderSeed >> 8);
        // Mostly valid durations, sometimes 0 or longer than allowed.
        _freezeAs(who, uint64(_bound(durationSeed, 0, uint256(_config.maxFreeze) + 1 days)));
    }

    function _freezeAs(address who, uint64 duration) private {
        bool expected = who == _actors.guardian && duration != 0 && duration <= _config.maxFreeze
            && (freezeEndedAt == 0 || block.timestamp >= freezeEndedAt + _config.freezeCooldown);

        vm.prank(who);
        try guard.freeze(duration) {
            _checkOutcome(expected, true, "freeze");
            frozenUntil = uint64(block.timestamp) + duration;
            freezeEndedAt = frozenUntil;
            ++freezeEpoch;
            ++ghost_freezes;
        } catch {
            _checkOutcome(expected, false, "freeze");
        }
    }

    /// @notice An approver votes to lift the freeze; votes of current approvers count, up to the routine threshold.
    function liftFreeze(uint256 approverSeed) external countCall {
        address who = approverSeed % 16 < 15 ? _actors.approvers[approverSeed % 4] : _outsider(approverSeed >> 8);
        bool expected = _isApprover(who) && frozenUntil > block.timestamp && !_liftVoted[freezeEpoch][who];

        vm.prank(who);
        try guard.liftFreeze() {
            _checkOutcome(expected, true, "liftFreeze");
            _liftVoted[freezeEpoch][who] = true;
            if (_countVotes(_liftVoted[freezeEpoch]) >= _config.routineThreshold) {
                freezeEndedAt = uint64(block.timestamp);
                frozenUntil = 0;
                ++ghost_lifts;
            }
        } catch {
            _checkOutcome(expected, false, "liftFreeze");
        }
    }

    /// @notice Moves time forward by up to two hours, a day or four days (past delays, soaks, freezes and, sometimes,
    ///         expiries).
    function warp(uint256 secondsSeed) external countCall {
        uint256 scale = secondsSeed % 3;
        uint256 max = scale == 0 ? 2 hours : scale == 1 ? 1 days : 4 days;
        vm.warp(block.timestamp + _bound(secondsSeed >> 2, 1 minutes, max));
    }

    /// @notice Submits a Safe transaction: mostly the next step of some manifest by the executor, otherwise a step out
    ///         of order, an edited payload, a random target, a forbidden delegatecall, a refund, or another sender.
    function execute(uint256 manifestSeed, uint256 modeSeed, uint256 senderSeed) external countCall {
        Candidate memory c = _candidate(manifestSeed, modeSeed);
        uint256 who = senderSeed % 16;
        c.sender = who < 13
            ? _actors.executor
            : who == 13 ? _actors.stranger : who == 14 ? _actors.approvers[0] : _actors.owner;
        _execute(c);
    }

    /// @notice Changes the environment (half of the calls): moves to a fork of the chain (another chain id, same state)
    ///         or back, or swaps the Safe's fallback handler between its own and `pausable` (a new configuration epoch,
    ///         and calls to the handler are privileged), or the Safe installs a configuration variant (the effect of a
    ///         privileged manifest's `configure` step, which `registerConfigChange` also reaches the long way).
    function changeEnvironment(uint256 seed) external countCall {
        uint256 what = seed % 8;
        if (what == 0) {
            vm.chainId(block.chainid == homeChainId ? FORK_CHAIN_ID : homeChainId);
        } else if (what == 1 && _models.length != 0) {
            // Only after a first registration, which synchronised the guard with the handler the Safe started with.
            _handlerIsPausable = !_handlerIsPausable;
            address handler = _handlerIsPausable ? address(pausable) : _originalHandler;
            vm.store(address(safe), FALLBACK_HANDLER_SLOT, bytes32(uint256(uint160(handler))));
        } else if (what == 2 || what == 3) {
            uint256 k = (seed >> 3) % CONFIG_VARIANTS;
            T.GuardConfig memory variant = guardConfigVariant(k);
            vm.prank(address(safe));
            try guard.configure(variant) {
                _checkOutcome(k != CONFIG_VARIANTS - 1, true, "configure");
                _applyConfig(variant);
            } catch {
                _checkOutcome(k != CONFIG_VARIANTS - 1, false, "configure");
            }
        }
    }

    /// @notice The executor submits the next step of a manifest the model would let run (the progress driver: without
    ///         it random sequences rarely get a manifest through). Like a real executor it first waits, up to three
    ///         days, for a window, a rollback's window, a soak or a freeze to end.
    function executeNext(uint256 manifestSeed) external countCall {
        if (_models.length == 0) return;
        uint256 m = _pickExecutable(manifestSeed);
        ManifestModel storage model = _models[m];
        if (model.status != T.ManifestStatus.Approved) return;
        uint256 readyAt = _readyAt(m);
        if (readyAt > block.timestamp && readyAt <= block.timestamp + 3 days) vm.warp(readyAt);
        Candidate memory c = _fromStep(_pool[_stepsOf[m][model.phase][model.step]].step);
        c.sender = _actors.executor;
        _execute(c);
    }

    // ================================================================ views for the invariants

    function modelCount() external view returns (uint256) {
        return _models.length;
    }

    function modelAt(uint256 m) external view returns (ManifestModel memory) {
        return _models[m];
    }

    function configModel() external view returns (ConfigModel memory) {
        return _config;
    }

    function stepCount(uint256 m, uint256 phase) external view returns (uint256) {
        return _stepsOf[m][phase].length;
    }

    function logLength() external view returns (uint256) {
        return _log.length;
    }

    function logAt(uint256 i) external view returns (Execution memory) {
        return _log[i];
    }

    /// @notice The Safe transaction of step `(phase, step)` of model `m`.
    function stepOf(uint256 m, uint256 phase, uint256 step) external view returns (T.Step memory) {
        return _pool[_stepsOf[m][phase][step]].step;
    }

    /// @notice Whether model `m`'s steps are privileged under the configuration now (its lane once reclassified).
    function privilegedNow(uint256 m) external view returns (bool) {
        return _privilegedNow(m);
    }

    /// @notice The model's derived state of manifest `m` (what `manifestState` must answer).
    function derivedState(uint256 m) external view returns (DerivedState memory state) {
        ManifestModel storage model = _models[m];
        state.laneCurrent = !_stale(model);
        state.started = model.phase != 0 || model.step != 0;
        state.reinstatable = model.status == T.ManifestStatus.Halted && model.haltedFrom != T.ManifestStatus.None;
        state.approvals = _countApprovals(m);
        state.required = _threshold(model.privileged);
        Rejection why;
        if (model.status == T.ManifestStatus.Approved) (why,) = _gateRejection(m);
        else why = _statusRejection(model.status);
        state.open = why == Rejection.None;
        state.reason = _selectorOf(why);
        Rejection rollback;
        if (model.kind == T.ManifestKind.Release) {
            if (state.started) rollback = _rollbackRunRejection(m);
            else (rollback,) = _rollbackRejection(m);
        } else if (model.kind == T.ManifestKind.Rollback) {
            rollback = why;
        }
        state.rollbackReady = model.kind != T.ManifestKind.Emergency && rollback == Rejection.None;
        state.rollbackReason = _selectorOf(rollback);
    }

    function guardConfigVariant(uint256 k) public view returns (T.GuardConfig memory c) {
        c.proposers = _one(_actors.proposer);
        // Mostly the first three approvers; some variants swap the first for the fourth, some take all four.
        uint256 first = (k >> 3) & 1;
        uint256 count = k % 7 == 6 ? 4 : 3;
        if (count == 4) first = 0;
        c.approvers = new address[](count);
        for (uint256 i; i < count; ++i) {
            c.approvers[i] = _actors.approvers[first + i];
        }
        c.executors = _one(_actors.executor);
        c.guardians = _one(_actors.guardian);
        c.routineThreshold = uint8(1 + (k & 1));
        c.privilegedThreshold = uint8(2 + ((k >> 1) & 1));
        c.routineDelay = (k >> 2) & 1 == 1 ? 1 hours : 10 minutes;
        c.privilegedDelay = (k >> 2) & 1 == 1 ? 2 days : 1 days;
        c.maxFreeze = k & 1 == 1 ? 3 days : 1 days;
        c.freezeCooldown = (k >> 1) & 1 == 1 ? 2 days : 1 days;
        c.multiSendCallOnly = multiSendCallOnly;
        // Some variants make `registry` an authority: every call to it (nested ones too) is then privileged.
        c.authorities = k % 5 == 4 ? _two(address(authority), address(registry)) : _one(address(authority));
        c.privilegedSelectors = new bytes4[](1);
        c.privilegedSelectors[0] = AdminRegistry.setAdmin.selector;
        // The containment set: `pause()` alone (empty), `pause()` and `poke(uint256)`, or `poke(uint256)` alone.
        uint256 containment = k % 3;
        if (containment == 1) {
            c.containmentSelectors = new bytes4[](2);
            c.containmentSelectors[0] = AdminRegistry.pause.selector;
            c.containmentSelectors[1] = AdminRegistry.poke.selector;
        } else if (containment == 2) {
            c.containmentSelectors = new bytes4[](1);
            c.containmentSelectors[0] = AdminRegistry.poke.selector;
        }
        // The last variant cannot be installed: no privileged manifest could ever be approved under it.
        if (k == CONFIG_VARIANTS - 1) c.privilegedThreshold = 5;
    }

    // ================================================================ registration internals

    /// @dev Registers a manifest with the pool steps `indices`; its window comes from `windowSeed` unless `expiry` is set.
    function _register(
        T.ManifestKind kind,
        uint16[][] memory indices,
        uint256 windowSeed,
        uint256 rollbackSeed,
        uint64 expiry
    ) private returns (bool registered, bytes32 id) {
        T.Manifest memory manifest;
        manifest.kind = uint8(kind);
        uint32 ticket = uint32(++_tickets);
        manifest.ticket = string.concat("INV-", vm.toString(uint256(ticket)));
        // Sometimes a window that opens later, sometimes one that opened in the past; always a valid one.
        manifest.notBefore =
            uint64(block.timestamp) + uint64(windowSeed % 3 == 0 ? _bound(windowSeed >> 2, 0, 2 days) : 0);
        if (windowSeed % 5 == 1 && block.timestamp > 1 days) manifest.notBefore = uint64(block.timestamp - 1 days);
        // A quarter of the windows close within days (so some manifests expire), the rest within weeks.
        manifest.expiry = uint64(block.timestamp) + 2 days
            + uint64(
                windowSeed % 4 == 2
                    ? _bound(windowSeed >> 64, 1 hours, 3 days)
                    : _bound(windowSeed >> 64, 8 days, 40 days)
            );
        if (expiry != 0) manifest.expiry = expiry;
        manifest.evidence = keccak256(bytes(manifest.ticket));
        if (kind == T.ManifestKind.Release) manifest.rollback = _pickRollback(rollbackSeed, manifest.expiry);
        manifest.phases = new T.Phase[](indices.length);
        for (uint256 p; p < indices.length; ++p) {
            manifest.phases[p].steps = new T.Step[](indices[p].length);
            for (uint256 s; s < indices[p].length; ++s) {
                manifest.phases[p].steps[s] = _pool[indices[p][s]].step;
            }
            uint256 soak = uint256(keccak256(abi.encode(windowSeed, p))) % 3;
            manifest.phases[p].minSoak = soak == 0 ? 0 : soak == 1 ? 10 minutes : 1 days;
        }
        bool privileged = _privilegedUnderConfig(indices);

        id = guard.manifestId(manifest);
        bool expected = manifest.notBefore < manifest.expiry && manifest.expiry > block.timestamp
            && _registrationAllowed(id, kind, privileged, indices);
        vm.prank(_actors.proposer);
        try guard.register(manifest) returns (bytes32 returned) {
            _checkOutcome(expected && returned == id, true, "register");
            _syncEpoch();
            if (kind == T.ManifestKind.Emergency && privileged) ++privilegedEmergencies;
            _record(id, ticket, manifest, privileged, indices);
            registered = true;
        } catch {
            _checkOutcome(expected, false, "register");
        }
    }

    /// @dev Registration: a new id; an Emergency never privileged and calling only the containment set; every step
    ///      unclaimed by a live manifest (registered or approved, inside its window) and not twice in this one.
    function _registrationAllowed(bytes32 id, T.ManifestKind kind, bool privileged, uint16[][] memory indices)
        private
        view
        returns (bool)
    {
        if (_refOf[id] != 0) return false;
        if (kind == T.ManifestKind.Emergency && privileged) return false;
        for (uint256 p; p < indices.length; ++p) {
            for (uint256 s; s < indices[p].length; ++s) {
                if (kind == T.ManifestKind.Emergency && !_containedNow(indices[p][s])) return false;
                if (_heldByLive(_claimOf[_key(_pool[indices[p][s]].step)])) return false;
                // The same step twice in one manifest.
                for (uint256 q; q <= p; ++q) {
                    uint256 end = q == p ? s : indices[q].length;
                    for (uint256 r; r < end; ++r) {
                        if (indices[q][r] == indices[p][s]) return false;
                    }
                }
            }
        }
        return true;
    }

    function _record(bytes32 id, uint32 ticket, T.Manifest memory manifest, bool privileged, uint16[][] memory indices)
        private
    {
        uint256 m = _models.length;
        _models.push();
        ManifestModel storage model = _models[m];
        model.id = id;
        model.kind = T.ManifestKind(manifest.kind);
        model.privileged = privileged;
        model.status = T.ManifestStatus.Registered;
        model.ticket = ticket;
        model.classifiedEpoch = epoch();
        model.notBefore = manifest.notBefore;
        model.expiry = manifest.expiry;
        model.rollbackId = manifest.rollback;
        model.phaseCount = uint8(indices.length);
        model.chainId = uint64(block.chainid);
        _refOf[id] = uint32(m + 1);
        touchedA = uint32(m + 1);
        for (uint256 p; p < indices.length; ++p) {
            minSoakOf[m][p] = manifest.phases[p].minSoak;
            for (uint256 s; s < indices[p].length; ++s) {
                _stepsOf[m][p].push(indices[p][s]);
                _claimOf[_key(_pool[indices[p][s]].step)] =
                    StepRef({m: uint32(m + 1), phase: uint8(p), step: uint8(s), poolIndex: indices[p][s]});
            }
        }
        ++ghost_registered;
    }

    /// @dev The full manifest of model `m`, as it was registered (what `reclassify` takes).
    function _manifestOf(uint256 m) private view returns (T.Manifest memory manifest) {
        ManifestModel storage model = _models[m];
        manifest.kind = uint8(model.kind);
        manifest.ticket = string.concat("INV-", vm.toString(uint256(model.ticket)));
        manifest.notBefore = model.notBefore;
        manifest.expiry = model.expiry;
        manifest.rollback = model.rollbackId;
        manifest.evidence = keccak256(bytes(manifest.ticket));
        manifest.phases = new T.Phase[](model.phaseCount);
        for (uint256 p; p < model.phaseCount; ++p) {
            uint16[] storage indices = _stepsOf[m][p];
            manifest.phases[p].steps = new T.Step[](indices.length);
            for (uint256 s; s < indices.length; ++s) {
                manifest.phases[p].steps[s] = _pool[indices[s]].step;
            }
            manifest.phases[p].minSoak = minSoakOf[m][p];
        }
    }

    /// @dev Most of the time a registered Rollback, preferring a live, unstarted, unbound one that outlives `expiry`,
    ///      else (half of the time) a fresh one-step Rollback registered now, usually outliving `expiry`; otherwise an
    ///      id nobody registered (the release never starts).
    function _pickRollback(uint256 seed, uint64 expiry) private returns (bytes32) {
        if (seed % 16 == 0) return keccak256(abi.encode("unregistered rollback", seed));
        uint256 count = _models.length;
        bytes32 fallbackId;
        for (uint256 i; i < count; ++i) {
            ManifestModel storage candidate = _models[(seed % count + i) % count];
            if (candidate.kind != T.ManifestKind.Rollback) continue;
            if (fallbackId == 0) fallbackId = candidate.id;
            if (
                _isOpen(candidate.status) && candidate.phase == 0 && candidate.step == 0 && candidate.boundRelease == 0
                    && candidate.expiry >= expiry && candidate.chainId == block.chainid
            ) return candidate.id;
        }
        if (fallbackId != 0 && (seed >> 4) % 4 == 0) return fallbackId;
        uint16[][] memory indices = new uint16[][](1);
        indices[0] = new uint16[](1);
        indices[0][0] = _unclaimedRoutineStep(seed >> 8);
        // A quarter of the fresh rollbacks expire an hour before the release (which then cannot start).
        uint64 rollbackExpiry = (seed >> 4) % 4 == 0 ? expiry - 1 hours : expiry + uint64((seed >> 16) % 5 days);
        (bool registered, bytes32 id) = _register(T.ManifestKind.Rollback, indices, seed >> 24, 0, rollbackExpiry);
        return registered ? id : fallbackId != 0 ? fallbackId : keccak256(abi.encode("unregistered rollback", seed));
    }

    /// @dev A routine pool step no live manifest holds (scanning from a random offset), else a random one.
    function _unclaimedRoutineStep(uint256 seed) private view returns (uint16) {
        for (uint256 i; i < _routineCount; ++i) {
            uint256 index = (seed % _routineCount + i) % _routineCount;
            if (_pool[index].traits & FAILS != 0) continue;
            if (!_heldByLive(_claimOf[_key(_pool[index].step)])) return uint16(index);
        }
        return uint16(seed % _routineCount);
    }

    /// @dev Only live manifests hold steps: registered or approved, and inside their window.
    function _heldByLive(StepRef memory holder) private view returns (bool) {
        if (holder.m == 0) return false;
        ManifestModel storage model = _models[holder.m - 1];
        return _isOpen(model.status) && block.timestamp <= model.expiry;
    }

    // ================================================================ lanes and containment

    /// @dev Whether pool step `index` is privileged under the current configuration.
    function _privilegedStepNow(uint256 index) private view returns (bool) {
        uint8 traits = _pool[index].traits;
        return traits & PRIVILEGED != 0 || (_config.registryAuthority && traits & REGISTRY != 0)
            || (_handlerIsPausable && traits & PAUSABLE != 0);
    }

    function _privilegedUnderConfig(uint16[][] memory indices) private view returns (bool) {
        for (uint256 p; p < indices.length; ++p) {
            for (uint256 s; s < indices[p].length; ++s) {
                if (_privilegedStepNow(indices[p][s])) return true;
            }
        }
        return false;
    }

    /// @dev Whether model `m`'s steps are privileged under the current configuration.
    function _privilegedNow(uint256 m) private view returns (bool) {
        for (uint256 p; p < _models[m].phaseCount; ++p) {
            uint16[] storage indices = _stepsOf[m][p];
            for (uint256 s; s < indices.length; ++s) {
                if (_privilegedStepNow(indices[s])) return true;
            }
        }
        return false;
    }

    /// @dev Whether every call of pool step `index` is in the current containment set.
    function _containedNow(uint256 index) private view returns (bool) {
        uint8 traits = _pool[index].traits;
        return traits & CONTAINED != 0 && (traits & PAUSE == 0 || _config.containPause)
            && (traits & POKE == 0 || _config.containPoke);
    }

    /// @dev Whether `reclassify` can compute model `m`'s lane now: an Emergency must still be a containment path.
    function _classifiable(uint256 m, bool privileged) private view returns (bool) {
        if (_models[m].kind != T.ManifestKind.Emergency) return true;
        if (privileged) return false;
        for (uint256 p; p < _models[m].phaseCount; ++p) {
            uint16[] storage indices = _stepsOf[m][p];
            for (uint256 s; s < indices.length; ++s) {
                if (!_containedNow(indices[s])) return false;
            }
        }
        return true;
    }

    /// @dev A routine lane computed under an older configuration epoch (a privileged lane cannot rise further).
    function _stale(ManifestModel storage model) private view returns (bool) {
        return !model.privileged && model.classifiedEpoch != epoch();
    }

    // ================================================================ execution internals

    function _candidate(uint256 manifestSeed, uint256 modeSeed) private view returns (Candidate memory c) {
        // 0-10: the next step of a manifest (see below); 11-12: a step out of order; 13-16: an
        // edited payload, a switched operation or a refund; 17-19: any pool step or a random target.
        uint256 mode = modeSeed % 20;
        uint256 seed = modeSeed >> 8;
        if (_models.length == 0 || mode >= 17) {
            if (mode == 19 || _models.length == 0 && mode % 2 == 0) {
                // A random target with random calldata.
                c.to = address(uint160(uint256(keccak256(abi.encode(seed)))));
                c.data = abi.encodePacked(bytes4(uint32(seed)), seed);
                return c;
            }
            // Any pool step, registered or not.
            return _fromStep(_pool[seed % _pool.length].step);
        }
        // Half of the next-step attempts target a manifest the model would let run, half any manifest whatever its
        // state (not approved, halted, frozen, too early, expired, gate closed, rollback not ready, other chain),
        // one in five of those at a phase gate.
        uint256 m = mode < 6
            ? _pickExecutable(manifestSeed)
            : mode == 6 ? _pickAwaitingGate(manifestSeed) : manifestSeed % _models.length;
        (uint256 phase, uint256 step) = _nextPosition(m);
        if (mode >= 11 || phase == type(uint256).max) {
            // A step of this manifest out of order.
            phase = seed % _models[m].phaseCount;
            step = (seed >> 8) % _stepsOf[m][phase].length;
        }
        c = _fromStep(_pool[_stepsOf[m][phase][step]].step);
        if (mode == 13) {
            c.value += 1; // edited value
        } else if (mode == 14) {
            c.data = abi.encodePacked(c.data, bytes1(uint8(seed))); // edited payload
        } else if (mode == 15) {
            c.operation = c.operation == 0 ? 1 : 0; // call <-> delegatecall (to a non-MultiSend target: forbidden)
        } else if (mode == 16) {
            c.gasPrice = 1 + seed % 1 gwei; // a refund
        }
    }

    function _fromStep(T.Step memory step) private pure returns (Candidate memory c) {
        c.to = step.to;
        c.value = step.value;
        c.data = step.data;
        c.operation = step.operation;
    }

    /// @dev Predicts, explains, submits and compares: the model's rejection (reason by reason) against
    ///      `explainTransaction`, and the explanation against what the Safe transaction really did (the assembly
    ///      routine path and the full rules must agree on every call).
    function _execute(Candidate memory c) private {
        bytes32 key = keccak256(abi.encode(c.to, c.value, keccak256(c.data), c.operation));
        StepRef memory ref = _claimOf[key];
        (Rejection why, Rejection inner) = _rejection(c, ref);
        bool expected = why == Rejection.None;
        Execution memory entry = _preState(ref);

        if (!_explainAndSubmit(c, why, inner, ref)) {
            _checkOutcome(expected, false, "execTransaction");
            ++ghost_rejected;
            return;
        }
        if (!expected) ++unexpectedExecutions;
        _checkOutcome(expected, true, "execTransaction");
        if (ref.m == 0) return; // nothing to advance: `unexpectedExecutions` already fails the invariants
        _log.push(entry);
        lastCallExecuted = true;
        touchedA = ref.m;
        _applyExecution(key, ref);
    }

    /// @dev Asks `explainTransaction` first (compared with the model), then submits `c` and compares what happened
    ///      with the explanation. Whether it executed.
    function _explainAndSubmit(Candidate memory c, Rejection why, Rejection inner, StepRef memory ref)
        private
        returns (bool executed)
    {
        T.Verdict memory verdict = guard.explainTransaction(
            c.to, c.value, c.data, c.operation, c.gasPrice, address(0), address(0), c.sender
        );
        _compareVerdict(verdict, why, inner, ref);
        bytes memory revertData;
        (executed, revertData) = _submit(c);
        _compareWithExplanation(verdict, executed, revertData, why == Rejection.InnerCallFails);
    }

    /// @dev The model's rejection against the guard's own explanation: allowed or not, the error's selector (and for
    ///      a rollback not executable, the rollback's own error inside it), and the manifest holding the step.
    function _compareVerdict(T.Verdict memory verdict, Rejection why, Rejection inner, StepRef memory ref) private {
        ++ghost_explained;
        bool allowed = why == Rejection.None || why == Rejection.InnerCallFails;
        bytes4 reason = bytes4(verdict.reason);
        if (verdict.allowed != allowed || (!allowed && reason != _selectorOf(why))) {
            _mismatch(
                string.concat(
                    "explainTransaction: the model rejects with #",
                    vm.toString(uint256(why)),
                    " but the guard answers ",
                    vm.toString(bytes32(reason))
                )
            );
        } else if (why == Rejection.RollbackNotExecutable && _innerSelector(verdict.reason) != _selectorOf(inner)) {
            _mismatch(
                string.concat("explainTransaction: the rollback's own reason, model #", vm.toString(uint256(inner)))
            );
        }
        // The manifest holding the step is named whatever the rejection (a refund too).
        bytes32 holder = ref.m == 0 ? bytes32(0) : _models[ref.m - 1].id;
        if (verdict.manifestId != holder) _mismatch("explainTransaction: the manifest holding the step");
    }

    /// @dev The differential check: `explainTransaction` said what `checkTransaction` did. An allowed transaction
    ///      executed, unless its inner call failed after the guard let it through (`innerFails`: the Safe then reverts
    ///      with GS013 on 1.3.0/1.4.1 and with the inner call's own revert data on 1.5.0); a refused one reverted with
    ///      exactly the explained reason.
    function _compareWithExplanation(T.Verdict memory verdict, bool executed, bytes memory revertData, bool innerFails)
        private
    {
        if (verdict.allowed) {
            if (!executed && !innerFails) {
                _mismatch("differential: explainTransaction allows what checkTransaction refused");
            }
        } else if (executed) {
            _mismatch("differential: explainTransaction refuses what executed");
        } else if (keccak256(revertData) != keccak256(verdict.reason)) {
            _mismatch("differential: checkTransaction reverted with another reason than explainTransaction's");
        }
    }

    /// @dev Signs and submits `c` through the Safe: whether it executed, and its revert data if it did not.
    function _submit(Candidate memory c) private returns (bool executed, bytes memory revertData) {
        bytes memory signatures = _sign(c);
        vm.prank(c.sender);
        try safe.execTransaction(
            c.to, c.value, c.data, c.operation, 0, 0, c.gasPrice, address(0), payable(address(0)), signatures
        ) returns (
            bool success
        ) {
            executed = success;
        } catch (bytes memory reason) {
            revertData = reason;
        }
    }

    /// @notice Why the model rejects a Safe transaction (in `checkTransaction`'s order of rules).
    enum Rejection {
        None,
        Refund,
        Operation,
        NotExecutor,
        NoMatchingStep,
        NotApproved,
        Halted,
        Cancelled,
        Completed,
        OutOfOrder,
        WrongChain,
        Frozen,
        Expired,
        RollbackNotArmed,
        LaneStale,
        ApprovalsLapsed,
        TooEarly,
        RollbackNotReady,
        RollbackBound,
        RollbackExpiresFirst,
        RollbackNotExecutable,
        SoakNotElapsed,
        GateClosed,
        InnerCallFails
    }

    /// @dev The model's rule for `checkTransaction` + `checkAfterExecution` (no checks or conditions in the pool).
    ///      `inner` is the rollback's own rejection when a Release's rollback is not executable.
    function _rejection(Candidate memory c, StepRef memory ref) private view returns (Rejection, Rejection inner) {
        if (c.gasPrice != 0) return (Rejection.Refund, inner);
        if (c.operation != 0 && (c.operation != 1 || c.to != multiSendCallOnly)) return (Rejection.Operation, inner);
        if (c.sender != _actors.executor) return (Rejection.NotExecutor, inner);
        if (ref.m == 0) return (Rejection.NoMatchingStep, inner);
        ManifestModel storage model = _models[ref.m - 1];
        if (model.status != T.ManifestStatus.Approved) return (_statusRejection(model.status), inner);
        if (ref.phase != model.phase || ref.step != model.step) return (Rejection.OutOfOrder, inner);
        Rejection why;
        (why, inner) = _gateRejection(ref.m - 1);
        if (why != Rejection.None) return (why, inner);
        return (_pool[ref.poolIndex].traits & FAILS != 0 ? Rejection.InnerCallFails : Rejection.None, inner);
    }

    /// @dev The rules of an approved manifest's next step that do not depend on the payload or the sender.
    function _gateRejection(uint256 m) private view returns (Rejection, Rejection) {
        ManifestModel storage model = _models[m];
        if (model.chainId != block.chainid) return (Rejection.WrongChain, Rejection.None);
        if (frozenUntil > block.timestamp && model.kind == T.ManifestKind.Release) {
            return (Rejection.Frozen, Rejection.None);
        }
        if (block.timestamp > model.expiry) return (Rejection.Expired, Rejection.None);
        if (model.phase == 0 && model.step == 0) return _startRejection(m);
        // Every later step of a privileged manifest waits for its executable time (moved by a reinstatement).
        if (model.privileged && block.timestamp < model.executableFrom) return (Rejection.TooEarly, Rejection.None);
        if (model.step != 0) return (Rejection.None, Rejection.None);
        if (block.timestamp < model.phaseCompletedAt + minSoakOf[m][model.phase - 1]) {
            return (Rejection.SoakNotElapsed, Rejection.None);
        }
        if (!model.gateOpen) return (Rejection.GateClosed, Rejection.None);
        return (Rejection.None, Rejection.None);
    }

    /// @dev A manifest's first step: a Rollback only once its Release started (then at once, unless reinstated since);
    ///      any other its own terms; a Release's Rollback executable on its own terms.
    function _startRejection(uint256 m) private view returns (Rejection, Rejection) {
        ManifestModel storage model = _models[m];
        if (model.kind == T.ManifestKind.Rollback) {
            if (model.boundRelease == 0) return (Rejection.RollbackNotArmed, Rejection.None);
            // Armed: it runs at once (its terms held when its Release started), unless reinstated since.
            if (model.reinstated && block.timestamp < model.executableFrom) {
                return (Rejection.TooEarly, Rejection.None);
            }
            return (Rejection.None, Rejection.None);
        }
        Rejection terms = _termsRejection(m);
        if (terms != Rejection.None) return (terms, Rejection.None);
        if (model.kind == T.ManifestKind.Release) return _rollbackRejection(m);
        return (Rejection.None, Rejection.None);
    }

    /// @dev A manifest's own terms: its lane current, approvals of current approvers at its lane's threshold (counted
    ///      again only when the epoch changed since they last sufficed), its executable time.
    function _termsRejection(uint256 m) private view returns (Rejection) {
        ManifestModel storage model = _models[m];
        if (_stale(model)) return Rejection.LaneStale;
        if (model.approvalEpoch != epoch() && _countApprovals(m) < _threshold(model.privileged)) {
            return Rejection.ApprovalsLapsed;
        }
        if (block.timestamp < model.executableFrom) return Rejection.TooEarly;
        return Rejection.None;
    }

    /// @dev Rollback readiness: registered, a Rollback, Approved, unstarted, not bound to another release, outlasting
    ///      the release, and executable on its own terms now (`inner` says why not).
    function _rollbackRejection(uint256 m) private view returns (Rejection, Rejection inner) {
        ManifestModel storage model = _models[m];
        uint32 r = _refOf[model.rollbackId];
        if (r == 0) return (Rejection.RollbackNotReady, inner);
        ManifestModel storage rollback = _models[r - 1];
        if (
            rollback.kind != T.ManifestKind.Rollback || rollback.status != T.ManifestStatus.Approved
                || rollback.phase != 0 || rollback.step != 0
        ) return (Rejection.RollbackNotReady, inner);
        if (rollback.boundRelease != 0 && rollback.boundRelease != m + 1) return (Rejection.RollbackBound, inner);
        if (rollback.expiry < model.expiry) return (Rejection.RollbackExpiresFirst, inner);
        inner = _termsRejection(r - 1);
        if (inner != Rejection.None) return (Rejection.RollbackNotExecutable, inner);
        return (Rejection.None, inner);
    }

    /// @dev Whether a started Release's Rollback may run its next step now.
    function _rollbackRunRejection(uint256 m) private view returns (Rejection why) {
        uint32 r = _refOf[_models[m].rollbackId];
        T.ManifestStatus status = _models[r - 1].status;
        if (status != T.ManifestStatus.Approved) return _statusRejection(status);
        (why,) = _gateRejection(r - 1);
    }

    function _statusRejection(T.ManifestStatus status) private pure returns (Rejection) {
        if (status == T.ManifestStatus.Approved) return Rejection.None;
        if (status == T.ManifestStatus.Registered) return Rejection.NotApproved;
        if (status == T.ManifestStatus.Halted) return Rejection.Halted;
        if (status == T.ManifestStatus.Cancelled) return Rejection.Cancelled;
        return Rejection.Completed;
    }

    /// @dev The guard's error for each rejection (zero for none, and for the Safe's own refusal of a failed call).
    function _selectorOf(Rejection why) private pure returns (bytes4) {
        if (why == Rejection.Refund) return E.ManifestGuardRefundForbidden.selector;
        if (why == Rejection.Operation) return E.ManifestGuardDelegateCallForbidden.selector;
        if (why == Rejection.NotExecutor) return E.ManifestGuardNotExecutor.selector;
        if (why == Rejection.NoMatchingStep) return E.ManifestGuardNoMatchingStep.selector;
        if (why == Rejection.NotApproved) return E.ManifestGuardNotApproved.selector;
        if (why == Rejection.Halted) return E.ManifestGuardManifestHalted.selector;
        if (why == Rejection.Cancelled) return E.ManifestGuardManifestCancelled.selector;
        if (why == Rejection.Completed) return E.ManifestGuardInvalidStatus.selector;
        if (why == Rejection.OutOfOrder) return E.ManifestGuardStepOutOfOrder.selector;
        if (why == Rejection.WrongChain) return E.ManifestGuardWrongChain.selector;
        if (why == Rejection.Frozen) return E.ManifestGuardFrozen.selector;
        if (why == Rejection.Expired) return E.ManifestGuardExpired.selector;
        if (why == Rejection.RollbackNotArmed) return E.ManifestGuardRollbackNotArmed.selector;
        if (why == Rejection.LaneStale) return E.ManifestGuardLaneStale.selector;
        if (why == Rejection.ApprovalsLapsed) return E.ManifestGuardApprovalsLapsed.selector;
        if (why == Rejection.TooEarly) return E.ManifestGuardTooEarly.selector;
        if (why == Rejection.RollbackNotReady) return E.ManifestGuardRollbackNotReady.selector;
        if (why == Rejection.RollbackBound) return E.ManifestGuardRollbackBound.selector;
        if (why == Rejection.RollbackExpiresFirst) return E.ManifestGuardRollbackExpiresFirst.selector;
        if (why == Rejection.RollbackNotExecutable) return E.ManifestGuardRollbackNotExecutable.selector;
        if (why == Rejection.SoakNotElapsed) return E.ManifestGuardSoakNotElapsed.selector;
        if (why == Rejection.GateClosed) return E.ManifestGuardPhaseGateClosed.selector;
        return bytes4(0);
    }

    /// @dev The selector of the `bytes` argument of `ManifestGuardRollbackNotExecutable(bytes32,bytes32,bytes)`.
    function _innerSelector(bytes memory reason) private pure returns (bytes4 selector) {
        if (reason.length < 4 + 0x80 + 4) return bytes4(0);
        assembly ("memory-safe") {
            let args := add(reason, 0x24)
            let offset := mload(add(args, 0x40))
            selector := and(mload(add(add(args, offset), 0x20)), shl(224, 0xffffffff))
        }
    }

    /// @dev When the model's next step of `m` may run at the earliest, as far as time alone decides.
    function _readyAt(uint256 m) private view returns (uint256 readyAt) {
        ManifestModel storage model = _models[m];
        if (model.kind == T.ManifestKind.Release) readyAt = frozenUntil;
        if (model.phase == 0 && model.step == 0) {
            if (model.executableFrom > readyAt) readyAt = model.executableFrom;
            uint32 r = model.kind == T.ManifestKind.Release ? _refOf[model.rollbackId] : 0;
            if (r != 0 && _models[r - 1].executableFrom > readyAt) readyAt = _models[r - 1].executableFrom;
            return readyAt;
        }
        if (model.privileged && model.executableFrom > readyAt) readyAt = model.executableFrom;
        if (model.step == 0) {
            uint256 soaked = model.phaseCompletedAt + minSoakOf[m][model.phase - 1];
            if (soaked > readyAt) readyAt = soaked;
        }
    }

    function _preState(StepRef memory ref) private view returns (Execution memory entry) {
        entry.m = ref.m;
        entry.phase = ref.phase;
        entry.step = ref.step;
        entry.timestamp = uint64(block.timestamp);
        entry.frozen = frozenUntil > block.timestamp || guard.frozenUntil() > block.timestamp;
        entry.laneCurrent = true;
        entry.rollbackReady = true;
        entry.armed = true;
        if (ref.m == 0) return entry;
        uint256 m = ref.m - 1;
        ManifestModel storage model = _models[m];
        entry.kind = model.kind;
        entry.statusBefore = model.status;
        entry.expectedPhase = model.phase;
        entry.expectedStep = model.step;
        entry.executableFrom = model.executableFrom;
        entry.expiry = model.expiry;
        entry.laneCurrent = !_stale(model);
        entry.approvals = _countApprovals(m);
        entry.required = _threshold(model.privileged);
        if (model.kind == T.ManifestKind.Release) {
            (Rejection rollback,) = _rollbackRejection(m);
            entry.rollbackReady = rollback == Rejection.None;
        }
        if (model.kind == T.ManifestKind.Rollback) {
            entry.armed = model.boundRelease != 0;
            entry.reinstated = model.reinstated;
        }
    }

    function _applyExecution(bytes32 key, StepRef memory ref) private {
        uint256 m = ref.m - 1;
        ManifestModel storage model = _models[m];
        delete _claimOf[key];
        executedAt[m][ref.phase][ref.step] = _log.length;
        ++executions[m][ref.phase][ref.step];
        ++ghost_executed;
        if (_log[_log.length - 1].frozen) ++ghost_executedWhileFrozen;
        if (_pool[ref.poolIndex].step.operation == 1) ++ghost_batchesExecuted;
        if (model.kind == T.ManifestKind.Emergency) ++ghost_emergenciesExecuted;

        if (ref.phase == 0 && ref.step == 0) {
            if (model.kind == T.ManifestKind.Release) {
                uint32 r = _refOf[model.rollbackId];
                touchedB = r;
                ++ghost_releasesStarted;
                if (r != 0 && _models[r - 1].boundRelease == 0) _models[r - 1].boundRelease = ref.m;
            } else if (model.kind == T.ManifestKind.Rollback) {
                // A bound rollback halts its release, and makes a guardian's earlier halt of it final.
                touchedB = model.boundRelease;
                ManifestModel storage release = _models[model.boundRelease - 1];
                if (release.status == T.ManifestStatus.Approved) {
                    release.status = T.ManifestStatus.Halted;
                    ++ghost_rollbacksFired;
                }
                release.haltedFrom = T.ManifestStatus.None;
            }
        }
        if (ref.step + 1 < _stepsOf[m][ref.phase].length) {
            model.step = ref.step + 1;
        } else {
            completedAt[m][ref.phase] = uint64(block.timestamp);
            if (ref.phase + 1 == model.phaseCount) {
                model.status = T.ManifestStatus.Completed;
                ++ghost_completed;
            } else {
                model.phase = ref.phase + 1;
                model.step = 0;
                model.gateOpen = false;
                model.phaseCompletedAt = uint64(block.timestamp);
                ++ghost_phasesEntered;
            }
        }
        uint8 variant = _pool[ref.poolIndex].configVariant;
        if (variant != 0) {
            T.GuardConfig memory installed = guardConfigVariant(variant - 1);
            _applyConfig(installed);
            if (keccak256(abi.encode(guard.getConfig())) != keccak256(abi.encode(installed))) {
                _mismatch("configure: the installed configuration differs");
            }
        }
    }

    /// @dev A configuration installed: the model's rules read it from now on, in a new configuration epoch.
    function _applyConfig(T.GuardConfig memory c) private {
        _config = _modelOf(c);
        ++_syncedEpoch;
        if (c.maxFreeze > maxFreezeEver) maxFreezeEver = c.maxFreeze;
        ++ghost_configChanges;
    }

    function _modelOf(T.GuardConfig memory c) private view returns (ConfigModel memory model) {
        model.routineThreshold = c.routineThreshold;
        model.privilegedThreshold = c.privilegedThreshold;
        model.routineDelay = c.routineDelay;
        model.privilegedDelay = c.privilegedDelay;
        model.maxFreeze = c.maxFreeze;
        model.freezeCooldown = c.freezeCooldown;
        for (uint256 i; i < 4; ++i) {
            for (uint256 j; j < c.approvers.length; ++j) {
                if (c.approvers[j] == _actors.approvers[i]) model.approverMask |= uint8(1 << i);
            }
        }
        for (uint256 j; j < c.authorities.length; ++j) {
            if (c.authorities[j] == address(registry)) model.registryAuthority = true;
        }
        model.containPause = c.containmentSelectors.length == 0;
        for (uint256 j; j < c.containmentSelectors.length; ++j) {
            if (c.containmentSelectors[j] == AdminRegistry.pause.selector) model.containPause = true;
            if (c.containmentSelectors[j] == AdminRegistry.poke.selector) model.containPoke = true;
        }
    }

    /// @dev Two owner signatures, sorted by owner address as the Safe requires.
    function _sign(Candidate memory c) private view returns (bytes memory) {
        bytes32 txHash = safe.getTransactionHash(
            c.to, c.value, c.data, c.operation, 0, 0, c.gasPrice, address(0), address(0), safe.nonce()
        );
        (uint8 v1, bytes32 r1, bytes32 s1) = vm.sign(_firstKey, txHash);
        (uint8 v2, bytes32 r2, bytes32 s2) = vm.sign(_secondKey, txHash);
        return abi.encodePacked(r1, s1, v1, r2, s2, v2);
    }

    // ================================================================ picking

    /// @dev A manifest with `status`, scanning from a random offset; a random one if none has it.
    function _pickWithStatus(uint256 seed, T.ManifestStatus status) private view returns (uint256) {
        uint256 count = _models.length;
        for (uint256 i; i < count; ++i) {
            uint256 m = (seed % count + i) % count;
            if (_models[m].status == status) return m;
        }
        return seed % count;
    }

    /// @dev An eighth of the time a registered Rollback, an eighth an approved, unstarted manifest whose approvals
    ///      lapsed, an eighth any approved, unstarted one; else a registered Release or Emergency (a Release's approvers
    ///      approve its Rollback with it), else any registered manifest.
    function _pickForApproval(uint256 seed) private view returns (uint256) {
        uint256 mode = seed % 8;
        seed >>= 3;
        uint256 count = _models.length;
        for (uint256 i; i < count; ++i) {
            uint256 m = (seed % count + i) % count;
            ManifestModel storage model = _models[m];
            bool registered = model.status == T.ManifestStatus.Registered;
            bool rollback = model.kind == T.ManifestKind.Rollback;
            if (mode == 0 && registered && rollback) return m;
            if (mode == 1 && _lapsed(m)) return m;
            if (mode == 2 && model.status == T.ManifestStatus.Approved && model.phase == 0 && model.step == 0) {
                return m;
            }
            if (mode > 2 && registered && !rollback) return m;
        }
        return _pickWithStatus(seed, T.ManifestStatus.Registered);
    }

    /// @dev A manifest whose lane is stale (registered, or approved and unstarted), scanning from a random offset.
    function _pickStale(uint256 seed) private view returns (uint256) {
        uint256 count = _models.length;
        for (uint256 i; i < count; ++i) {
            uint256 m = (seed % count + i) % count;
            if (_approvable(_models[m]) && _stale(_models[m])) return m;
        }
        return seed % count;
    }

    /// @dev A privileged manifest a guardian halted that approvers may still reinstate, else a random one.
    function _pickReinstatable(uint256 seed) private view returns (uint256) {
        uint256 count = _models.length;
        for (uint256 i; i < count; ++i) {
            uint256 m = (seed % count + i) % count;
            if (_models[m].status == T.ManifestStatus.Halted && _models[m].haltedFrom != T.ManifestStatus.None) {
                return m;
            }
        }
        return seed % count;
    }

    /// @dev A manifest whose next step the model allows now, scanning from a random offset; else one that only waits
    ///      for its (or its rollback's) window, its soak or a freeze; else an Approved one that is not an unarmed Rollback
    ///      (the random `execute` still tries those); else a random one.
    function _pickExecutable(uint256 seed) private view returns (uint256) {
        uint256 count = _models.length;
        uint256 waiting = type(uint256).max;
        uint256 approved = type(uint256).max;
        for (uint256 i; i < count; ++i) {
            uint256 m = (seed % count + i) % count;
            ManifestModel storage model = _models[m];
            if (model.status != T.ManifestStatus.Approved) continue;
            bool unarmed = model.kind == T.ManifestKind.Rollback && model.boundRelease == 0;
            if (approved == type(uint256).max && !unarmed) approved = m;
            (Rejection why, Rejection inner) = _gateRejection(m);
            if (why == Rejection.None && _pool[_stepsOf[m][model.phase][model.step]].traits & FAILS == 0) return m;
            bool waits = why == Rejection.TooEarly || why == Rejection.SoakNotElapsed || why == Rejection.Frozen
                || (why == Rejection.RollbackNotExecutable && inner == Rejection.TooEarly);
            if (waits && waiting == type(uint256).max) waiting = m;
        }
        if (waiting != type(uint256).max) return waiting;
        return approved != type(uint256).max ? approved : seed % count;
    }

    /// @dev An approved manifest waiting at a phase gate, scanning from a random offset; else a random one.
    function _pickAwaitingGate(uint256 seed) private view returns (uint256) {
        uint256 count = _models.length;
        for (uint256 i; i < count; ++i) {
            uint256 m = (seed % count + i) % count;
            ManifestModel storage model = _models[m];
            if (model.status == T.ManifestStatus.Approved && model.phase != 0 && model.step == 0 && !model.gateOpen) {
                return m;
            }
        }
        return seed % count;
    }

    function _nextPosition(uint256 m) private view returns (uint256 phase, uint256 step) {
        ManifestModel storage model = _models[m];
        if (model.status == T.ManifestStatus.Completed) return (type(uint256).max, 0);
        return (model.phase, model.step);
    }

    /// @dev The `i`-th of several distinct voters: mostly the current approvers in turn from a random one, sometimes
    ///         any of the four approver accounts (one may not be an approver now), rarely someone else.
    function _approverFor(uint256 seed, uint256 i) private view returns (address) {
        uint256 draw = seed >> (8 * (i + 1));
        if (draw % 32 == 31) return _outsider(draw >> 5);
        if (draw % 32 >= 28) return _actors.approvers[(seed % 4 + i) % 4];
        uint256 skip = i;
        for (uint256 j; j < 8; ++j) {
            uint256 k = (seed % 4 + j) % 4;
            if (_config.approverMask & (1 << k) == 0) continue;
            if (skip == 0) return _actors.approvers[k];
            --skip;
        }
        return _actors.approvers[(seed % 4 + i) % 4];
    }

    function _outsider(uint256 seed) private view returns (address) {
        uint256 pick = seed % 4;
        if (pick == 0) return _actors.stranger;
        if (pick == 1) return _actors.executor;
        if (pick == 2) return _actors.owner;
        return seed % 8 < 4 ? _actors.proposer : _actors.guardian;
    }

    // ================================================================ small helpers

    function _checkOutcome(bool expected, bool actual, string memory action) private {
        if (expected == actual) return;
        _mismatch(
            string.concat(
                action,
                actual ? ": the guard allowed what the model rejects" : ": the guard rejected what the model allows"
            )
        );
    }

    function _mismatch(string memory what) private {
        if (mismatches++ == 0) firstMismatch = what;
    }

    function _isApprover(address who) private view returns (bool) {
        for (uint256 i; i < 4; ++i) {
            if (who == _actors.approvers[i]) return _config.approverMask & (1 << i) != 0;
        }
        return false;
    }

    /// @dev How many current approvers are marked in `votes`.
    function _countVotes(mapping(address => bool) storage votes) private view returns (uint16 count) {
        for (uint256 i; i < 4; ++i) {
            if (_config.approverMask & (1 << i) != 0 && votes[_actors.approvers[i]]) ++count;
        }
    }

    /// @dev Approvals of model `m` by accounts that are approvers now.
    function _countApprovals(uint256 m) private view returns (uint16) {
        return _countVotes(_approvedBy[m]);
    }

    /// @dev An approved manifest that has not started and whose approvals no longer reach its lane's threshold.
    function _lapsed(uint256 m) private view returns (bool) {
        ManifestModel storage model = _models[m];
        return model.status == T.ManifestStatus.Approved && model.phase == 0 && model.step == 0
            && model.approvalEpoch != epoch() && _countApprovals(m) < _threshold(model.privileged);
    }

    /// @dev Whether model `m` (a Release's rollback) still needs approvals: registered, or approved with lapsed ones.
    function _needsApprovals(uint256 m) private view returns (bool) {
        return _models[m].status == T.ManifestStatus.Registered || _lapsed(m);
    }

    /// @dev Registered, or approved and not started: what `approve` and `reclassify` accept.
    function _approvable(ManifestModel storage model) private view returns (bool) {
        return model.status == T.ManifestStatus.Registered
            || (model.status == T.ManifestStatus.Approved && model.phase == 0 && model.step == 0);
    }

    function _isOpen(T.ManifestStatus status) private pure returns (bool) {
        return status == T.ManifestStatus.Registered || status == T.ManifestStatus.Approved;
    }

    function _threshold(bool privileged) private view returns (uint16) {
        return privileged ? _config.privilegedThreshold : _config.routineThreshold;
    }

    function _delay(bool privileged) private view returns (uint64) {
        return privileged ? _config.privilegedDelay : _config.routineDelay;
    }

    function _key(T.Step memory step) private pure returns (bytes32) {
        return keccak256(abi.encode(step.to, step.value, keccak256(step.data), step.operation));
    }

    function _one(address a) private pure returns (address[] memory list) {
        list = new address[](1);
        list[0] = a;
    }

    function _two(address a, address b) private pure returns (address[] memory list) {
        list = new address[](2);
        list[0] = a;
        list[1] = b;
    }

    // ================================================================ the step pool

    function _buildPool() private {
        address t = address(target);
        address r = address(registry);
        address p = address(pausable);
        // Routine: plain calls, a value transfer, routine batches, calls nested in `multicall` and
        // `upgradeToAndCall`, and a call that always fails.
        for (uint256 v = 1; v <= 12; ++v) {
            _add(_call(t, 0, abi.encodeCall(Target.set, (v))), 0);
        }
        _add(_call(t, 1, abi.encodeCall(Target.set, (13))), 0);
        _add(_call(r, 0, abi.encodeCall(AdminRegistry.poke, (1))), REGISTRY | POKE | CONTAINED);
        _add(_batch(_call(t, 0, abi.encodeCall(Target.set, (14))), _call(t, 0, abi.encodeCall(Target.set, (15)))), 0);
        _add(
            _batch(_call(t, 0, abi.encodeCall(Target.set, (16))), _call(r, 0, abi.encodeCall(AdminRegistry.poke, (2)))),
            REGISTRY
        );
        _add(_call(t, 0, abi.encodeCall(Target.fail, (1))), FAILS);
        _add(
            _call(r, 0, _multicall(abi.encodeCall(AdminRegistry.poke, (3)), abi.encodeCall(AdminRegistry.poke, (4)))),
            REGISTRY
        );
        _add(_call(r, 0, _upgradeToAndCall(t, abi.encodeCall(AdminRegistry.poke, (5)))), REGISTRY);
        // Containment calls (also routine): `pause()` and `poke(uint256)`, alone and batched.
        _containmentStart = _pool.length;
        _add(_call(t, 0, abi.encodeCall(Target.pause, ())), PAUSE | CONTAINED);
        _add(_call(r, 0, abi.encodeCall(AdminRegistry.pause, ())), REGISTRY | PAUSE | CONTAINED);
        _add(_call(p, 0, abi.encodeCall(AdminRegistry.pause, ())), PAUSABLE | PAUSE | CONTAINED);
        _add(
            _batch(_call(t, 0, abi.encodeCall(Target.pause, ())), _call(p, 0, abi.encodeCall(AdminRegistry.pause, ()))),
            PAUSABLE | PAUSE | CONTAINED
        );
        _add(_call(r, 0, abi.encodeCall(AdminRegistry.poke, (7))), REGISTRY | POKE | CONTAINED);
        _add(_call(p, 0, abi.encodeCall(AdminRegistry.poke, (8))), PAUSABLE | POKE | CONTAINED);
        _add(
            _batch(
                _call(p, 0, abi.encodeCall(AdminRegistry.pause, ())),
                _call(p, 0, abi.encodeCall(AdminRegistry.poke, (9)))
            ),
            PAUSABLE | PAUSE | POKE | CONTAINED
        );
        _routineCount = _pool.length;

        // Privileged: a default selector, a configured selector, a configured authority, the Safe itself, the same
        // inside MultiSend batches next to a routine call, and nested in `multicall` and `upgradeToAndCall`.
        _privilegedStart = _pool.length;
        address s = address(safe);
        _add(_call(t, 0, abi.encodeCall(Target.transferOwnership, (_actors.stranger))), PRIVILEGED);
        _add(_call(r, 0, abi.encodeCall(AdminRegistry.setAdmin, (_actors.stranger))), PRIVILEGED | REGISTRY);
        _add(_call(address(authority), 0, abi.encodeCall(Target.set, (1))), PRIVILEGED);
        _add(_call(s, 0, abi.encodeCall(ISafe.changeThreshold, (2))), PRIVILEGED);
        _add(
            _batch(
                _call(t, 0, abi.encodeCall(Target.set, (17))),
                _call(t, 0, abi.encodeCall(Target.transferOwnership, (_actors.owner)))
            ),
            PRIVILEGED
        );
        _add(
            _batch(
                _call(t, 0, abi.encodeCall(Target.set, (18))),
                _call(address(authority), 0, abi.encodeCall(Target.set, (2)))
            ),
            PRIVILEGED
        );
        _add(
            _batch(
                _call(t, 0, abi.encodeCall(Target.set, (19))), _call(s, 0, abi.encodeCall(ISafe.changeThreshold, (2)))
            ),
            PRIVILEGED
        );
        _add(
            _batch(
                _call(r, 0, abi.encodeCall(AdminRegistry.setAdmin, (_actors.owner))),
                _call(t, 0, abi.encodeCall(Target.set, (20)))
            ),
            PRIVILEGED | REGISTRY
        );
        _add(
            _call(
                r,
                0,
                _multicall(
                    abi.encodeCall(AdminRegistry.poke, (6)), abi.encodeCall(AdminRegistry.setAdmin, (_actors.stranger))
                )
            ),
            PRIVILEGED | REGISTRY
        );
        _add(
            _call(r, 0, _upgradeToAndCall(t, abi.encodeCall(AdminRegistry.setAdmin, (_actors.owner)))),
            PRIVILEGED | REGISTRY
        );
        _add(
            _batch(
                _call(t, 0, abi.encodeCall(Target.set, (22))),
                _call(
                    r,
                    0,
                    _upgradeToAndCall(
                        t,
                        _multicall(
                            abi.encodeCall(AdminRegistry.poke, (10)),
                            abi.encodeCall(AdminRegistry.setAdmin, (_actors.guardian))
                        )
                    )
                )
            ),
            PRIVILEGED | REGISTRY
        );
        _privilegedCount = _pool.length - _privilegedStart;

        // Configuration changes (privileged: they call the guard); the last one can never be installed.
        _configStart = _pool.length;
        for (uint256 k; k < CONFIG_VARIANTS; ++k) {
            _pool.push(
                PoolStep({
                    step: _call(
                        address(guard), 0, abi.encodeCall(IManifestRegistration.configure, (guardConfigVariant(k)))
                    ),
                    traits: k == CONFIG_VARIANTS - 1 ? PRIVILEGED | FAILS : PRIVILEGED,
                    configVariant: uint8(k + 1)
                })
            );
        }
    }

    function _add(T.Step memory step, uint8 traits) private {
        _pool.push(PoolStep({step: step, traits: traits, configVariant: 0}));
    }

    function _call(address to, uint256 value, bytes memory data) private pure returns (T.Step memory) {
        return T.Step({to: to, value: value, operation: 0, data: data});
    }

    function _multicall(bytes memory a, bytes memory b) private pure returns (bytes memory) {
        bytes[] memory entries = new bytes[](2);
        entries[0] = a;
        entries[1] = b;
        return abi.encodeCall(AdminRegistry.multicall, (entries));
    }

    function _upgradeToAndCall(address implementation, bytes memory data) private pure returns (bytes memory) {
        return abi.encodeCall(AdminRegistry.upgradeToAndCall, (implementation, data));
    }

    function _batch(T.Step memory a, T.Step memory b) private view returns (T.Step memory) {
        bytes memory packed = abi.encodePacked(_packed(a), _packed(b));
        return T.Step({
            to: multiSendCallOnly, value: 0, operation: 1, data: abi.encodeWithSignature("multiSend(bytes)", packed)
        });
    }

    function _packed(T.Step memory call) private pure returns (bytes memory) {
        return abi.encodePacked(call.operation, call.to, call.value, call.data.length, call.data);
    }
}
