import {
  type Address,
  type Hex,
  concat,
  getContractAddress,
  keccak256,
  pad,
  type PublicClient,
  type TestClient,
  type WalletClient,
} from 'viem';

import { type SafeContractName, type SafeVersion, safeArtifact } from '../../src/safe/safeArtifacts.js';

/** The Safe singleton factory (`@safe-global/safe-singleton-factory`), the same address on every chain. */
export const SAFE_SINGLETON_FACTORY: Address = '0x914d7Fec6aaC8cd542e72Bca78B30650d45643d7';
/** Runtime code of the singleton factory (a CREATE2 deployer: input = salt ++ creation code). */
const SINGLETON_FACTORY_RUNTIME: Hex =
  '0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf3';

const deployed: readonly SafeContractName[] = [
  'Safe',
  'SafeL2',
  'SafeProxyFactory',
  'MultiSend',
  'MultiSendCallOnly',
  'CompatibilityFallbackHandler',
  'SignMessageLib',
  'CreateCall',
  'SimulateTxAccessor',
];

export type SafeContracts = Record<SafeContractName, Address>;

type Clients = {
  publicClient: PublicClient;
  walletClient: WalletClient;
  testClient: TestClient;
};

/**
 * Deploys a Safe version's contracts through the singleton factory with a zero salt, so they land at their
 * canonical addresses (the ones `@safe-global/safe-deployments` lists). Idempotent.
 *
 * @example
 * const contracts = await deploySafeContracts(clients, '1.5.0');
 */
export async function deploySafeContracts(clients: Clients, version: SafeVersion): Promise<SafeContracts> {
  const { publicClient, walletClient, testClient } = clients;
  const factoryCode = await publicClient.getCode({
    address: SAFE_SINGLETON_FACTORY,
  });
  if (!factoryCode || factoryCode === '0x') {
    await testClient.setCode({
      address: SAFE_SINGLETON_FACTORY,
      bytecode: SINGLETON_FACTORY_RUNTIME,
    });
  }
  const salt = pad('0x00', { size: 32 });
  const addresses = {} as SafeContracts;
  for (const name of deployed) {
    const { bytecode } = safeArtifact(version, name);
    const address = getContractAddress({
      opcode: 'CREATE2',
      from: SAFE_SINGLETON_FACTORY,
      salt,
      bytecodeHash: keccak256(bytecode),
    });
    addresses[name] = address;
    const code = await publicClient.getCode({ address });
    if (code && code !== '0x') continue;
    const account = walletClient.account;
    if (!account) throw new Error('deploySafeContracts needs a wallet client with an account');
    const hash = await walletClient.sendTransaction({
      account,
      chain: walletClient.chain,
      to: SAFE_SINGLETON_FACTORY,
      data: concat([salt, bytecode]),
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`Deploying Safe ${version} ${name} failed (tx ${hash})`);
  }
  return addresses;
}
