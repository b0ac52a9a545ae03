import { type Address, encodeFunctionData, getAddress, zeroAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { type AnvilInstance, startAnvil } from '../fork/anvil.js';
import { deskAccounts } from '../../devkit/devnet/accounts.js';
import { type DeskClients, deskClients } from '../../devkit/devnet/localDesk.js';
import { deploySafeContracts } from '../../devkit/devnet/safeContracts.js';
import { type SafeVersion, safeArtifact } from './safeArtifacts.js';
import { safeAbi, safeProxyFactoryAbi } from '../generated/safe.js';
import { safeTransaction, safeTxHashes, signSafeTransaction } from './safeTx.js';

let anvil: AnvilInstance;
let clients: DeskClients;
const accounts = deskAccounts();
let saltNonce = 0n;

beforeAll(async () => {
  anvil = await startAnvil({ port: 8548 });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
}, 60_000);

afterAll(async () => {
  await anvil?.stop();
});

async function deployed(version: SafeVersion): Promise<{ singleton: Address; factory: Address }> {
  if (version !== '1.3.0') {
    const contracts = await deploySafeContracts(clients, version);
    return { singleton: contracts.Safe, factory: contracts.SafeProxyFactory };
  }
  const deploy = async (name: 'Safe' | 'SafeProxyFactory') => {
    const { abi, bytecode } = safeArtifact('1.3.0', name);
    const hash = await clients.walletClient.deployContract({
      abi,
      bytecode,
      account: accounts.deployer,
      chain: clients.chain,
    });
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
    return getAddress(receipt.contractAddress!);
  };
  return { singleton: await deploy('Safe'), factory: await deploy('SafeProxyFactory') };
}

async function createSafe(version: SafeVersion): Promise<Address> {
  const { singleton, factory } = await deployed(version);
  const initializer = encodeFunctionData({
    abi: safeAbi,
    functionName: 'setup',
    args: [accounts.owners.map((o) => o.address), 2n, zeroAddress, '0x', zeroAddress, zeroAddress, 0n, zeroAddress],
  });
  const { result, request } = await clients.publicClient.simulateContract({
    account: accounts.deployer,
    address: factory,
    abi: safeProxyFactoryAbi,
    functionName: 'createProxyWithNonce',
    args: [singleton, initializer, (saltNonce += 1n)],
  });
  await clients.publicClient.waitForTransactionReceipt({ hash: await clients.walletClient.writeContract(request) });
  return getAddress(result as Address);
}

describe.each(['1.3.0', '1.4.1', '1.5.0'] as const)('Safe %s', (version) => {
  test('safeTxHash equals the Safe contract getTransactionHash', async () => {
    const safe = await createSafe(version);
    const transaction = safeTransaction({
      to: accounts.executor.address,
      value: 5n,
      data: '0x12345678',
      operation: 0,
      nonce: 3n,
      safeTxGas: 21_000n,
    });
    const onChain = await clients.publicClient.readContract({
      address: safe,
      abi: safeAbi,
      functionName: 'getTransactionHash',
      args: [
        transaction.to,
        transaction.value,
        transaction.data,
        transaction.operation,
        transaction.safeTxGas,
        transaction.baseGas,
        transaction.gasPrice,
        transaction.gasToken,
        transaction.refundReceiver,
        transaction.nonce,
      ],
    });
    const hashes = safeTxHashes({ safe, chainId: anvil.chainId, transaction });
    expect(hashes.safeTxHash).toBe(onChain);
    const domainSeparator = await clients.publicClient.readContract({
      address: safe,
      abi: safeAbi,
      functionName: 'domainSeparator',
    });
    expect(hashes.domainHash).toBe(domainSeparator);
  }, 60_000);

  test('owner signatures are accepted by the Safe (sorted by owner)', async () => {
    const safe = await createSafe(version);
    const transaction = safeTransaction({
      to: accounts.executor.address,
      value: 0n,
      data: '0x',
      operation: 0,
      nonce: 0n,
    });
    const signatures = await signSafeTransaction({
      safe,
      chainId: anvil.chainId,
      transaction,
      owners: [accounts.owners[2], accounts.owners[0]],
    });
    const { safeTxHash } = safeTxHashes({ safe, chainId: anvil.chainId, transaction });
    await expect(
      clients.publicClient.readContract({
        address: safe,
        abi: safeAbi,
        functionName: 'checkSignatures',
        args: [safeTxHash, '0x', signatures],
      }),
    ).resolves.toBeUndefined();
  }, 60_000);
});
