import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import type { Abi, Hex } from 'viem';

/**
 * A UUPS contract with OpenZeppelin AccessControlEnumerable (tests only): DEFAULT_ADMIN_ROLE, UPGRADER_ROLE and a
 * MINTER_ROLE that guards nothing here (who holds it is what the authority map reads). With
 * `enumerable: false`, plain AccessControl: its role members can only be found through its role events.
 */
const source = (enumerable: boolean) => `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
import {${enumerable ? 'AccessControlEnumerable' : 'AccessControl'}} from "@openzeppelin/contracts/access/${enumerable ? 'extensions/AccessControlEnumerable' : 'AccessControl'}.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";
contract RoleVault is ${enumerable ? 'AccessControlEnumerable' : 'AccessControl'}, UUPSUpgradeable {
    bytes32 public constant UPGRADER_ROLE = keccak256("UPGRADER_ROLE");
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");
    bool private _initialized;
    function initialize(address admin, address upgrader) external {
        require(!_initialized);
        _initialized = true;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(UPGRADER_ROLE, upgrader);
    }
    function _authorizeUpgrade(address) internal override onlyRole(UPGRADER_ROLE) {}
}`;

/** Compiles the RoleVault test contract with solc-js (a few seconds); `enumerable: false` for plain AccessControl. */
export function compileRoleVault({ enumerable = true }: { enumerable?: boolean } = {}): { abi: Abi; bytecode: Hex } {
  const require = createRequire(import.meta.url);
  const solc = require('solc') as { compile: (input: string, options: object) => string };
  const input = {
    language: 'Solidity',
    sources: { 'RoleVault.sol': { content: source(enumerable) } },
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const findImports = (path: string) => {
    try {
      return { contents: readFileSync(require.resolve(path), 'utf8') };
    } catch {
      return { error: `${path} not found` };
    }
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: { [file: string]: { [name: string]: { abi: Abi; evm: { bytecode: { object: string } } } } };
  };
  const errors = output.errors?.filter((error) => error.severity === 'error') ?? [];
  if (errors.length > 0) throw new Error(errors.map((error) => error.formattedMessage).join('\n'));
  const contract = output.contracts['RoleVault.sol']!.RoleVault!;
  return { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
}
