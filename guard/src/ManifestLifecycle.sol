// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Panic} from "@openzeppelin/contracts/utils/Panic.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {ManifestGuardStorage} from "./base/ManifestGuardStorage.sol";
import {IManifestGuardConstants} from "./interfaces/IManifestGuardConstants.sol";
import {IManifestLifecycle} from "./interfaces/IManifestLifecycle.sol";
import {ManifestHashing} from "./libraries/ManifestHashing.sol";

/// @title ManifestLifecycle
/// @notice The lifecycle part of a Manifest Guard: approvals, cancellation, halts and their override, phase gates,
///         freezes, and the views of the stored state. Deployed by its guard and run only through the guard's
///         `delegatecall` against the guard's storage; the execution path never enters it.
/// @dev Split from the guard to keep it under the EIP-170 code size limit.
contract ManifestLifecycle is IManifestLifecycle, IManifestGuardConstants, ManifestGuardStorage {
    /// @notice The guard that deployed this module; the only context its state-changing code runs in.
    address public immutable GUARD;
    /// @inheritdoc IManifestGuardConstants
    address public immutable REGISTRAR;
    /// @inheritdoc IManifestGuardConstants
    address public immutable LIFECYCLE;

    /// @inheritdoc IManifestGuardConstants
    uint8 public constant ROLE_PROPOSER = _ROLE_PROPOSER;
    /// @inheritdoc IManifestGuardConstants
    uint8 public constant ROLE_APPROVER = _ROLE_APPROVER;
    /// @inheritdoc IManifestGuardConstants
    uint8 public constant ROLE_EXECUTOR = _ROLE_EXECUTOR;
    /// @inheritdoc IManifestGuardConstants
    uint8 public constant ROLE_GUARDIAN = _ROLE_GUARDIAN;
    /// @inheritdoc IManifestGuardConstants
    uint256 public constant MAX_MEMBERS = _MAX_MEMBERS;
    /// @inheritdoc IManifestGuardConstants
    uint256 public constant MAX_ENTRIES = _MAX_ENTRIES;
    /// @inheritdoc IManifestGuardConstants
    uint32 public constant MAX_DELAY = _MAX_DELAY;
    /// @inheritdoc IManifestGuardConstants
    uint32 public constant MAX_FREEZE_CAP = _MAX_FREEZE_CAP;
    /// @inheritdoc IManifestGuardConstants
    uint32 public constant MIN_FREEZE_COOLDOWN = _MIN_FREEZE_COOLDOWN;
    /// @inheritdoc IManifestGuardConstants
    uint256 public constant MAX_LIVE = _MAX_LIVE;
    /// @inheritdoc IManifestGuardConstants
    uint256 public constant MAX_PHASES = _MAX_PHASES;
    /// @inheritdoc IManifestGuardConstants
    uint256 public constant MAX_STEPS_PER_PHASE = _MAX_STEPS_PER_PHASE;
    /// @inheritdoc IManifestGuardConstants
    uint256 public constant MAX_STEPS = _MAX_STEPS;
    /// @inheritdoc IManifestGuardConstants
    uint256 public constant MAX_CHECKS = _MAX_CHECKS;
    /// @inheritdoc IManifestGuardConstants
    uint256 public constant MAX_CONDITIONS = _MAX_CONDITIONS;
    /// @inheritdoc IManifestGuardConstants
    uint64 public constant MAX_SOAK = _MAX_SOAK;
    /// @inheritdoc IManifestGuardConstants
    uint256 public constant MAX_RETURN_DATA = _MAX_RETURN_DATA;

    modifier onlyDelegated() {
        if (address(this) != GUARD) revert ManifestGuardRegistrarNotDelegated(address(this), GUARD);
        _;
    }

    /// @param safe The Safe the deploying guard protects.
    /// @param registrar The registration code the deploying guard delegatecalls.
    constructor(address safe, address registrar) ManifestGuardStorage(safe) {
        GUARD = msg.sender;
        REGISTRAR = registrar;
        LIFECYCLE = address(this);
    }

    /// @notice Calls the guard does not know are accepted and do nothing: a Safe that calls a hook this guard does
    ///         not implement is not locked out.
    fallback() external {}

    // ================================================================ identity

    /// @inheritdoc IManifestLifecycle
    function SAFE() external view returns (address) {
        return _SAFE;
    }

    /// @inheritdoc IManifestLifecycle
    function DOMAIN_SEPARATOR() public view returns (bytes32) {
        return ManifestHashing.domainSeparator(address(this));
    }

    /// @inheritdoc IManifestLifecycle
    function eip712Domain()
        external
        view
        returns (bytes1, string memory, string memory, uint256, address, bytes32, uint256[] memory)
    {
        return
            (hex"0f", ManifestHashing.NAME, ManifestHashing.VERSION, block.chainid, address(this), 0, new uint256[](0));
    }

    /// @inheritdoc IManifestLifecycle
    function approvalDigest(bytes32 id) public view returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", DOMAIN_SEPARATOR(), ManifestHashing.hashApproval(id)));
    }

    /// @inheritdoc IManifestLifecycle
    function stepKey(address to, uint256 value, bytes calldata data, uint8 operation) external pure returns (bytes32) {
        return ManifestHashing.stepKey(to, value, keccak256(data), operation);
    }

    /// @inheritdoc IManifestLifecycle
    /// @dev An uninitialized guard claims only ERC-165, so a Safe 1.4.1+ refuses to install it.
    function supportsInterface(bytes4 interfaceId) external view returns (bool) {
        if (interfaceId == 0x01ffc9a7) return true;
        return _configEpoch != 0 && (interfaceId == 0xe6d7a83a || interfaceId == 0x58401ed8);
    }

    // ================================================================ lifecycle

    /// @inheritdoc IManifestLifecycle
    function approve(bytes32 id) external onlyDelegated {
        _approve(id, msg.sender);
    }

    /// @inheritdoc IManifestLifecycle
    function approveBySig(bytes32 id, address approver, bytes calldata signature) external onlyDelegated {
        if (
            approver == address(0)
                || !SignatureChecker.isValidSignatureNowCalldata(approver, approvalDigest(id), signature)
        ) revert ManifestGuardInvalidApprovalSignature(id, approver);
        _approve(id, approver);
    }

    /// @inheritdoc IManifestLifecycle
    function cancel(bytes32 id) external onlyDelegated onlyRole(_ROLE_PROPOSER) {
        uint256 index = _requireIndex(id);
        Cursor storage cursor = _cursors[index];
        if (cursor.status != ManifestStatus.Registered) revert ManifestGuardInvalidStatus(id, cursor.status);
        if (msg.sender != _infos[index].proposer) revert ManifestGuardNotProposer(msg.sender);
        cursor.status = ManifestStatus.Cancelled;
        emit ManifestCancelled(id, msg.sender);
    }

    /// @inheritdoc IManifestLifecycle
    function halt(bytes32 id) external onlyDelegated onlyRole(_ROLE_GUARDIAN) {
        uint256 index = _requireIndex(id);
        Cursor storage cursor = _cursors[index];
        ManifestStatus status = cursor.status;
        if (status != ManifestStatus.Registered && status != ManifestStatus.Approved) {
            revert ManifestGuardInvalidStatus(id, status);
        }
        Info storage info = _infos[index];
        if (info.reinstated) revert ManifestGuardAlreadyReinstated(id);
        // Only a privileged manifest's halt can be overridden; remember the status to return to.
        if (cursor.lane == Lane.Privileged) info.haltedFrom = status;
        cursor.status = ManifestStatus.Halted;
        _removeLive(index);
        emit ManifestHalted(id, msg.sender);
    }

    /// @inheritdoc IManifestLifecycle
    function reinstate(bytes32 id) external onlyDelegated onlyRole(_ROLE_APPROVER) {
        uint256 index = _requireIndex(id);
        Cursor storage cursor = _cursors[index];
        Info storage info = _infos[index];
        ManifestStatus haltedFrom = info.haltedFrom;
        if (cursor.status != ManifestStatus.Halted || haltedFrom == ManifestStatus.None) {
            revert ManifestGuardNotReinstatable(id);
        }
        mapping(address => bool) storage votedBy = _reinstateVotedBy[index];
        if (votedBy[msg.sender]) revert ManifestGuardAlreadyVotedReinstate(id, msg.sender);
        votedBy[msg.sender] = true;
        uint16 votes = _countVotes(votedBy);
        uint16 required = _settings.privilegedThreshold;
        emit ReinstateVoted(id, msg.sender, votes, required);
        if (votes < required) return;

        info.haltedFrom = ManifestStatus.None;
        info.reinstated = true;
        cursor.status = haltedFrom;
        uint64 executableFrom = info.executableFrom;
        if (haltedFrom == ManifestStatus.Approved) {
            executableFrom = uint64(block.timestamp) + _settings.privilegedDelay;
            if (executableFrom < info.notBefore) executableFrom = info.notBefore;
            info.executableFrom = uint40(executableFrom);
            info.approvedAt = uint40(block.timestamp);
        }
        emit ManifestReinstated(id, executableFrom);
    }

    /// @inheritdoc IManifestLifecycle
    function attestContinue(bytes32 id, uint256 phase, bytes32 metricsHash)
        external
        onlyDelegated
        onlyRole(_ROLE_APPROVER)
    {
        uint256 index = _requireIndex(id);
        Cursor memory cursor = _cursors[index];
        if (cursor.status != ManifestStatus.Approved) revert ManifestGuardInvalidStatus(id, cursor.status);
        if (phase == 0 || phase != cursor.phase || cursor.step != 0 || cursor.gateOpen) {
            revert ManifestGuardAttestationNotExpected(id, phase, cursor.phase);
        }
        uint64 readyAt = uint64(cursor.phaseCompletedAt) + _phases[index][phase - 1].minSoak;
        if (block.timestamp < readyAt) {
            revert ManifestGuardSoakNotElapsed(id, phase, readyAt, uint64(block.timestamp));
        }
        _cursors[index].gateOpen = true;
        emit PhaseContinued(id, phase, msg.sender, metricsHash);
    }

    /// @inheritdoc IManifestLifecycle
    function freeze(uint64 duration) external onlyDelegated onlyRole(_ROLE_GUARDIAN) {
        Settings memory settings = _settings;
        if (duration == 0 || duration > settings.maxFreeze) {
            revert ManifestGuardFreezeTooLong(duration, settings.maxFreeze);
        }
        uint64 endedAt = _freezeEndedAt;
        if (endedAt != 0) {
            // While a freeze runs, `endedAt` is its end, so it cannot be renewed either.
            uint64 availableAt = endedAt + settings.freezeCooldown;
            if (block.timestamp < availableAt) {
                revert ManifestGuardFreezeCoolingDown(availableAt, uint64(block.timestamp));
            }
        }
        uint64 until = uint64(block.timestamp) + duration;
        ++_freezeEpoch;
        _freezeEndedAt = until;
        _setFreeze(until);
        emit Frozen(msg.sender, until);
    }

    /// @inheritdoc IManifestLifecycle
    function liftFreeze() external onlyDelegated onlyRole(_ROLE_APPROVER) {
        if (_frozenUntil <= block.timestamp) revert ManifestGuardNotFrozen();
        uint256 epoch = _freezeEpoch;
        mapping(address => bool) storage voted = _liftVoted[epoch];
        if (voted[msg.sender]) revert ManifestGuardAlreadyVoted(msg.sender, epoch);
        voted[msg.sender] = true;
        // Votes of current approvers only: a vote cast by an account removed since does not count.
        uint256 votes = _countVotes(voted);
        uint256 required = _settings.routineThreshold;
        emit FreezeLiftVoted(msg.sender, epoch, votes, required);
        if (votes >= required) {
            _freezeEndedAt = uint64(block.timestamp);
            _setFreeze(0);
            emit FreezeLifted(epoch);
        }
    }

    // ================================================================ views

    /// @inheritdoc IManifestLifecycle
    function getManifest(bytes32 id) external view returns (ManifestView memory view_) {
        uint256 index = _requireIndex(id);
        Cursor memory cursor = _cursors[index];
        Info storage info = _infos[index];
        view_.status = cursor.status;
        view_.kind = cursor.kind;
        view_.lane = cursor.lane;
        view_.proposer = info.proposer;
        view_.notBefore = info.notBefore;
        view_.expiry = info.expiry;
        view_.approvedAt = info.approvedAt;
        view_.executableFrom = info.executableFrom;
        view_.phaseCompletedAt = cursor.phaseCompletedAt;
        view_.approvals = info.approvals;
        view_.requiredApprovals = _threshold(cursor.lane);
        view_.phaseCount = info.phaseCount;
        view_.currentPhase = cursor.phase;
        view_.nextStep = cursor.step;
        view_.gateOpen = cursor.gateOpen;
        view_.rollback = info.rollback;
        view_.evidence = info.evidence;
        if (info.boundRelease != 0) view_.boundRelease = _id(info.boundRelease);
    }

    /// @inheritdoc IManifestLifecycle
    function configEpoch() external view returns (uint64) {
        return _epoch();
    }

    /// @inheritdoc IManifestLifecycle
    function rolesOf(address account) external view returns (uint8) {
        return _accounts[account].roles;
    }

    /// @inheritdoc IManifestLifecycle
    function frozenUntil() external view returns (uint64) {
        return _frozenUntil;
    }

    /// @inheritdoc IManifestLifecycle
    function hasApproved(bytes32 id, address approver) external view returns (bool) {
        return _approvedBy[_requireIndex(id)][approver];
    }

    /// @inheritdoc IManifestLifecycle
    function manifestCount() external view returns (uint256) {
        return _manifestCount;
    }

    /// @inheritdoc IManifestLifecycle
    function manifestAt(uint256 index) external view returns (bytes32) {
        // Past the end: the panic an out-of-bounds array read raises.
        if (index >= _manifestCount) Panic.panic(Panic.ARRAY_OUT_OF_BOUNDS);
        return _idAt[index + 1];
    }

    /// @inheritdoc IManifestLifecycle
    function liveManifests() external view returns (bytes32[] memory ids) {
        uint32[] storage live = _live;
        ids = new bytes32[](live.length);
        for (uint256 i; i < ids.length; ++i) {
            ids[i] = _id(live[i]);
        }
    }

    // ================================================================ approval internals

    /// @dev Records `approver`'s approval. On a registered manifest, reaching the threshold approves it. On an approved
    ///      one that has not started, an approval that makes up lapsed approvals (an approver removed, a threshold
    ///      raised, the lane risen) restarts its lane's delay from now; one that finds them complete changes nothing.
    function _approve(bytes32 id, address approver) private {
        uint256 index = _requireIndex(id);
        if (approver == address(0) || _accounts[approver].roles & _ROLE_APPROVER == 0) {
            revert ManifestGuardNotApprover(approver);
        }
        Info storage info = _infos[index];
        if (approver == info.proposer) revert ManifestGuardSelfApproval(id, approver);
        Cursor storage cursor = _cursors[index];
        ManifestStatus status = cursor.status;
        if (
            status != ManifestStatus.Registered
                && (status != ManifestStatus.Approved || cursor.phase != 0 || cursor.step != 0)
        ) revert ManifestGuardInvalidStatus(id, status);
        if (info.chainId != block.chainid) revert ManifestGuardWrongChain(id, info.chainId, block.chainid);
        if (_approvedBy[index][approver]) revert ManifestGuardAlreadyApproved(id, approver);
        Lane lane = cursor.lane;
        uint32 epoch = _syncEpoch();
        if (lane == Lane.Routine && info.classifiedEpoch != epoch) {
            revert ManifestGuardLaneStale(id, info.classifiedEpoch, epoch);
        }
        uint16 required = _threshold(lane);
        bool lapsed =
            status == ManifestStatus.Registered || (info.approvalEpoch != epoch && _countApprovals(index) < required);
        _approvedBy[index][approver] = true;
        // Counted under this epoch: the same approvers, one more approval. Else count the current approvers' again.
        uint16 approvals;
        if (info.countedEpoch == epoch) {
            approvals = info.approvals + 1;
        } else {
            approvals = _countApprovals(index);
            info.countedEpoch = epoch;
        }
        info.approvals = approvals;
        emit ManifestApprovalRecorded(id, approver, approvals, required);
        if (approvals < required) return;
        info.approvalEpoch = epoch;
        if (!lapsed) return;

        uint64 executableFrom = uint64(block.timestamp) + _delay(lane);
        if (executableFrom < info.notBefore) executableFrom = info.notBefore;
        if (executableFrom < info.executableFrom) executableFrom = info.executableFrom;
        // Only routine manifests can take the routine path, so only they need the fan-outs' flags: privileged ones
        // (configuration changes, the guard's removal) stay outside the bounded list and are never refused for room.
        if (status == ManifestStatus.Registered && lane == Lane.Routine) _addLive(index);
        info.approvedAt = uint40(block.timestamp);
        info.executableFrom = uint40(executableFrom);
        cursor.status = ManifestStatus.Approved;
        emit ManifestApproved(id, executableFrom);
    }
}
