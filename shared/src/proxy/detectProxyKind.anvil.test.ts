import { encodeFunctionData } from 'viem';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { type AnvilInstance, startAnvil } from '../fork/anvil.js';
import { type DeskClients, type LocalDesk, deployLocalDesk, deskClients } from '../../devkit/devnet/localDesk.js';
import { demoPoolV1Abi, erc1967ProxyAbi, erc1967ProxyBytecode } from '../generated/index.js';
import { deployTransparentV4 } from './deployTransparentV4.js';
import { UnknownProxyKindError, detectProxyKind } from './detectProxyKind.js';
import { eip1967Slots } from './slots.js';

let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
let v4: { proxy: `0x${string}`; proxyAdmin: `0x${string}` };

beforeAll(async () => {
  anvil = await startAnvil({ port: 8560 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  v4 = await deployTransparentV4({ clients, implementation: desk.implementations.poolV1, owner: desk.safe });
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
});

test('default', async () => {
  const { transparent, uups, beacon } = desk.proxies;
  const { poolV1, vaultV1 } = desk.implementations;
  const client = clients.publicClient;
  expect(await detectProxyKind({ client, address: transparent.proxy })).toEqual({
    kind: 'transparent-v5',
    proxy: transparent.proxy,
    implementation: poolV1,
    admin: transparent.proxyAdmin,
    adminIsContract: true,
  });
  expect(await detectProxyKind({ client, address: v4.proxy })).toEqual({
    kind: 'transparent-v4',
    proxy: v4.proxy,
    implementation: poolV1,
    admin: v4.proxyAdmin,
    adminIsContract: true,
  });
  expect(await detectProxyKind({ client, address: uups.proxy })).toEqual({
    kind: 'uups',
    proxy: uups.proxy,
    implementation: vaultV1,
  });
  expect(await detectProxyKind({ client, address: beacon.proxy })).toEqual({
    kind: 'beacon',
    proxy: beacon.proxy,
    beacon: beacon.beacon,
    implementation: poolV1,
  });
});

test('slots are the EIP-1967 constants', () => {
  expect(eip1967Slots).toEqual({
    implementation: '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc',
    admin: '0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103',
    beacon: '0xa3f0ad74e5423aebfd80d3ef4346578335a9a72aeaee59ff6cb3582b35133d50',
  });
});

describe('errors', () => {
  const reject = async (address: `0x${string}`) => {
    try {
      await detectProxyKind({ client: clients.publicClient, address });
    } catch (error) {
      expect(error).toBeInstanceOf(UnknownProxyKindError);
      return (error as UnknownProxyKindError).message;
    }
    throw new Error('expected UnknownProxyKindError');
  };

  test('an account without code', async () => {
    expect(await reject(desk.accounts.executor.address)).toContain('there is no contract at this address');
  });

  test('a contract that is not a proxy', async () => {
    const message = await reject(desk.implementations.poolV1);
    expect(message).toContain('none of the EIP-1967 implementation, admin or beacon slots is set');
    expect(message).toContain('If this is the implementation rather than the proxy, use the proxy address.');
  });

  test('an ERC1967Proxy whose implementation is not UUPS', async () => {
    const hash = await clients.walletClient.deployContract({
      abi: erc1967ProxyAbi,
      bytecode: erc1967ProxyBytecode,
      args: [
        desk.implementations.poolV1,
        encodeFunctionData({ abi: demoPoolV1Abi, functionName: 'initialize', args: [desk.safe, 30n] }),
      ],
      account: clients.walletClient.account!,
      chain: clients.chain,
    });
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
    const message = await reject(receipt.contractAddress!);
    expect(message).toContain('does not answer proxiableUUID(), so it is not UUPS');
    expect(message).toContain(`EIP-1967 implementation slot: ${desk.implementations.poolV1}`);
  });
});
