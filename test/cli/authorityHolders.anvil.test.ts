import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Abi, type Address, type Hex, encodeFunctionData, getAddress, zeroAddress } from 'viem';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';

import {
  type DeskClients,
  type LocalDesk,
  deployLocalDesk,
  deskClients,
} from '../../shared/devkit/devnet/localDesk.js';
import { type AnvilInstance, startAnvil } from '../../shared/src/fork/anvil.js';
import {
  demoPoolV1Abi,
  transparentUpgradeableProxyAbi,
  transparentUpgradeableProxyBytecode,
  upgradeableBeaconAbi,
} from '../../shared/src/generated/index.js';
import { upgradeRelease } from '../../shared/devkit/demo/releasePlan.js';
import { fromManifest } from '../../shared/src/package/fromManifest.js';
import { serializeReleasePackage } from '../../shared/src/package/serializeReleasePackage.js';
import { cli } from './cli.js';

/** Several Anvil chains run at once when the whole suite runs: give each step room. */
vi.setConfig({ testTimeout: 90_000 });

let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
let rpc: string[];

/** An account without code that owns a fresh ProxyAdmin. */
const eoa = getAddress('0x00000000000000000000000000000000000e0b01');

beforeAll(async () => {
  anvil = await startAnvil({ port: 8722 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  rpc = ['--rpc', anvil.rpcUrl];
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
});

/** A fresh OpenZeppelin v5 Transparent proxy whose own ProxyAdmin is owned by `owner`. */
async function proxyOwnedBy(owner: Address): Promise<Address> {
  const hash = await clients.walletClient.deployContract({
    abi: transparentUpgradeableProxyAbi as Abi,
    bytecode: transparentUpgradeableProxyBytecode as Hex,
    args: [
      desk.implementations.poolV1,
      owner,
      encodeFunctionData({ abi: demoPoolV1Abi, functionName: 'initialize', args: [desk.safe, 30n] }),
    ] as never,
    account: clients.walletClient.account!,
    chain: clients.chain,
  });
  return getAddress((await clients.publicClient.waitForTransactionReceipt({ hash })).contractAddress!);
}

test("authority prints each holder's class; the desk's guarded Safe: exit 0", async () => {
  const { transparent } = desk.proxies;
  const result = await cli(['authority', ...rpc, '--safe', desk.safe, '--proxy', transparent.proxy]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(
    `proxyAdmin: ${transparent.proxyAdmin} → ${desk.safe} (the Safe) — Safe 1.5.0, 2 of 3, Manifest Guard`,
  );
  expect(result.stdout).toContain('✓ the Safe is the only authority');
});

test('an EOA-owned ProxyAdmin: the class and the flags in text and --json, exit 1', async () => {
  const proxy = await proxyOwnedBy(eoa);
  const text = await cli(['authority', ...rpc, '--safe', desk.safe, '--proxy', proxy]);
  expect(text.code).toBe(1);
  expect(text.stdout).toMatch(new RegExp(`proxyAdmin: 0x[0-9a-fA-F]{40} → ${eoa} — EOA`));
  expect(text.stdout).toContain(`✗ holderIsEoa ${proxy}: ${proxy}: ${eoa}, an externally owned account, owns the`);

  const json = await cli(['authority', ...rpc, '--safe', desk.safe, '--proxy', proxy, '--json']);
  expect(json.code).toBe(1);
  expect(json.json.proxies[0].paths[0].holder).toEqual({ kind: 'eoa' });
  expect(json.json.findings.map((finding: { kind: string }) => finding.kind)).toEqual([
    'authorityNotSafe',
    'holderIsEoa',
  ]);
});

test('a TimelockController owner with its delay; --min-timelock-delay above it flags it', async () => {
  const artifact = JSON.parse(
    readFileSync(
      createRequire(import.meta.url).resolve('@openzeppelin/contracts/build/contracts/TimelockController.json'),
      'utf8',
    ),
  ) as { abi: Abi; bytecode: Hex };
  const deployer = desk.accounts.deployer.address;
  const hash = await clients.walletClient.deployContract({
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    args: [3600n, [deployer], [deployer], zeroAddress] as never,
    account: clients.walletClient.account!,
    chain: clients.chain,
  });
  const lock = getAddress((await clients.publicClient.waitForTransactionReceipt({ hash })).contractAddress!);
  const proxy = await proxyOwnedBy(lock);
  const args = ['authority', ...rpc, '--safe', desk.safe, '--proxy', proxy, '--json'];

  const lenient = await cli(args);
  expect(lenient.json.proxies[0].paths[0].holder).toEqual({ kind: 'timelock', minDelay: '3600' });
  expect(lenient.json.findings.map((finding: { kind: string }) => finding.kind)).toEqual(['authorityNotSafe']);

  const strict = await cli([...args, '--min-timelock-delay', '86400']);
  expect(strict.code).toBe(1);
  expect(strict.json.findings.map((finding: { kind: string }) => finding.kind)).toEqual([
    'authorityNotSafe',
    'holderIsShortTimelock',
  ]);
  expect(strict.json.findings[1].message).toContain(`${lock}, a TimelockController with a delay of 3600 s`);
});

test('--min-timelock-delay: a value that is not seconds is exit 2 naming the option', async () => {
  const result = await cli([
    'authority',
    ...rpc,
    '--safe',
    desk.safe,
    '--proxy',
    desk.proxies.uups.proxy,
    '--min-timelock-delay',
    '2d',
  ]);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('--min-timelock-delay 2d is not a whole number of seconds');
});

test('--role names a role to map; one that is neither a name nor an id is refused before any read, exit 2', async () => {
  const { uups } = desk.proxies;
  const mapped = await cli(['authority', ...rpc, '--safe', desk.safe, '--proxy', uups.proxy, '--role', 'PAUSER_ROLE']);
  expect(mapped.stderr).toBe('');
  expect(mapped.code).toBe(0);
  const refused = await cli([
    'authority',
    '--rpc',
    'http://127.0.0.1:1',
    '--proxy',
    uups.proxy,
    '--role',
    'minter role',
  ]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toBe(
    'error: --role minter role is neither a role name nor a 32-byte role id.\n' +
      '  Name the role as the contract does (--role MINTER_ROLE: its id is keccak256 of the name) or give its id (0x + 64 hex digits).\n',
  );
});

test('a beacon upgrade step calls the beacon: authority --package maps its owner, and flags an EOA owner, exit 1', async () => {
  const { beacon } = desk.proxies.beacon;
  const now = (await clients.publicClient.getBlock()).timestamp;
  const pkg = fromManifest({
    manifest: upgradeRelease(desk, now, `0x${'11'.repeat(32)}`),
    chainId: desk.chainId,
    safe: desk.safe,
    guard: desk.guard,
    title: 'REL-42',
  });
  const dir = mkdtempSync(join(tmpdir(), 'manifest-guard-authority-'));
  const file = join(dir, 'release.json');
  writeFileSync(file, serializeReleasePackage(pkg));
  const mapped = await cli(['authority', ...rpc, '--package', file]);
  expect(mapped.stderr).toBe('');
  expect(mapped.code).toBe(0);
  expect(mapped.stdout).toContain(
    `  ${beacon} (upgradeableBeacon)\n    beaconOwner: ${beacon} → ${desk.safe} (the Safe)`,
  );

  // The beacon handed to an EOA outside any release (the Safe impersonated: the guard sees nothing).
  const snapshot = await clients.testClient.snapshot();
  try {
    await clients.testClient.impersonateAccount({ address: desk.safe });
    await clients.testClient.setBalance({ address: desk.safe, value: 10n ** 18n });
    const hash = await clients.walletClient.sendTransaction({
      account: desk.safe,
      chain: clients.chain,
      to: beacon,
      data: encodeFunctionData({
        abi: upgradeableBeaconAbi,
        functionName: 'transferOwnership',
        args: [eoa],
      }),
    });
    await clients.publicClient.waitForTransactionReceipt({ hash });
    await clients.testClient.stopImpersonatingAccount({ address: desk.safe });
    const flagged = await cli(['authority', ...rpc, '--package', file, '--json']);
    expect(flagged.code, flagged.stderr).toBe(1);
    const kinds = flagged.json.findings
      .filter((finding: { proxy: string }) => finding.proxy === beacon)
      .map((finding: { kind: string }) => finding.kind);
    expect(kinds).toEqual(['authorityNotSafe', 'holderIsEoa']);
  } finally {
    await clients.testClient.revert({ id: snapshot });
    rmSync(dir, { recursive: true, force: true });
  }
});
