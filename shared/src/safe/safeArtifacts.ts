import { createRequire } from 'node:module';
import type { Abi, Hex } from 'viem';

const require = createRequire(import.meta.url);

/** Safe versions Manifest Guard supports (Safe 1.3.0 is the first with transaction guards). */
export type SafeVersion = '1.3.0' | '1.4.1' | '1.5.0';

/** The Safe contracts the local desk deploys and the tooling talks to. */
export type SafeContractName =
  | 'Safe'
  | 'SafeL2'
  | 'SafeProxyFactory'
  | 'MultiSend'
  | 'MultiSendCallOnly'
  | 'CompatibilityFallbackHandler'
  | 'SignMessageLib'
  | 'CreateCall'
  | 'SimulateTxAccessor';

type Artifact = { abi: Abi; bytecode: Hex };

const packageRoot: Record<SafeVersion, string> = {
  '1.3.0': '@gnosis.pm/safe-contracts/build/artifacts/contracts',
  '1.4.1': '@safe-global/safe-contracts/build/artifacts/contracts',
  '1.5.0': '@safe-global/safe-smart-account/build/artifacts/contracts',
};

const paths: Record<SafeContractName, string> = {
  Safe: 'Safe.sol/Safe.json',
  SafeL2: 'SafeL2.sol/SafeL2.json',
  SafeProxyFactory: 'proxies/SafeProxyFactory.sol/SafeProxyFactory.json',
  MultiSend: 'libraries/MultiSend.sol/MultiSend.json',
  MultiSendCallOnly: 'libraries/MultiSendCallOnly.sol/MultiSendCallOnly.json',
  CompatibilityFallbackHandler: 'handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json',
  SignMessageLib: 'libraries/SignMessageLib.sol/SignMessageLib.json',
  CreateCall: 'libraries/CreateCall.sol/CreateCall.json',
  SimulateTxAccessor: 'accessors/SimulateTxAccessor.sol/SimulateTxAccessor.json',
};

/** Safe 1.3.0 named its contracts GnosisSafe*. */
const legacyPaths: Partial<Record<SafeContractName, string>> = {
  Safe: 'GnosisSafe.sol/GnosisSafe.json',
  SafeL2: 'GnosisSafeL2.sol/GnosisSafeL2.json',
  SafeProxyFactory: 'proxies/GnosisSafeProxyFactory.sol/GnosisSafeProxyFactory.json',
};

/**
 * The published ABI and creation code of a Safe contract, read from the official npm package of that version (Node
 * only; the ABIs the tooling calls are generated `as const` in `generated/safe.ts`).
 *
 * @example
 * const { abi } = safeArtifact('1.5.0', 'Safe');
 */
export function safeArtifact(version: SafeVersion, name: SafeContractName): Artifact {
  const relative = (version === '1.3.0' ? legacyPaths[name] : undefined) ?? paths[name];
  const artifact = require(`${packageRoot[version]}/${relative}`) as Artifact;
  return { abi: artifact.abi, bytecode: artifact.bytecode };
}
