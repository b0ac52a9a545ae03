// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title PrivilegedSelectors
/// @notice The default set of function selectors that move authority: a step calling any of them makes its
///         manifest privileged, whatever the target. Teams add their own through the configuration.
library PrivilegedSelectors {
    /// @notice Whether `selector` is in the default privileged set.
    function isDefault(bytes4 selector) internal pure returns (bool) {
        return
        // Ownable, Ownable2Step
        selector == bytes4(keccak256("transferOwnership(address)"))
            || selector == bytes4(keccak256("renounceOwnership()"))
            || selector == bytes4(keccak256("acceptOwnership()"))
            // AccessControl, AccessControlDefaultAdminRules
            || selector == bytes4(keccak256("grantRole(bytes32,address)"))
            || selector == bytes4(keccak256("revokeRole(bytes32,address)"))
            || selector == bytes4(keccak256("renounceRole(bytes32,address)"))
            || selector == bytes4(keccak256("beginDefaultAdminTransfer(address)"))
            || selector == bytes4(keccak256("acceptDefaultAdminTransfer()"))
            // OpenZeppelin v4 ProxyAdmin and TransparentUpgradeableProxy admin changes
            || selector == bytes4(keccak256("changeProxyAdmin(address,address)"))
            || selector == bytes4(keccak256("changeAdmin(address)"))
            // Safe owners, threshold, modules, guards, fallback handler
            || selector == bytes4(keccak256("addOwnerWithThreshold(address,uint256)"))
            || selector == bytes4(keccak256("removeOwner(address,address,uint256)"))
            || selector == bytes4(keccak256("swapOwner(address,address,address)"))
            || selector == bytes4(keccak256("changeThreshold(uint256)"))
            || selector == bytes4(keccak256("enableModule(address)"))
            || selector == bytes4(keccak256("disableModule(address,address)"))
            || selector == bytes4(keccak256("setGuard(address)"))
            || selector == bytes4(keccak256("setModuleGuard(address)"))
            || selector == bytes4(keccak256("setFallbackHandler(address)"))
            // Safe's ExtensibleFallbackHandler: a routine `setDomainVerifier` would make `isValidSignature` answer yes
            // for messages no owner signed
            || selector == bytes4(keccak256("setSafeMethod(bytes4,bytes32)"))
            || selector == bytes4(keccak256("setDomainVerifier(bytes32,address)"))
            || selector == bytes4(keccak256("setSupportedInterface(bytes4,bool)"))
            || selector == bytes4(keccak256("addSupportedInterfaceBatch(bytes4,bytes32[])"))
            || selector == bytes4(keccak256("removeSupportedInterfaceBatch(bytes4,bytes4[])"));
    }
}
