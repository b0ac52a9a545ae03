import { type Abi, type Address, type Hex, encodeFunctionData, getAddress, zeroAddress } from 'viem';

import {
  beaconProxyAbi,
  beaconProxyBytecode,
  demoPoolV1Abi,
  demoPoolV1Bytecode,
  demoPoolV2Bytecode,
  demoVaultV1Abi,
  demoVaultV1Bytecode,
  demoVaultV2Bytecode,
  erc1967ProxyAbi,
  erc1967ProxyBytecode,
  manifestGuardAbi,
  manifestGuardBytecode,
  transparentUpgradeableProxyAbi,
  transparentUpgradeableProxyBytecode,
  upgradeableBeaconAbi,
  upgradeableBeaconBytecode,
} from '../../src/generated/index.js';
import { type ChainClients, chainClients } from '../../src/fork/chainClients.js';
import { guardConfigHash } from '../../src/guard/guardDeployment.js';
import { safeWithGuardErrorsAbi } from '../../src/guard/guardErrors.js';
import type { GuardConfig } from '../../src/guard/manifest.js';
import { multiSendAbi, safeAbi, safeProxyFactoryAbi } from '../../src/generated/safe.js';
import { execTransactionArgs, safeTransaction, signSafeTransaction } from '../../src/safe/safeTx.js';
import { type DeskAccounts, deskAccounts } from './accounts.js';
import { installMulticall3 } from './multicall3.js';
import { type SafeContracts, deploySafeContracts } from './safeContracts.js';
import { encodeMultiSend } from '../../src/safe/multiSend.js';

/** EIP-1967 admin slot: bytes32(uint256(keccak256('eip1967.proxy.admin')) - 1). */
export const EIP1967_ADMIN_SLOT: Hex = '0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103';

/** The desk's clients: the library's `ChainClients` (the deployer is the wallet's default account). */
export type DeskClients = ChainClients;

/** Everything the local desk put on chain. */
export type LocalDesk = {
  rpcUrl: string;
  chainId: number;
  accounts: DeskAccounts;
  safeContracts: Record<'1.4.1' | '1.5.0', SafeContracts>;
  safe: Address;
  guard: Address;
  guardConfig: GuardConfig;
  proxies: {
    transparent: { proxy: Address; proxyAdmin: Address };
    uups: { proxy: Address };
    beacon: { beacon: Address; proxy: Address };
  };
  implementations: {
    poolV1: Address;
    poolV2: Address;
    vaultV1: Address;
    vaultV2: Address;
  };
};

/** viem clients for a local chain, the deployer as the default account. */
export function deskClients(rpcUrl: string, chainId: number): DeskClients {
  return chainClients(rpcUrl, chainId, { name: 'Local desk', account: deskAccounts().deployer });
}

/**
 * Deploys the local desk: Safe 1.4.1 and 1.5.0 and Multicall3 at their canonical addresses, a 2-of-3 Safe 1.5.0 with
 * ManifestGuard installed as transaction and module guard, and OpenZeppelin Transparent, UUPS and Beacon proxies
 * owned by that Safe.
 *
 * @example
 * const desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, onProgress: console.log });
 */
