// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestRegistration} from "../../../src/interfaces/IManifestRegistration.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {ManifestGuard} from "../../../src/ManifestGuard.sol";
import {IManifestGuard} from "../../../src/interfaces/IManifestGuard.sol";
import {IManifestGuardTypes as T} from "../../../src/interfaces/IManifestGuardTypes.sol";
import {ISafe} from "../../utils/ISafe.sol";
import {Target} from "../../utils/Targets.sol";

/// @notice A contract with an authority-moving function under a team-specific selector (`setAdmin`, configured as
///         an extra privileged selector) and a harmless one (`poke`).
contract AdminRegistry {
    address public admin;
    uint256 public pokes;

    function setAdmin(address newAdmin) external {
        admin = newAdmin;
    }

    function poke(uint256 amount) external {
        pokes += amount;
    }
}

/// @notice Drives a ManifestGuard installed on a real Safe through random, bounded, never-reverting actions, and keeps
///         an independent model of what the guard must allow. Every Safe transaction that really executes is logged
///         with the model's pre-state, so the invariants can check it after the fact.
/// @dev The model is updated only from this handler's own rules and from actions that succeeded; the guard's views are
///      read only to compare (`ModelMismatch` counters and the consistency invariant), never to decide.
contract ManifestGuardHandler is CommonBase, StdCheats, StdUtils {
    // ------------------------------------------------------------ fixtures

    struct Actors {
        address proposer;
        address[3] approvers;
        address executor;
        address guardian;
        address stranger;
        address owner;
    }

    /// @dev A pool entry: the step, whether the lane rule makes it privileged, whether its inner call always fails,
    ///      and the configuration variant it installs (`configVariant - 1`; 0 for none).
    struct PoolStep {
        T.Step step;
        bool privileged;
        bool fails;
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
        bool privileged;
        T.ManifestStatus status;
        uint64 notBefore;
        uint64 expiry;
        bytes32 rollbackId;
        uint32 boundRelease;
        uint16 approvals;
        uint16 thresholdAtApproval;
        uint16 privilegedThresholdAtApproval;
        uint64 approvedAt;
        uint64 executableFrom;
        uint8 phaseCount;
        uint8 phase;
        uint8 step;
        bool gateOpen;
        uint64 phaseCompletedAt;
        uint64 registeredAt;
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
        bool startWaived;
        bool frozen;
        uint64 timestamp;
        uint64 executableFrom;
        uint64 expiry;
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

    Actors internal _actors;
    uint256 internal immutable _firstKey;
    uint256 internal immutable _secondKey;

    PoolStep[] internal _pool;
    uint256 internal _routineCount;
    uint256 internal _privilegedStart;
    uint256 internal _privilegedCount;
    uint256 internal _configStart;

    // ------------------------------------------------------------ model

    ManifestModel[] internal _models;
    mapping(uint256 m => mapping(uint256 phase => uint16[] poolIndices)) internal _stepsOf;
    mapping(uint256 m => mapping(uint256 phase => uint64)) public minSoakOf;
    mapping(uint256 m => mapping(uint256 phase => uint64)) public completedAt;
    mapping(uint256 m => mapping(uint256 phase => uint64)) public attestedAt;
    mapping(uint256 m => mapping(address approver => bool)) internal _approvedBy;
    mapping(uint256 m => mapping(uint256 phase => mapping(uint256 step => uint256))) public executions;
    mapping(uint256 m => mapping(uint256 phase => mapping(uint256 step => uint256 logPosition))) public executedAt;
    mapping(bytes32 key => StepRef) internal _claimOf;
    mapping(bytes32 id => uint32 m) internal _refOf;
    /// @dev Rollback manifests some registered Release names (`executeNext` keeps them for their release).
    mapping(uint256 m => bool) internal _namedByRelease;

    ConfigModel public config;
    uint64 public frozenUntil;
    uint64 public freezeEndedAt;
    uint256 public freezeEpoch;
    uint256 public liftVotes;
    mapping(uint256 epoch => mapping(address approver => bool)) internal _liftVoted;
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
    uint256 public ghost_cancels;
    uint256 public ghost_attests;
    uint256 public ghost_batchesExecuted;
    uint256 public ghost_releasesStarted;

    uint256 internal _tickets;

    /// @notice The chain the Safe lives on, and the id of a fork of it (`switchChain` moves between them).
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
        _actors = setup.actors;
        uint256[2] memory ownerKeys = setup.ownerKeys;
        (_firstKey, _secondKey) =
            vm.addr(ownerKeys[0]) < vm.addr(ownerKeys[1]) ? (ownerKeys[0], ownerKeys[1]) : (ownerKeys[1], ownerKeys[0]);

        T.GuardConfig memory current = guard_.getConfig();
        config = ConfigModel({
            routineThreshold: current.routineThreshold,
            privilegedThreshold: current.privilegedThreshold,
            routineDelay: current.routineDelay,
            privilegedDelay: current.privilegedDelay,
            maxFreeze: current.maxFreeze,
            freezeCooldown: current.freezeCooldown
        });
        maxFreezeEver = current.maxFreeze;
        homeChainId = block.chainid;
        _buildPool();
    }

    // ================================================================ actions

    /// @notice Registers a manifest of a random kind, 1-3 phases of 1-2 steps from the pool, sometimes privileged
    ///         (directly or inside a MultiSend batch), sometimes colliding with live claims.
    function register(uint256 kindSeed, uint256 shapeSeed, uint256 windowSeed, bool privileged) external countCall {
        // Release 40%, Rollback 40%, Emergency 20%.
        uint256 k = kindSeed % 5;
        T.ManifestKind kind =
            k < 2 ? T.ManifestKind.Release : k < 4 ? T.ManifestKind.Rollback : T.ManifestKind.Emergency;
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
                indices[p][s] = p == privilegedPhase && s == steps - 1
                    ? uint16(_privilegedStart + pick % _privilegedCount)
                    : uint16(pick % _routineCount);
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

    /// @notice One to three approvals of a registered manifest, by distinct approvers (rarely by someone else). Like
    ///         signers reviewing a release package, the same approvers also approve a Release's registered Rollback.
    function approve(uint256 manifestSeed, uint256 approverSeed, uint256 countSeed) external countCall {
        if (_models.length == 0) return;
        uint256 m = _pickForApproval(manifestSeed);
        touchedA = uint32(m + 1);
        uint256 rollback;
        if (_models[m].kind == T.ManifestKind.Release) {
            rollback = _refOf[_models[m].rollbackId];
            if (rollback != 0 && _models[rollback - 1].status != T.ManifestStatus.Registered) rollback = 0;
            touchedB = uint32(rollback);
        }
        uint256 count = 1 + countSeed % 3;
        for (uint256 i; i < count; ++i) {
            uint256 seed = approverSeed >> (8 * i);
            address who = seed % 32 < 31 ? _actors.approvers[(approverSeed % 3 + i) % 3] : _outsider(seed >> 5);
            if (rollback != 0) _approveAs(rollback - 1, who);
            _approveAs(m, who);
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

    function _approveAs(uint256 m, address who) private {
        ManifestModel storage model = _models[m];
        bool expected = _isApprover(who) && model.status == T.ManifestStatus.Registered
            && model.chainId == block.chainid && !_approvedBy[m][who];
        // The routine approval that reaches the threshold needs a place in the live list, made by retiring the
        // expired ones when it is full; privileged manifests need none.
        bool retire;
        if (
            expected && !model.privileged && model.approvals + 1 >= _threshold(false)
                && liveCount() >= ManifestGuard(address(guard)).MAX_LIVE()
        ) {
            if (liveCount() - _expiredLiveCount() >= ManifestGuard(address(guard)).MAX_LIVE()) expected = false;
            else retire = true;
        }

        vm.prank(who);
        try guard.approve(model.id) {
            _checkOutcome(expected, true, "approve");
            if (retire) _retireExpiredModels();
            _approvedBy[m][who] = true;
            ++model.approvals;
            uint16 required = _threshold(model.privileged);
            if (model.approvals >= required && model.status == T.ManifestStatus.Registered) {
                uint64 delay = model.privileged ? config.privilegedDelay : config.routineDelay;
                uint64 earliest = uint64(block.timestamp) + delay;
                model.status = T.ManifestStatus.Approved;
                model.approvedAt = uint64(block.timestamp);
                model.executableFrom = model.notBefore > earliest ? model.notBefore : earliest;
                model.thresholdAtApproval = required;
                model.privilegedThresholdAtApproval = config.privilegedThreshold;
                ++ghost_approved;
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
        ManifestModel storage model = _models[m];
        touchedA = uint32(m + 1);
        bool expected = who == _actors.guardian
            && (model.status == T.ManifestStatus.Registered || model.status == T.ManifestStatus.Approved);

        vm.prank(who);
        try guard.halt(model.id) {
            _checkOutcome(expected, true, "halt");
            model.status = T.ManifestStatus.Halted;
            ++ghost_halts;
        } catch {
            _checkOutcome(expected, false, "halt");
        }
    }

    function attestContinue(uint256 manifestSeed, uint256 approverSeed, bool nextPhase) external countCall {
        if (_models.length == 0) return;
        uint256 m = _pickAwaitingGate(manifestSeed);
        ManifestModel storage model = _models[m];
        touchedA = uint32(m + 1);
        address who = approverSeed % 16 < 15 ? _actors.approvers[approverSeed % 3] : _outsider(approverSeed >> 8);
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
        uint64 duration = uint64(_bound(durationSeed, 0, uint256(config.maxFreeze) + 1 days));
        bool expected = who == _actors.guardian && duration != 0 && duration <= config.maxFreeze
            && (freezeEndedAt == 0 || block.timestamp >= freezeEndedAt + config.freezeCooldown);

        vm.prank(who);
        try guard.freeze(duration) {
            _checkOutcome(expected, true, "freeze");
            frozenUntil = uint64(block.timestamp) + duration;
            freezeEndedAt = frozenUntil;
            ++freezeEpoch;
            liftVotes = 0;
            ++ghost_freezes;
        } catch {
            _checkOutcome(expected, false, "freeze");
        }
    }

    function liftFreeze(uint256 approverSeed) external countCall {
        address who = approverSeed % 16 < 15 ? _actors.approvers[approverSeed % 3] : _outsider(approverSeed >> 8);
        bool expected = _isApprover(who) && frozenUntil > block.timestamp && !_liftVoted[freezeEpoch][who];

        vm.prank(who);
        try guard.liftFreeze() {
            _checkOutcome(expected, true, "liftFreeze");
            _liftVoted[freezeEpoch][who] = true;
            if (++liftVotes >= config.routineThreshold) {
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

    /// @notice Moves to a fork of the chain (another chain id, same state) or back (a quarter of the calls): manifests
    ///         are bound to the chain id they were registered on.
    function switchChain(uint256 seed) external countCall {
        if (seed % 4 != 0) return;
        vm.chainId(block.chainid == homeChainId ? FORK_CHAIN_ID : homeChainId);
    }

    /// @notice The executor submits the next step of a manifest the model would let run (the progress driver: without
    ///         it random sequences rarely get a manifest through). Like a real executor it first waits, up to three
    ///         days, for a window or soak that has not opened yet.
    function executeNext(uint256 manifestSeed) external countCall {
        if (_models.length == 0) return;
        uint256 m = _pickExecutable(manifestSeed);
        ManifestModel storage model = _models[m];
        if (model.status != T.ManifestStatus.Approved) return;
        uint256 readyAt;
        if (model.step == 0 && model.phase == 0 && !_startWaived(model)) readyAt = model.executableFrom;
        if (model.step == 0 && model.phase != 0) readyAt = model.phaseCompletedAt + minSoakOf[m][model.phase - 1];
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

    function guardConfigVariant(uint256 k) public view returns (T.GuardConfig memory c) {
        c.proposers = _one(_actors.proposer);
        c.approvers = new address[](3);
        for (uint256 i; i < 3; ++i) {
            c.approvers[i] = _actors.approvers[i];
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
        c.authorities = _one(address(authority));
        c.privilegedSelectors = new bytes4[](1);
        c.privilegedSelectors[0] = AdminRegistry.setAdmin.selector;
        // Variant 8 cannot be installed: no privileged manifest could ever be approved under it.
        if (k == 8) c.privilegedThreshold = 4;
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
        manifest.ticket = string.concat("INV-", vm.toString(++_tickets));
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
        bool privileged;
        for (uint256 p; p < indices.length; ++p) {
            manifest.phases[p].steps = new T.Step[](indices[p].length);
            for (uint256 s; s < indices[p].length; ++s) {
                manifest.phases[p].steps[s] = _pool[indices[p][s]].step;
                privileged = privileged || _pool[indices[p][s]].privileged;
            }
            uint256 soak = uint256(keccak256(abi.encode(windowSeed, p))) % 3;
            manifest.phases[p].minSoak = soak == 0 ? 0 : soak == 1 ? 10 minutes : 1 days;
        }

        id = guard.manifestId(manifest);
        bool expected = manifest.notBefore < manifest.expiry && manifest.expiry > block.timestamp
            && _registrationAllowed(id, kind, privileged, indices);
        vm.prank(_actors.proposer);
        try guard.register(manifest) returns (bytes32 returned) {
            _checkOutcome(expected && returned == id, true, "register");
            if (kind == T.ManifestKind.Emergency && privileged) ++privilegedEmergencies;
            _record(id, manifest, privileged, indices);
            registered = true;
        } catch {
            _checkOutcome(expected, false, "register");
        }
    }

    function _registrationAllowed(bytes32 id, T.ManifestKind kind, bool privileged, uint16[][] memory indices)
        private
        view
        returns (bool)
    {
        if (_refOf[id] != 0) return false;
        if (kind == T.ManifestKind.Emergency && privileged) return false;
        for (uint256 p; p < indices.length; ++p) {
            for (uint256 s; s < indices[p].length; ++s) {
                bytes32 key = _key(_pool[indices[p][s]].step);
                StepRef memory holder = _claimOf[key];
                if (holder.m != 0 && _isLive(_models[holder.m - 1].status)) return false;
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

    function _record(bytes32 id, T.Manifest memory manifest, bool privileged, uint16[][] memory indices) private {
        uint256 m = _models.length;
        _models.push();
        ManifestModel storage model = _models[m];
        model.id = id;
        model.kind = T.ManifestKind(manifest.kind);
        model.privileged = privileged;
        model.status = T.ManifestStatus.Registered;
        model.notBefore = manifest.notBefore;
        model.expiry = manifest.expiry;
        model.rollbackId = manifest.rollback;
        model.phaseCount = uint8(indices.length);
        model.registeredAt = uint64(block.timestamp);
        model.chainId = uint64(block.chainid);
        _refOf[id] = uint32(m + 1);
        touchedA = uint32(m + 1);
        uint32 rollback = _refOf[manifest.rollback];
        if (manifest.kind == uint8(T.ManifestKind.Release) && rollback != 0) _namedByRelease[rollback - 1] = true;
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
                _isLive(candidate.status) && candidate.phase == 0 && candidate.step == 0 && candidate.boundRelease == 0
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
            if (_pool[index].fails) continue;
            StepRef memory holder = _claimOf[_key(_pool[index].step)];
            if (holder.m == 0 || !_isLive(_models[holder.m - 1].status)) return uint16(index);
        }
        return uint16(seed % _routineCount);
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

    function _execute(Candidate memory c) private {
        bytes32 key = keccak256(abi.encode(c.to, c.value, keccak256(c.data), c.operation));
        StepRef memory ref = _claimOf[key];
        bool expected = _executionAllowed(c, ref);
        Execution memory entry = _preState(ref);

        if (!_submit(c)) {
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

    /// @dev Signs and submits `c` through the Safe; whether it executed (a Safe that returns false did not).
    function _submit(Candidate memory c) private returns (bool) {
        bytes memory signatures = _sign(c);
        vm.prank(c.sender);
        try safe.execTransaction(
            c.to, c.value, c.data, c.operation, 0, 0, c.gasPrice, address(0), payable(address(0)), signatures
        ) returns (
            bool success
        ) {
            return success;
        } catch {
            return false;
        }
    }

    /// @dev The model's rule for `checkTransaction` + `checkAfterExecution` (no checks or conditions in the pool).
    function _executionAllowed(Candidate memory c, StepRef memory ref) private view returns (bool) {
        return _rejection(c, ref) == Rejection.None;
    }

    /// @notice Why the model rejects a Safe transaction (in `checkTransaction`'s order of rules).
    enum Rejection {
        None,
        Refund,
        Operation,
        NotExecutor,
        NoMatchingStep,
        NotApproved,
        OutOfOrder,
        WrongChain,
        Frozen,
        Expired,
        TooEarly,
        RollbackNotReady,
        RollbackExpiresFirst,
        SoakNotElapsed,
        GateClosed,
        InnerCallFails
    }

    function _rejection(Candidate memory c, StepRef memory ref) private view returns (Rejection) {
        if (c.gasPrice != 0) return Rejection.Refund;
        if (c.operation != 0 && (c.operation != 1 || c.to != multiSendCallOnly)) return Rejection.Operation;
        if (c.sender != _actors.executor) return Rejection.NotExecutor;
        if (ref.m == 0) return Rejection.NoMatchingStep;
        ManifestModel storage model = _models[ref.m - 1];
        if (model.status != T.ManifestStatus.Approved) return Rejection.NotApproved;
        if (ref.phase != model.phase || ref.step != model.step) return Rejection.OutOfOrder;
        if (model.chainId != block.chainid) return Rejection.WrongChain;
        if (frozenUntil > block.timestamp && model.kind == T.ManifestKind.Release) return Rejection.Frozen;
        if (block.timestamp > model.expiry) return Rejection.Expired;
        if (ref.step == 0) {
            if (ref.phase == 0) {
                if (!_startWaived(model) && block.timestamp < model.executableFrom) return Rejection.TooEarly;
                if (model.kind == T.ManifestKind.Release) {
                    Rejection rollback = _rollbackRejection(ref.m, model);
                    if (rollback != Rejection.None) return rollback;
                }
            } else {
                if (block.timestamp < model.phaseCompletedAt + minSoakOf[ref.m - 1][ref.phase - 1]) {
                    return Rejection.SoakNotElapsed;
                }
                if (!model.gateOpen) return Rejection.GateClosed;
            }
        }
        return _pool[ref.poolIndex].fails ? Rejection.InnerCallFails : Rejection.None;
    }

    /// @notice Why the model would reject the next step of model `m` by the executor now (`None`: it would run).
    function nextStepRejection(uint256 m) external view returns (Rejection) {
        ManifestModel storage model = _models[m];
        if (model.status != T.ManifestStatus.Approved) return Rejection.NotApproved;
        uint16 poolIndex = _stepsOf[m][model.phase][model.step];
        Candidate memory c = _fromStep(_pool[poolIndex].step);
        c.sender = _actors.executor;
        return _rejection(c, StepRef({m: uint32(m + 1), phase: model.phase, step: model.step, poolIndex: poolIndex}));
    }

    function _startWaived(ManifestModel storage model) private view returns (bool) {
        return model.kind == T.ManifestKind.Rollback && model.boundRelease != 0;
    }

    /// @dev Rollback readiness: registered, a Rollback, Approved, unstarted, not bound to another release, and its
    ///      window outlasts the release's.
    function _rollbackRejection(uint32 release, ManifestModel storage model) private view returns (Rejection) {
        uint32 r = _refOf[model.rollbackId];
        if (r == 0) return Rejection.RollbackNotReady;
        ManifestModel storage rollback = _models[r - 1];
        if (
            rollback.kind != T.ManifestKind.Rollback || rollback.status != T.ManifestStatus.Approved
                || rollback.phase != 0 || rollback.step != 0
        ) return Rejection.RollbackNotReady;
        if (rollback.boundRelease != 0 && rollback.boundRelease != release) return Rejection.RollbackNotReady;
        if (rollback.expiry < model.expiry) return Rejection.RollbackExpiresFirst;
        return Rejection.None;
    }

    function _preState(StepRef memory ref) private view returns (Execution memory entry) {
        entry.m = ref.m;
        entry.phase = ref.phase;
        entry.step = ref.step;
        entry.timestamp = uint64(block.timestamp);
        entry.frozen = frozenUntil > block.timestamp || guard.frozenUntil() > block.timestamp;
        if (ref.m == 0) return entry;
        ManifestModel storage model = _models[ref.m - 1];
        entry.kind = model.kind;
        entry.statusBefore = model.status;
        entry.expectedPhase = model.phase;
        entry.expectedStep = model.step;
        entry.startWaived = _startWaived(model);
        entry.executableFrom = model.executableFrom;
        entry.expiry = model.expiry;
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

        if (ref.phase == 0 && ref.step == 0) {
            if (model.kind == T.ManifestKind.Release) {
                uint32 r = _refOf[model.rollbackId];
                touchedB = r;
                ++ghost_releasesStarted;
                if (r != 0 && _models[r - 1].boundRelease == 0) _models[r - 1].boundRelease = ref.m;
            } else if (model.kind == T.ManifestKind.Rollback && model.boundRelease != 0) {
                touchedB = model.boundRelease;
                ManifestModel storage release = _models[model.boundRelease - 1];
                if (release.status == T.ManifestStatus.Approved) {
                    release.status = T.ManifestStatus.Halted;
                    ++ghost_rollbacksFired;
                }
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
                _checkOutcome(true, false, "configure (the installed configuration differs)");
            }
        }
    }

    function _applyConfig(T.GuardConfig memory c) private {
        config = ConfigModel({
            routineThreshold: c.routineThreshold,
            privilegedThreshold: c.privilegedThreshold,
            routineDelay: c.routineDelay,
            privilegedDelay: c.privilegedDelay,
            maxFreeze: c.maxFreeze,
            freezeCooldown: c.freezeCooldown
        });
        if (c.maxFreeze > maxFreezeEver) maxFreezeEver = c.maxFreeze;
        ++ghost_configChanges;
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

    /// @dev Half of the time a registered Rollback (releases wait for theirs), else any registered manifest.
    function _pickForApproval(uint256 seed) private view returns (uint256) {
        if (seed % 2 == 0) {
            uint256 count = _models.length;
            for (uint256 i; i < count; ++i) {
                uint256 m = ((seed >> 1) % count + i) % count;
                ManifestModel storage model = _models[m];
                if (model.status == T.ManifestStatus.Registered && model.kind == T.ManifestKind.Rollback) return m;
            }
        }
        return _pickWithStatus(seed >> 1, T.ManifestStatus.Registered);
    }

    /// @dev A manifest whose next step the model allows now, scanning from a random offset; else one that only waits
    ///      for its window or soak; else an Approved one; else a random one.
    function _pickExecutable(uint256 seed) private view returns (uint256) {
        uint256 count = _models.length;
        uint256 waiting = type(uint256).max;
        uint256 approved = type(uint256).max;
        for (uint256 i; i < count; ++i) {
            uint256 m = (seed % count + i) % count;
            ManifestModel storage model = _models[m];
            if (model.status != T.ManifestStatus.Approved) continue;
            // An unbound Rollback a release is counting on would be used up: keep it (random `execute` still tries).
            bool reserved = model.kind == T.ManifestKind.Rollback && model.boundRelease == 0 && _namedByRelease[m];
            if (approved == type(uint256).max && !reserved) approved = m;
            uint16 poolIndex = _stepsOf[m][model.phase][model.step];
            Candidate memory c = _fromStep(_pool[poolIndex].step);
            c.sender = _actors.executor;
            Rejection why =
                _rejection(c, StepRef({m: uint32(m + 1), phase: model.phase, step: model.step, poolIndex: poolIndex}));
            if (why == Rejection.None && !reserved) return m;
            if (
                (why == Rejection.TooEarly || why == Rejection.SoakNotElapsed) && !reserved
                    && waiting == type(uint256).max
            ) {
                waiting = m;
            }
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
        if (mismatches++ == 0) {
            firstMismatch = string.concat(
                action,
                actual ? ": the guard allowed what the model rejects" : ": the guard rejected what the model allows"
            );
        }
    }

    function _isApprover(address who) private view returns (bool) {
        return who == _actors.approvers[0] || who == _actors.approvers[1] || who == _actors.approvers[2];
    }

    function _isLive(T.ManifestStatus status) private pure returns (bool) {
        return status == T.ManifestStatus.Registered || status == T.ManifestStatus.Approved;
    }

    function _threshold(bool privileged) private view returns (uint16) {
        return privileged ? config.privilegedThreshold : config.routineThreshold;
    }

    function _key(T.Step memory step) private pure returns (bytes32) {
        return keccak256(abi.encode(step.to, step.value, keccak256(step.data), step.operation));
    }

    function _one(address a) private pure returns (address[] memory list) {
        list = new address[](1);
        list[0] = a;
    }

    // ================================================================ the step pool

    function _buildPool() private {
        address t = address(target);
        // Routine: plain calls, a value transfer, routine batches, and a call that always fails.
        for (uint256 v = 1; v <= 12; ++v) {
            _add(_call(t, 0, abi.encodeCall(Target.set, (v))), false, false, 0);
        }
        _add(_call(t, 1, abi.encodeCall(Target.set, (13))), false, false, 0);
        _add(_call(t, 0, abi.encodeCall(Target.pause, ())), false, false, 0);
        _add(_call(address(registry), 0, abi.encodeCall(AdminRegistry.poke, (1))), false, false, 0);
        _add(
            _batch(_call(t, 0, abi.encodeCall(Target.set, (14))), _call(t, 0, abi.encodeCall(Target.set, (15)))),
            false,
            false,
            0
        );
        _add(
            _batch(
                _call(t, 0, abi.encodeCall(Target.set, (16))),
                _call(address(registry), 0, abi.encodeCall(AdminRegistry.poke, (2)))
            ),
            false,
            false,
            0
        );
        _add(_call(t, 0, abi.encodeCall(Target.fail, (1))), false, true, 0);
        _routineCount = _pool.length;

        // Privileged: a default selector, a configured selector, a configured authority, the Safe itself, and the
        // same inside MultiSend batches next to a routine call.
        _privilegedStart = _pool.length;
        address s = address(safe);
        _add(_call(t, 0, abi.encodeCall(Target.transferOwnership, (_actors.stranger))), true, false, 0);
        _add(_call(address(registry), 0, abi.encodeCall(AdminRegistry.setAdmin, (_actors.stranger))), true, false, 0);
        _add(_call(address(authority), 0, abi.encodeCall(Target.set, (1))), true, false, 0);
        _add(_call(s, 0, abi.encodeCall(ISafe.changeThreshold, (2))), true, false, 0);
        _add(
            _batch(
                _call(t, 0, abi.encodeCall(Target.set, (17))),
                _call(t, 0, abi.encodeCall(Target.transferOwnership, (_actors.owner)))
            ),
            true,
            false,
            0
        );
        _add(
            _batch(
                _call(t, 0, abi.encodeCall(Target.set, (18))),
                _call(address(authority), 0, abi.encodeCall(Target.set, (2)))
            ),
            true,
            false,
            0
        );
        _add(
            _batch(
                _call(t, 0, abi.encodeCall(Target.set, (19))), _call(s, 0, abi.encodeCall(ISafe.changeThreshold, (2)))
            ),
            true,
            false,
            0
        );
        _add(
            _batch(
                _call(address(registry), 0, abi.encodeCall(AdminRegistry.setAdmin, (_actors.owner))),
                _call(t, 0, abi.encodeCall(Target.set, (20)))
            ),
            true,
            false,
            0
        );
        _privilegedCount = _pool.length - _privilegedStart;

        // Configuration changes (privileged: they call the guard); the last one can never be installed.
        _configStart = _pool.length;
        for (uint256 k; k <= 8; ++k) {
            _add(
                _call(address(guard), 0, abi.encodeCall(IManifestRegistration.configure, (guardConfigVariant(k)))),
                true,
                k == 8,
                uint8(k + 1)
            );
        }
    }

    function _add(T.Step memory step, bool privileged, bool fails, uint8 configVariant) private {
        _pool.push(PoolStep({step: step, privileged: privileged, fails: fails, configVariant: configVariant}));
    }

    function _call(address to, uint256 value, bytes memory data) private pure returns (T.Step memory) {
        return T.Step({to: to, value: value, operation: 0, data: data});
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
