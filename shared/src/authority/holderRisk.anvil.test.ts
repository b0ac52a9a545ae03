import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { type Abi, type Address, type Hex, encodeFunctionData, getAddress, zeroAddress, zeroHash } from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { upgradeRelease, upgradeRollback } from '../../devkit/demo/releasePlan.js';
import { type DeskClients, type LocalDesk, deployLocalDesk, deskClients } from '../../devkit/devnet/localDesk.js';
import { registerOnDesk } from '../../devkit/fixtures/deskFixtures.js';
import { type AnvilInstance, startAnvil } from '../fork/anvil.js';
import { type GateParameters, gate } from '../gate/gate.js';
import { withEvidence } from '../gate/testFixtures.js';
import { safeAbi, safeProxyFactoryAbi } from '../generated/safe.js';
import {
  demoPoolV1Abi,
  erc1967ProxyAbi,
  erc1967ProxyBytecode,
  transparentUpgradeableProxyAbi,
  transparentUpgradeableProxyBytecode,
} from '../generated/index.js';
import { fromManifest } from '../package/fromManifest.js';
import type { AuthorityEffects } from '../simulate/authorityEffects.js';
import { canonicalMulticall3 } from '../verify/batchReads.js';
import { authorityMap } from './authorityMap.js';
import { classifyHolder } from './classifyHolder.js';
import { withExpectations } from './findings.js';
import { compileRoleVault } from './roleVault.fixture.js';

/** Several Anvil chains run at once when the whole suite runs: give each step room. */
vi.setConfig({ testTimeout: 60_000 });

let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
let base: Omit<GateParameters, 'proxies'>;

/** An account that holds nothing yet (not a desk role): the EOA that owns a ProxyAdmin. */
const eoa = getAddress('0x00000000000000000000000000000000000e0a01');

