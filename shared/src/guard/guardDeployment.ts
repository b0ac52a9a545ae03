import { type Address, type Hex, encodeAbiParameters, encodeDeployData, encodeFunctionData, keccak256 } from 'viem';

import { manifestGuardAbi, manifestGuardBytecode } from '../generated/manifestGuard.js';
import type { GuardConfig } from './manifest.js';

const initializeInputs = manifestGuardAbi.find(
  (item) => item.type === 'function' && item.name === 'initialize',
)!.inputs;

/**
 * `keccak256(abi.encode(config))`: the first configuration a guard is deployed for (its constructor argument), so
 * that anyone may then `initialize` it with exactly that configuration.
 */
export function guardConfigHash(config: GuardConfig): Hex {
  return keccak256(encodeAbiParameters(initializeInputs, [config]));
}

/** The two transactions that bring up a guard for `safe`: the deployment, then `initialize(config)`. */
export type GuardDeployment = { deployData: Hex; initializeData: Hex; configHash: Hex };

/**
 * The guard's creation code with its constructor arguments (the Safe, the configuration's hash), and the
 * `initialize(config)` call to send to the deployed address. The configuration travels in the second call: the
 * creation transaction stays within EIP-3860's initcode limit whatever the configuration's size.
 *
 * @example
 * const { deployData, initializeData } = guardDeployment(safe, config);
 * const guard = (await sendAndWait({ data: deployData })).contractAddress;
 * await sendAndWait({ to: guard, data: initializeData });
 */
export function guardDeployment(safe: Address, config: GuardConfig): GuardDeployment {
  const configHash = guardConfigHash(config);
  return {
    configHash,
    deployData: encodeDeployData({ abi: manifestGuardAbi, bytecode: manifestGuardBytecode, args: [safe, configHash] }),
    initializeData: encodeFunctionData({ abi: manifestGuardAbi, functionName: 'initialize', args: [config] }),
  };
}
