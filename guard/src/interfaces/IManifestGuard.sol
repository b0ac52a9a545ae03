// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IManifestGuardConstants} from "./IManifestGuardConstants.sol";
import {IManifestLifecycle} from "./IManifestLifecycle.sol";
import {IManifestRegistration} from "./IManifestRegistration.sol";
import {IManifestRules} from "./IManifestRules.sol";
import {ISafeModuleGuard} from "./ISafeModuleGuard.sol";

/// @title Manifest Guard
/// @notice A Safe transaction guard (and, on Safe 1.5.0, module guard) that lets the Safe execute only the next
///         step of a registered, approved release manifest, by an executor, inside the manifest's window, with its
///         canary-phase gates open, and that runs the phase's post-execution checks atomically.
/// @dev Roles are separate by construction: proposers register, approvers approve and open phase gates, executors
///      submit `execTransaction`, guardians halt and freeze. The Safe itself changes the configuration, which it can
///      only do through a (privileged) manifest.
interface IManifestGuard is
    IManifestRegistration,
    IManifestLifecycle,
    IManifestRules,
    IManifestGuardConstants,
    ISafeModuleGuard
{}