beforeAll(async () => {
  anvil = await startAnvil({ port: 8723 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  const now = (await clients.publicClient.getBlock()).timestamp;
  const rollback = withEvidence(upgradeRollback(desk, now));
  const rollbackId = await registerOnDesk(clients, desk, rollback.manifest);
  const release = withEvidence(upgradeRelease(desk, now, rollbackId));
  await registerOnDesk(clients, desk, release.manifest, { approve: false });
  const block = await clients.publicClient.getBlock();
  // The authority simulation of the proposed step is not what these tests judge: pass one in which nothing changed
  // (the gate runs no fork then).
  const unchanged: AuthorityEffects = {
    blockBefore: Number(block.number),
    blockAfter: Number(block.number),
    contracts: [],
    emitters: [],
    before: { blockNumber: Number(block.number), contracts: [], holdings: [] },
    after: { blockNumber: Number(block.number), contracts: [], holdings: [] },
    gained: [],
    lost: [],
    findings: [],
    forkedFrom: anvil.rpcUrl,
    forkBlockNumber: Number(block.number),
    forkBlockHash: block.hash,
    reverted: false,
    error: null,
    authorityMapAfter: null,
  };
  base = {
    manifest: release.manifest,
    evidence: release.evidence,
    proposed: release.manifest.phases[0]!.steps[0]!,
    chainId: desk.chainId,
    safe: desk.safe,
    executor: desk.accounts.executor.address,
    chain: { publicClient: clients.publicClient, guard: desk.guard },
    authorityEffects: unchanged,
  };
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
});

async function deploy(abi: Abi, bytecode: Hex, args: readonly unknown[]): Promise<Address> {
  const hash = await clients.walletClient.deployContract({
    abi,
    bytecode,
    args: args as never,
    account: clients.walletClient.account!,
    chain: clients.chain,
  });
  return getAddress((await clients.publicClient.waitForTransactionReceipt({ hash })).contractAddress!);
}

/** A fresh OpenZeppelin v5 Transparent proxy whose own ProxyAdmin is owned by `owner`. */
async function proxyOwnedBy(owner: Address): Promise<Address> {
  // The pool's own owner is the desk's Safe: only the ProxyAdmin's owner is under test.
  const init = encodeFunctionData({ abi: demoPoolV1Abi, functionName: 'initialize', args: [desk.safe, 30n] });
  return deploy(transparentUpgradeableProxyAbi, transparentUpgradeableProxyBytecode, [
    desk.implementations.poolV1,
    owner,
    init,
  ]);
}

/** A fresh Safe 1.5.0 of the desk's three owners with `threshold`, no guard, through the desk's Safe factory. */
async function safeWithThreshold(threshold: bigint): Promise<Address> {
  const contracts = desk.safeContracts['1.5.0'];
  const initializer = encodeFunctionData({
    abi: safeAbi,
    functionName: 'setup',
    args: [
      desk.accounts.owners.map((owner) => owner.address),
      threshold,
      zeroAddress,
      '0x',
      contracts.CompatibilityFallbackHandler,
      zeroAddress,
      0n,
      zeroAddress,
    ],
  });
  const call = {
    account: desk.accounts.deployer,
    chain: clients.chain,
    address: contracts.SafeProxyFactory,
    abi: safeProxyFactoryAbi,
    functionName: 'createProxyWithNonce',
    args: [contracts.Safe, initializer, BigInt(Date.now()) + threshold],
  } as const;
  const { result } = await clients.publicClient.simulateContract(call);
  await clients.publicClient.waitForTransactionReceipt({ hash: await clients.walletClient.writeContract(call) });
  return getAddress(result as Address);
}

/** An OpenZeppelin TimelockController with `minDelay`, the deployer its proposer and executor, no admin. */
async function timelock(minDelay: bigint): Promise<Address> {
  const path = createRequire(import.meta.url).resolve(
    '@openzeppelin/contracts/build/contracts/TimelockController.json',
  );
  const artifact = JSON.parse(readFileSync(path, 'utf8')) as { abi: Abi; bytecode: Hex };
  const deployer = desk.accounts.deployer.address;
  return deploy(artifact.abi, artifact.bytecode, [minDelay, [deployer], [deployer], zeroAddress]);
}

/** The gate's authority reasons for `proxies`, with the rest of the answer. */
async function gateOn(proxies: Address[], overrides: Partial<GateParameters> = {}) {
  const result = await gate({ ...base, proxies, ...overrides });
  const authority = result.reasons.filter((reason) => reason.rule.startsWith('authority:'));
  return { result, authority };
}

describe('classifyHolder', () => {
  test("the desk's Safe: 2 of 3, Manifest Guard as guard and module guard", async () => {
    expect(await classifyHolder(clients.publicClient, desk.safe)).toEqual({
      kind: 'safe',
      version: '1.5.0',
      threshold: 2,
      owners: 3,
      guard: desk.guard,
      guardIsManifestGuard: true,
      moduleGuard: desk.guard,
      modules: [],
    });
  });

  test('a batch that fails (another contract at the Multicall3 address) is read call by call: the Safe is still a Safe', async () => {
    // A ProxyAdmin has no fallback: `aggregate3` sent to it reverts, so the batch call itself fails.
    const multicallAddress = desk.proxies.transparent.proxyAdmin;
    expect(await classifyHolder(clients.publicClient, desk.safe, { multicallAddress })).toMatchObject({
      kind: 'safe',
      threshold: 2,
      owners: 3,
      guardIsManifestGuard: true,
    });
  });

  test('an account without code, and an EIP-7702 delegated account, are EOAs', async () => {
    expect(await classifyHolder(clients.publicClient, eoa)).toEqual({ kind: 'eoa' });
    const delegated = getAddress('0x00000000000000000000000000000000000e0a02');
    await clients.testClient.setCode({ address: delegated, bytecode: `0xef0100${desk.safe.slice(2).toLowerCase()}` });
    expect(await classifyHolder(clients.publicClient, delegated)).toEqual({ kind: 'eoa', delegatedTo: desk.safe });
  });

  test('a TimelockController with its delay; other contracts, odd ones too, are contracts', async () => {
    const lock = await timelock(3600n);
    expect(await classifyHolder(clients.publicClient, lock)).toEqual({ kind: 'timelock', minDelay: 3600n });
    expect(await classifyHolder(clients.publicClient, desk.guard)).toEqual({ kind: 'contract' });
    expect(await classifyHolder(clients.publicClient, canonicalMulticall3)).toEqual({ kind: 'contract' });
    // Code that answers every call with 32 zero bytes, then with a revert.
    const odd = getAddress('0x00000000000000000000000000000000000e0a03');
    await clients.testClient.setCode({ address: odd, bytecode: '0x60206000f3' });
    expect(await classifyHolder(clients.publicClient, odd)).toEqual({ kind: 'contract' });
    await clients.testClient.setCode({ address: odd, bytecode: '0x60006000fd' });
    expect(await classifyHolder(clients.publicClient, odd)).toEqual({ kind: 'contract' });
  });
});

describe('the gate holds on each risky holder, naming it', () => {
  test("the desk's own guarded Safe raises no holder finding", async () => {
    const { transparent, uups, beacon } = desk.proxies;
    const { result, authority } = await gateOn([transparent.proxy, uups.proxy, beacon.proxy]);
    expect(authority).toEqual([]);
    expect(result.decision).toBe('hold'); // not approved yet: the guard's reasons only
    expect(result.reasons.map((reason) => reason.rule)).toEqual(['notApproved', 'rollbackNotReady']);
  });

  test('an EOA-owned ProxyAdmin', async () => {
    const proxy = await proxyOwnedBy(eoa);
    const { result, authority } = await gateOn([proxy]);
    expect(result.decision).toBe('hold');
    expect(authority.map((reason) => reason.rule)).toEqual(['authority:authorityNotSafe', 'authority:holderIsEoa']);
    const [, holderIsEoa] = authority;
    expect(holderIsEoa).toMatchObject({ decision: 'hold', values: { proxy, authority: eoa, holder: 'EOA' } });
    expect(holderIsEoa!.message).toContain(`${eoa}, an externally owned account, owns the ProxyAdmin 0x`);
    expect(holderIsEoa!.message).toContain('Move the authority to the Safe guarded by Manifest Guard');
  });

  test('a 1-of-3 Safe as owner', async () => {
    const single = await safeWithThreshold(1n);
    const proxy = await proxyOwnedBy(single);
    const { result, authority } = await gateOn([proxy]);
    expect(result.decision).toBe('hold');
    expect(authority.map((reason) => reason.rule)).toEqual([
      'authority:authorityNotSafe',
      'authority:holderIsSingleSignerSafe',
      'authority:holderSafeUnguarded',
    ]);
    expect(authority[1]!.values).toEqual({ proxy, authority: single, holder: 'Safe 1.5.0, 1 of 3, no guard' });
    expect(authority[1]!.message).toContain(`${single}, a 1-of-3 Safe 1.5.0, owns the ProxyAdmin`);
    expect(authority[1]!.message).toContain('any one of its 3 owners can upgrade the proxy alone');
  });

  test('a 2-of-3 Safe without the guard', async () => {
    const unguarded = await safeWithThreshold(2n);
    const proxy = await proxyOwnedBy(unguarded);
    const { authority } = await gateOn([proxy]);
    expect(authority.map((reason) => reason.rule)).toEqual([
      'authority:authorityNotSafe',
      'authority:holderSafeUnguarded',
    ]);
    expect(authority[1]!.message).toContain(`${unguarded}, a 2-of-3 Safe 1.5.0 with no guard, owns the ProxyAdmin`);
    expect(authority[1]!.message).toContain('Install Manifest Guard on it');
  });

  test("the team's own Safe without the guard", async () => {
    const unguarded = await safeWithThreshold(2n);
    const proxy = await proxyOwnedBy(unguarded);
    const map = await authorityMap({ publicClient: clients.publicClient, proxies: [proxy], safe: unguarded });
    expect(map.findings.map((finding) => finding.kind)).toEqual(['holderSafeUnguarded']);
    expect(map.findings[0]!.message).toContain(`the Safe ${unguarded}, a 2-of-3 Safe 1.5.0 with no guard`);
  });

  test("the team's guarded Safe with a module that runs without the guard", async () => {
    const { testClient, publicClient, walletClient } = clients;
    const module = getAddress('0x00000000000000000000000000000000000e0a0b');
    const snapshot = await testClient.snapshot();
    // As the Safe itself (impersonated: the guard sees nothing), to set up the bad configuration.
    await testClient.impersonateAccount({ address: desk.safe });
    await testClient.setBalance({ address: desk.safe, value: 10n ** 18n });
    for (const data of [
      encodeFunctionData({ abi: safeAbi, functionName: 'enableModule', args: [module] }),
      encodeFunctionData({ abi: safeAbi, functionName: 'setModuleGuard', args: [zeroAddress] }),
    ]) {
      const hash = await walletClient.sendTransaction({
        account: desk.safe,
        chain: clients.chain,
        to: desk.safe,
        data,
      });
      await publicClient.waitForTransactionReceipt({ hash });
    }
    await testClient.stopImpersonatingAccount({ address: desk.safe });
    try {
      expect(await classifyHolder(publicClient, desk.safe)).toMatchObject({
        guardIsManifestGuard: true,
        moduleGuard: undefined,
        modules: [module],
      });
      const { authority } = await gateOn([desk.proxies.uups.proxy]);
      expect(authority.map((reason) => reason.rule)).toEqual(['authority:holderSafeUnguarded']);
      expect(authority[0]!.message).toContain(
        `the Safe ${desk.safe}, a 2-of-3 Safe 1.5.0 with Manifest Guard, is owner() of the UUPS proxy, but its 1 ` +
          `enabled module(s) (${module}) execute without the guard: no module guard is set.`,
      );
    } finally {
      await testClient.revert({ id: snapshot });
    }
  });

  test('a TimelockController owner, classified with its delay, held below the package minimum', async () => {
    const lock = await timelock(3600n);
    const proxy = await proxyOwnedBy(lock);
    const without = await gateOn([proxy]);
    expect(without.authority.map((reason) => reason.rule)).toEqual(['authority:authorityNotSafe']);
    expect(without.authority[0]!.values.holder).toBe('TimelockController, delay 3600 s');

    const pkg = fromManifest({
      manifest: base.manifest!,
      chainId: desk.chainId,
      safe: desk.safe,
      guard: desk.guard,
      title: 't',
    });
    const strict = { ...pkg, extra: { ...pkg.extra, 'x-manifest-guard': { minTimelockDelay: 86400 } } };
    const { result, authority } = await gateOn([proxy], { manifest: undefined, pkg: strict, declared: [lock] });
    expect(result.decision).toBe('hold');
    // Declared: no authorityNotSafe; its delay is below the package's minimum.
    expect(authority.map((reason) => reason.rule)).toEqual(['authority:holderIsShortTimelock']);
    expect(authority[0]!.message).toContain(
      `${lock}, a TimelockController with a delay of 3600 s, owns the ProxyAdmin`,
    );
    expect(authority[0]!.message).toContain('less than the 86400 s the team requires');
  });

  test('a path to an authority the team did not declare', async () => {
    const proxy = await proxyOwnedBy(eoa);
    const declared = [getAddress('0x00000000000000000000000000000000000e0a09')];
    const { authority } = await gateOn([proxy], { declared });
    expect(authority.map((reason) => reason.rule)).toEqual(['authority:undeclaredPath', 'authority:holderIsEoa']);
    expect(authority[0]!.message).toContain(`ends in ${eoa} (EOA), which is neither the Safe nor a declared authority`);
    // Declaring the EOA removes the path finding, not the risk of one key.
    const accepted = await gateOn([proxy], { declared: [eoa] });
    expect(accepted.authority.map((reason) => reason.rule)).toEqual(['authority:holderIsEoa']);
  });
});

describe('configured roles: who can mint', () => {
  /**
   * A UUPS AccessControlEnumerable contract whose admin and upgrader are the desk's Safe, and whose MINTER_ROLE is
   * held by `minters`.
   */
  async function mintable(minters: Address[]): Promise<Address> {
    const vault = compileRoleVault();
    const implementation = await deploy(vault.abi, vault.bytecode, []);
    const deployer = desk.accounts.deployer.address;
    const init = encodeFunctionData({ abi: vault.abi, functionName: 'initialize', args: [deployer, desk.safe] });
    const proxy = await deploy(erc1967ProxyAbi, erc1967ProxyBytecode, [implementation, init]);
    const send = async (functionName: string, args: readonly unknown[]) => {
      const hash = await clients.walletClient.writeContract({
        account: clients.walletClient.account!,
        chain: clients.chain,
        address: proxy,
        abi: vault.abi,
        functionName,
        args,
      });
      await clients.publicClient.waitForTransactionReceipt({ hash });
    };
    const minterRole = (await clients.publicClient.readContract({
      address: proxy,
      abi: vault.abi,
      functionName: 'MINTER_ROLE',
    })) as Hex;
    for (const minter of minters) await send('grantRole', [minterRole, minter]);
    await send('grantRole', [zeroHash, desk.safe]);
    await send('renounceRole', [zeroHash, deployer]);
    return proxy;
  }

  test('an EOA and a 1-of-3 Safe holding MINTER_ROLE: the gate holds, naming each holder and what it can do', async () => {
    const single = await safeWithThreshold(1n);
    const proxy = await mintable([eoa, single]);
    const map = await authorityMap({ publicClient: clients.publicClient, proxies: [proxy], safe: desk.safe });
    expect(
      map.proxies[0]!.paths.map((path) => [path.via, path.role?.name, path.role?.upgrades, path.authority]),
    ).toEqual([
      ['role', 'DEFAULT_ADMIN_ROLE', true, desk.safe],
      ['role', 'UPGRADER_ROLE', true, desk.safe],
      ['role', 'MINTER_ROLE', false, eoa],
      ['role', 'MINTER_ROLE', false, single],
    ]);

    const { result, authority } = await gateOn([proxy]);
    expect(result.decision).toBe('hold');
    // A minter is not an upgrade path: no authorityNotSafe, only the holders' risk.
    expect(authority.map((reason) => [reason.rule, reason.values.authority])).toEqual([
      ['authority:holderIsEoa', eoa],
      ['authority:holderIsSingleSignerSafe', single],
      ['authority:holderSafeUnguarded', single],
    ]);
    expect(authority[0]!.message).toContain(
      `${eoa}, an externally owned account, holds MINTER_ROLE on the proxy: whoever holds its key can use ` +
        'MINTER_ROLE on the proxy alone, outside any release.',
    );
    expect(authority[1]!.message).toContain(
      `${single}, a 1-of-3 Safe 1.5.0, holds MINTER_ROLE on the proxy: any one of its 3 owners can use MINTER_ROLE ` +
        'on the proxy alone.',
    );
  });

  test("roles come from the package's x-manifest-guard.roles; an empty list reads none, a bad one is refused", async () => {
    const proxy = await mintable([eoa]);
    const pkg = fromManifest({
      manifest: base.manifest!,
      chainId: desk.chainId,
      safe: desk.safe,
      guard: desk.guard,
      title: 't',
    });
    const withRoles = (roles: string[]) => ({ ...pkg, extra: { ...pkg.extra, 'x-manifest-guard': { roles } } });
    const none = await gateOn([proxy], { manifest: undefined, pkg: withRoles([]) });
    expect(none.authority).toEqual([]);
    const other = await gateOn([proxy], { manifest: undefined, pkg: withRoles(['PAUSER_ROLE']) });
    expect(other.authority).toEqual([]);
    const minter = await gateOn([proxy], { manifest: undefined, pkg: withRoles(['MINTER_ROLE']) });
    expect(minter.authority.map((reason) => reason.rule)).toEqual(['authority:holderIsEoa']);
    await expect(gateOn([proxy], { manifest: undefined, pkg: withRoles(['minter role']) })).rejects.toThrow(
      '"minter role" is not a role: neither a name like MINTER_ROLE nor a bytes32 role id',
    );
  });

  test('behind a Transparent proxy, MINTER_ROLE and its admin role are read too', async () => {
    const vault = compileRoleVault();
    const implementation = await deploy(vault.abi, vault.bytecode, []);
    const init = encodeFunctionData({ abi: vault.abi, functionName: 'initialize', args: [eoa, desk.safe] });
    const proxy = await deploy(transparentUpgradeableProxyAbi, transparentUpgradeableProxyBytecode, [
      implementation,
      desk.safe,
      init,
    ]);
    const map = await authorityMap({ publicClient: clients.publicClient, proxies: [proxy], safe: desk.safe });
    const roles = map.proxies[0]!.paths.filter((path) => path.via === 'role');
    // Nobody holds MINTER_ROLE; its admin role (DEFAULT_ADMIN_ROLE) is the EOA's: it can grant it to itself.
    expect(roles.map((path) => [path.role?.name, path.role?.upgrades, path.authority])).toEqual([
      ['DEFAULT_ADMIN_ROLE', false, eoa],
    ]);
    expect(map.findings.map((finding) => finding.kind)).toEqual(['secondUpgradePath', 'holderIsEoa']);
    expect(map.findings[1]!.message).toContain(
      `${eoa}, an externally owned account, holds DEFAULT_ADMIN_ROLE on the proxy`,
    );
  });
});

describe('withExpectations', () => {
  test('is idempotent and leaves the findings alone without expectations', async () => {
    const proxy = await proxyOwnedBy(eoa);
    const map = await authorityMap({ publicClient: clients.publicClient, proxies: [proxy], safe: desk.safe });
    expect(withExpectations(map)).toEqual(map);
    const once = withExpectations(map, { declared: [desk.accounts.deployer.address], minTimelockDelay: 1n });
    expect(withExpectations(once, { declared: [desk.accounts.deployer.address], minTimelockDelay: 1n })).toEqual(once);
    expect(once.findings.map((finding) => finding.kind)).toEqual(['undeclaredPath', 'holderIsEoa']);
  });
});
