import { type Address, createPublicClient, encodeFunctionData, getAddress, http, parseAbi, parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { type AnvilInstance, startAnvil } from '../fork/anvil.js';
import { type DeskClients, type LocalDesk, deployLocalDesk, deskClients } from '../../devkit/devnet/localDesk.js';
import {
  demoVaultV1Abi,
  erc1967ProxyAbi,
  erc1967ProxyBytecode,
  proxyAdminAbi,
  transparentUpgradeableProxyAbi,
  transparentUpgradeableProxyBytecode,
} from '../generated/index.js';
import { authorityMap } from './authorityMap.js';
import { diffAuthority } from './diffAuthority.js';
import { RpcUnreachableError } from './errors.js';
import { knownRoles } from './readers.js';
import { compileRoleVault } from './roleVault.fixture.js';
import { encodeMultiSend } from '../safe/multiSend.js';
import { multiSendAbi } from '../generated/safe.js';
import { simulateAuthorityEffects } from '../simulate/authorityEffects.js';

/** Several Anvil chains run at once when the whole suite runs: give each step room. */
vi.setConfig({ testTimeout: 60_000 });

let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;

beforeAll(async () => {
  anvil = await startAnvil({ port: 8571 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
});

const allProxies = () => [desk.proxies.transparent.proxy, desk.proxies.uups.proxy, desk.proxies.beacon.proxy];

/** Sends a call as the Safe itself (impersonated: the guard sees nothing), to set up a bad configuration. */
async function asSafe(to: Address, data: `0x${string}`) {
  const { testClient, publicClient } = clients;
  await testClient.impersonateAccount({ address: desk.safe });
  await testClient.setBalance({ address: desk.safe, value: parseEther('1') });
  const hash = await clients.walletClient.sendTransaction({ account: desk.safe, to, data, chain: clients.chain });
  await publicClient.waitForTransactionReceipt({ hash });
  await testClient.stopImpersonatingAccount({ address: desk.safe });
}

test('default: the Safe is the only authority of every desk proxy', async () => {
  const map = await authorityMap({ publicClient: clients.publicClient, proxies: allProxies(), safe: desk.safe });
  expect(map.findings).toEqual([]);
  const [transparent, uups, beacon] = map.proxies;
  expect(transparent).toMatchObject({
    kind: 'transparent-v5',
    admin: desk.proxies.transparent.proxyAdmin,
    paths: [{ via: 'proxyAdmin', holders: [desk.proxies.transparent.proxyAdmin, desk.safe], isSafe: true }],
  });
  expect(uups).toMatchObject({ kind: 'uups', paths: [{ via: 'uupsOwner', authority: desk.safe, isSafe: true }] });
  // Every path ends in the desk's Safe: 2 of 3, guarded by its Manifest Guard.
  for (const entry of map.proxies) {
    expect(entry.paths[0]!.holder).toMatchObject({ kind: 'safe', threshold: 2, owners: 3, guardIsManifestGuard: true });
  }
  expect(uups!.paths[0]!.note).toContain('implementation-defined');
  expect(beacon).toMatchObject({
    kind: 'beacon',
    beacon: desk.proxies.beacon.beacon,
    paths: [{ via: 'beaconOwner', holders: [desk.proxies.beacon.beacon, desk.safe] }],
  });
});

describe('findings', () => {
  test('ProxyAdmin owned by an EOA, and the diff', async () => {
    const snapshot = await clients.testClient.snapshot();
    const before = await authorityMap({ publicClient: clients.publicClient, proxies: allProxies(), safe: desk.safe });
    const eoa = desk.accounts.deployer.address;
    await asSafe(
      desk.proxies.transparent.proxyAdmin,
      encodeFunctionData({ abi: proxyAdminAbi, functionName: 'transferOwnership', args: [eoa] }),
    );
    const after = await authorityMap({ publicClient: clients.publicClient, proxies: allProxies(), safe: desk.safe });
    expect(after.findings).toEqual([
      expect.objectContaining({ proxy: desk.proxies.transparent.proxy, kind: 'authorityNotSafe' }),
      expect.objectContaining({ proxy: desk.proxies.transparent.proxy, kind: 'holderIsEoa' }),
    ]);
    expect(after.findings[0]!.message).toContain(`ends in ${eoa}, not the Safe`);
    expect(after.proxies[0]!.paths[0]!.holder).toEqual({ kind: 'eoa' });
    expect(diffAuthority(before, after)).toEqual({
      gained: [{ proxy: desk.proxies.transparent.proxy, via: 'proxyAdmin', address: eoa }],
      lost: [{ proxy: desk.proxies.transparent.proxy, via: 'proxyAdmin', address: desk.safe }],
      changed: true,
    });
    expect(diffAuthority(before, before).changed).toBe(false);
    await clients.testClient.revert({ id: snapshot });
  });

  test('a UUPS implementation behind a Transparent proxy is a second upgrade path', async () => {
    const hash = await clients.walletClient.deployContract({
      abi: transparentUpgradeableProxyAbi,
      bytecode: transparentUpgradeableProxyBytecode,
      args: [
        desk.implementations.vaultV1,
        desk.safe,
        encodeFunctionData({ abi: demoVaultV1Abi, functionName: 'initialize', args: [desk.safe] }),
      ],
      account: clients.walletClient.account!,
      chain: clients.chain,
    });
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
    const proxy = getAddress(receipt.contractAddress!);
    const map = await authorityMap({ publicClient: clients.publicClient, proxies: [proxy], safe: desk.safe });
    expect(map.proxies[0]!.paths.map((path) => path.via)).toEqual(['proxyAdmin', 'uupsImplementation']);
    expect(map.findings).toEqual([expect.objectContaining({ proxy, kind: 'secondUpgradePath' })]);
  });

  test('AccessControl UUPS: role holders are the paths, an account holding UPGRADER_ROLE is a finding', async () => {
    const { abi, bytecode } = compileRoleVault();
    const deploy = async (contractAbi: readonly unknown[], code: `0x${string}`, args: readonly unknown[]) => {
      const hash = await clients.walletClient.deployContract({
        abi: contractAbi as never,
        bytecode: code,
        args: args as never,
        account: clients.walletClient.account!,
        chain: clients.chain,
      });
      return getAddress((await clients.publicClient.waitForTransactionReceipt({ hash })).contractAddress!);
    };
    const eoa = desk.accounts.deployer.address;
    const implementation = await deploy(abi, bytecode, []);
    const proxy = await deploy(erc1967ProxyAbi, erc1967ProxyBytecode, [
      implementation,
      encodeFunctionData({
        abi: parseAbi(['function initialize(address admin, address upgrader)']),
        functionName: 'initialize',
        args: [desk.safe, eoa],
      }),
    ]);
    const map = await authorityMap({ publicClient: clients.publicClient, proxies: [proxy], safe: desk.safe });
    expect(map.proxies[0]!.kind).toBe('uups');
    expect(map.proxies[0]!.paths).toEqual([
      expect.objectContaining({
        via: 'role',
        authority: desk.safe,
        isSafe: true,
        role: expect.objectContaining({ name: 'DEFAULT_ADMIN_ROLE' }),
      }),
      expect.objectContaining({
        via: 'role',
        authority: eoa,
        isSafe: false,
        role: { id: knownRoles[1]!.id, name: 'UPGRADER_ROLE', admin: knownRoles[0]!.id, upgrades: true },
      }),
    ]);
    expect(map.findings).toEqual([
      expect.objectContaining({ proxy, kind: 'authorityNotSafe' }),
      expect.objectContaining({ proxy, kind: 'holderIsEoa' }),
    ]);
    expect(map.findings[1]!.message).toContain(`${eoa}, an externally owned account, holds UPGRADER_ROLE on the proxy`);
  }, 60_000);

  test('plain AccessControl (not enumerable): a role handed over in a batch is seen through its events', async () => {
    const { abi, bytecode } = compileRoleVault({ enumerable: false });
    const deploy = async (contractAbi: readonly unknown[], code: `0x${string}`, args: readonly unknown[]) => {
      const hash = await clients.walletClient.deployContract({
        abi: contractAbi as never,
        bytecode: code,
        args: args as never,
        account: clients.walletClient.account!,
        chain: clients.chain,
      });
      return getAddress((await clients.publicClient.waitForTransactionReceipt({ hash })).contractAddress!);
    };
    const implementation = await deploy(abi, bytecode, []);
    const vault = await deploy(erc1967ProxyAbi, erc1967ProxyBytecode, [
      implementation,
      encodeFunctionData({
        abi: parseAbi(['function initialize(address admin, address upgrader)']),
        functionName: 'initialize',
        args: [desk.safe, desk.safe],
      }),
    ]);
    const roles = parseAbi(['function grantRole(bytes32,address)', 'function revokeRole(bytes32,address)']);
    const outsider = getAddress('0x000000000000000000000000000000000000bEEF');
    const admin = knownRoles[0]!.id;
    const grant = encodeFunctionData({ abi: roles, functionName: 'grantRole', args: [admin, outsider] });
    const revoke = encodeFunctionData({ abi: roles, functionName: 'revokeRole', args: [admin, desk.safe] });
    const batch = {
      to: desk.safeContracts['1.5.0'].MultiSendCallOnly,
      value: 0n,
      operation: 1,
      data: encodeFunctionData({
        abi: multiSendAbi,
        functionName: 'multiSend',
        args: [
          encodeMultiSend([
            { to: vault, value: 0n, data: grant },
            { to: vault, value: 0n, data: revoke },
          ]),
        ],
      }),
    };
    const common = { rpcUrl: anvil.rpcUrl, safe: desk.safe, multiSendCallOnly: batch.to };

    const handover = await simulateAuthorityEffects({ ...common, calls: [batch] });
    expect(handover.reverted).toBe(false);
    expect(handover.findings).toEqual([
      expect.objectContaining({
        kind: 'authorityLeftSafe',
        contract: vault,
        via: 'role',
        role: { id: admin, name: 'DEFAULT_ADMIN_ROLE' },
        holder: outsider,
      }),
    ]);
    expect(handover.gained).toEqual([{ contract: vault, via: 'role', role: admin, address: outsider }]);

    const added = await simulateAuthorityEffects({
      ...common,
      calls: [{ to: vault, value: 0n, data: grant, operation: 0 }],
    });
    expect(added.findings).toEqual([
      expect.objectContaining({ kind: 'authorityOutsideDeclared', contract: vault, holder: outsider }),
    ]);
    const declared = await simulateAuthorityEffects({
      ...common,
      calls: [{ to: vault, value: 0n, data: grant, operation: 0 }],
      declared: [outsider],
    });
    expect(declared.findings).toEqual([]);
    expect(declared.gained).toEqual([{ contract: vault, via: 'role', role: admin, address: outsider }]);
  }, 120_000);

  test('not a proxy', async () => {
    const map = await authorityMap({ publicClient: clients.publicClient, proxies: [desk.safe], safe: desk.safe });
    expect(map.findings).toEqual([expect.objectContaining({ kind: 'unknownProxy', proxy: desk.safe })]);
  });

  test('an UpgradeableBeacon given in place of its proxies: its owner is the path (a beacon upgrade step calls it)', async () => {
    const { beacon } = desk.proxies.beacon;
    const map = await authorityMap({ publicClient: clients.publicClient, proxies: [beacon], safe: desk.safe });
    expect(map.findings).toEqual([]);
    expect(map.proxies).toEqual([
      expect.objectContaining({
        proxy: beacon,
        kind: 'upgradeableBeacon',
        beacon,
        implementation: desk.implementations.poolV1,
        paths: [expect.objectContaining({ via: 'beaconOwner', holders: [beacon, desk.safe], isSafe: true })],
      }),
    ]);
  });
});

describe('errors', () => {
  test('node down', async () => {
    const publicClient = createPublicClient({ transport: http('http://127.0.0.1:8579', { retryCount: 0 }) });
    const error = await authorityMap({ publicClient, proxies: [], safe: desk.safe }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcUnreachableError);
    expect((error as Error).message).toContain('Could not reach http://127.0.0.1:8579: is the node running?');
  });
});