export async function deployLocalDesk(args: {
  rpcUrl: string;
  chainId: number;
  onProgress?: (message: string) => void;
}): Promise<LocalDesk> {
  const progress = args.onProgress ?? (() => {});
  const clients = deskClients(args.rpcUrl, args.chainId);
  const { publicClient, walletClient } = clients;
  const accounts = deskAccounts();

  progress('Deploying Safe 1.4.1 and 1.5.0 at their canonical addresses');
  const safeContracts = {
    '1.4.1': await deploySafeContracts(clients, '1.4.1'),
    '1.5.0': await deploySafeContracts(clients, '1.5.0'),
  };
  const v150 = safeContracts['1.5.0'];

  progress('Putting Multicall3 at its canonical address (batched reads, as on public chains)');
  await installMulticall3(clients.testClient);

  progress('Creating the demo Safe (2 of 3 owners, Safe 1.5.0)');
  const initializer = encodeFunctionData({
    abi: safeAbi,
    functionName: 'setup',
    args: [
      accounts.owners.map((owner) => owner.address),
      2n,
      zeroAddress,
      '0x',
      v150.CompatibilityFallbackHandler,
      zeroAddress,
      0n,
      zeroAddress,
    ],
  });
  const saltNonce = BigInt(Date.now());
  const { result: safe, request } = await publicClient.simulateContract({
    account: accounts.deployer,
    address: v150.SafeProxyFactory,
    abi: safeProxyFactoryAbi,
    functionName: 'createProxyWithNonce',
    args: [v150.Safe, initializer, saltNonce],
  });
  await confirm(clients, await walletClient.writeContract(request));
  const safeAddress = getAddress(safe as Address);

  progress('Deploying ManifestGuard for the demo Safe');
  const guardConfig: GuardConfig = {
    proposers: [accounts.proposer.address],
    approvers: accounts.approvers.map((a) => a.address),
    executors: [accounts.executor.address],
    guardians: [accounts.guardian.address],
    routineThreshold: 2,
    privilegedThreshold: 2,
    routineDelay: 3600,
    privilegedDelay: 86_400,
    maxFreeze: 3 * 86_400,
    freezeCooldown: 86_400,
    multiSendCallOnly: v150.MultiSendCallOnly,
    authorities: [],
    privilegedSelectors: [],
    containmentSelectors: [],
  };
  const guard = await deploy(clients, manifestGuardAbi, manifestGuardBytecode, [
    safeAddress,
    guardConfigHash(guardConfig),
  ]);
  await confirm(
    clients,
    await walletClient.writeContract({
      account: walletClient.account!,
      chain: clients.chain,
      address: guard,
      abi: manifestGuardAbi,
      functionName: 'initialize',
      args: [guardConfig],
    }),
  );

  progress('Installing the guard (setGuard and setModuleGuard, one MultiSend batch signed by two owners)');
  const installBatch = encodeFunctionData({
    abi: multiSendAbi,
    functionName: 'multiSend',
    args: [
      encodeMultiSend([
        {
          to: safeAddress,
          value: 0n,
          data: encodeFunctionData({
            abi: safeAbi,
            functionName: 'setGuard',
            args: [guard],
          }),
        },
        {
          to: safeAddress,
          value: 0n,
          data: encodeFunctionData({
            abi: safeAbi,
            functionName: 'setModuleGuard',
            args: [guard],
          }),
        },
      ]),
    ],
  });
  await execSafeTransaction(clients, {
    safe: safeAddress,
    to: v150.MultiSendCallOnly,
    data: installBatch,
    operation: 1,
    owners: [accounts.owners[0], accounts.owners[1]],
    sender: accounts.executor,
  });

  progress('Deploying OpenZeppelin Transparent, UUPS and Beacon proxies owned by the Safe');
  const poolV1 = await deploy(clients, demoPoolV1Abi, demoPoolV1Bytecode, []);
  const poolV2 = await deploy(clients, demoPoolV1Abi, demoPoolV2Bytecode, []);
  const vaultV1 = await deploy(clients, demoVaultV1Abi, demoVaultV1Bytecode, []);
  const vaultV2 = await deploy(clients, demoVaultV1Abi, demoVaultV2Bytecode, []);
  const poolInit = encodeFunctionData({
    abi: demoPoolV1Abi,
    functionName: 'initialize',
    args: [safeAddress, 30n],
  });
  const transparentProxy = await deploy(clients, transparentUpgradeableProxyAbi, transparentUpgradeableProxyBytecode, [
    poolV1,
    safeAddress,
    poolInit,
  ]);
  const adminWord = await publicClient.getStorageAt({
    address: transparentProxy,
    slot: EIP1967_ADMIN_SLOT,
  });
  const proxyAdmin = getAddress(`0x${(adminWord ?? '0x').slice(-40)}`);
  const uupsProxy = await deploy(clients, erc1967ProxyAbi, erc1967ProxyBytecode, [
    vaultV1,
    encodeFunctionData({
      abi: demoVaultV1Abi,
      functionName: 'initialize',
      args: [safeAddress],
    }),
  ]);
  const beacon = await deploy(clients, upgradeableBeaconAbi, upgradeableBeaconBytecode, [poolV1, safeAddress]);
  const beaconProxy = await deploy(clients, beaconProxyAbi, beaconProxyBytecode, [beacon, poolInit]);

  return {
    rpcUrl: args.rpcUrl,
    chainId: args.chainId,
    accounts,
    safeContracts,
    safe: safeAddress,
    guard,
    guardConfig,
    proxies: {
      transparent: { proxy: transparentProxy, proxyAdmin },
      uups: { proxy: uupsProxy },
      beacon: { beacon, proxy: beaconProxy },
    },
    implementations: { poolV1, poolV2, vaultV1, vaultV2 },
  };
}

/**
 * Signs a Safe transaction with `owners` and submits `execTransaction` from `sender`; returns the receipt.
 * Rejections (from the Safe or the guard) surface as viem errors that `decodeGuardError` understands.
 */
export async function execSafeTransaction(
  clients: DeskClients,
  args: {
    safe: Address;
    to: Address;
    value?: bigint;
    data: Hex;
    operation?: 0 | 1;
    owners: readonly DeskAccounts['owners'][number][];
    sender: DeskAccounts['executor'];
  },
) {
  const { publicClient, walletClient, chain } = clients;
  const nonce = (await publicClient.readContract({
    address: args.safe,
    abi: safeAbi,
    functionName: 'nonce',
  })) as bigint;
  const transaction = safeTransaction({
    to: args.to,
    value: args.value ?? 0n,
    data: args.data,
    operation: args.operation ?? 0,
    nonce,
  });
  const signatures = await signSafeTransaction({
    safe: args.safe,
    chainId: chain.id,
    transaction,
    owners: args.owners,
  });
  const { request } = await publicClient.simulateContract({
    account: args.sender,
    address: args.safe,
    abi: safeWithGuardErrorsAbi,
    functionName: 'execTransaction',
    args: execTransactionArgs(transaction, signatures),
  });
  return confirm(clients, await walletClient.writeContract(request));
}

async function deploy(
  clients: DeskClients,
  abi: Abi,
  bytecode: Hex,
  constructorArgs: readonly unknown[],
): Promise<Address> {
  const { walletClient } = clients;
  const hash = await walletClient.deployContract({
    abi,
    bytecode,
    args: constructorArgs,
    account: walletClient.account!,
    chain: clients.chain,
  });
  const receipt = await confirm(clients, hash);
  if (!receipt.contractAddress) throw new Error(`Deployment ${hash} created no contract`);
  return getAddress(receipt.contractAddress);
}

async function confirm(clients: DeskClients, hash: Hex) {
  const receipt = await clients.publicClient.waitForTransactionReceipt({
    hash,
  });
  if (receipt.status !== 'success') throw new Error(`Transaction ${hash} reverted`);
  return receipt;
}
