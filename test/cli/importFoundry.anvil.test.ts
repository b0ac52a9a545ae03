import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Address, type Hex, getAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

// @ts-expect-error: a plain ES module of the repository's tools, without types
import { foundryBinary } from '../../guard/tools/foundry.mjs';
import {
  type DeskClients,
  type LocalDesk,
  deployLocalDesk,
  deskClients,
} from '../../shared/devkit/devnet/localDesk.js';
import { type AnvilInstance, startAnvil } from '../../shared/src/fork/anvil.js';
import { demoPoolV2Abi } from '../../shared/src/generated/index.js';
import { eip1967Slots } from '../../shared/src/proxy/slots.js';
import { cli, root, signer } from './cli.js';

/** Every command is its own process (≈0.5 s of start-up each, several seconds on a busy machine). */
vi.setConfig({ testTimeout: 120_000 });

let anvil: AnvilInstance;
/** A node of another chain (id 1), for the broadcast of chain 31337 to be refused there. */
let otherChain: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
let dir: string;
let project: string;
let rpc: string[];
const file = (name: string) => join(dir, name);
const readJson = async (name: string) => JSON.parse(await readFile(file(name), 'utf8'));
const advance = async (seconds: number) => {
  await clients.testClient.increaseTime({ seconds });
  await clients.testClient.mine({ blocks: 1 });
};

/** The environment forge runs in: the test's, without FOUNDRY_* settings (a CI profile) that would change it. */
const forgeEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('FOUNDRY_') && !key.startsWith('DAPP_')),
  );

/** Runs the native forge binary in the copied fixture project (the npm wrapper always exits 0); fails on an error. */
async function forge(args: readonly string[], env: Record<string, string> = {}): Promise<void> {
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      foundryBinary('forge') as string,
      [...args, '--root', project, '--use', join(root, 'guard/tools/solc'), '--offline'],
      { cwd: project, env: { ...forgeEnv(), ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
  expect(code, output).toBe(0);
}

/**
 * `forge script script/Upgrade.s.sol:<target>`, a dry run with the Safe as sender, the desk's addresses in the
 * environment. Copies the broadcast it wrote to `<name>` (every run of the script file writes run-latest.json).
 */
async function forgeScript(target: string, name: string): Promise<string> {
  await forge(['script', `script/Upgrade.s.sol:${target}`, '--rpc-url', anvil.rpcUrl, '--sender', desk.safe], {
    SAFE: desk.safe,
    DEPLOYER: desk.accounts.deployer.address,
    PROXY_ADMIN: desk.proxies.transparent.proxyAdmin,
    POOL: desk.proxies.transparent.proxy,
    POOL_V2: desk.implementations.poolV2,
    VAULT: desk.proxies.uups.proxy,
    VAULT_V2: desk.implementations.vaultV2,
    BEACON: desk.proxies.beacon.beacon,
  });
  const latest = join(project, 'broadcast/Upgrade.s.sol', String(desk.chainId), 'dry-run/run-latest.json');
  await cp(latest, file(name));
  return file(name);
}

beforeAll(async () => {
  [anvil, otherChain] = await Promise.all([startAnvil({ port: 8920 }), startAnvil({ port: 8921, chainId: 1 })]);
  dir = await mkdtemp(join(tmpdir(), 'manifest-guard-import-foundry-'));
  project = join(dir, 'project');
  await cp(join(root, 'test/fixtures/forge-script'), project, { recursive: true });
  // solc-js compiles the fixture while the desk deploys; the script runs then skip compilation.
  [desk] = await Promise.all([deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId }), forge(['build'])]);
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  rpc = ['--rpc', anvil.rpcUrl];
  // One script file, five runs: each writes run-latest.json, so each broadcast is copied away at once.
  await forgeScript('UpgradePool', 'upgrade.json');
  await forgeScript('CreateAsSafe', 'create.json');
  await forgeScript('DeployThenUpgrade', 'deploy-then-upgrade.json');
  await forgeScript('UpgradeVaultAndBeacon', 'vault-and-beacon.json');
  await forgeScript('DeployThenCall', 'deploy-then-call.json');
}, 120_000);

afterAll(async () => {
  await Promise.all([anvil?.stop(), otherChain?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const importArgs = (broadcast: string, more: string[] = []) => [
  'import',
  'foundry',
  ...rpc,
  '--guard',
  desk.guard,
  '--broadcast',
  file(broadcast),
  '--ticket',
  'REL-7 pool v2 and a new fee',
  ...more,
];

describe("a forge script's dry run, imported and released through the guard", () => {
  let rollbackId: Hex;

  test('the rollback first: init --kind Rollback, sealed, registered, approved', async () => {
    const init = await cli([
      'init',
      ...rpc,
      '--guard',
      desk.guard,
      '--kind',
      'Rollback',
      '--ticket',
      'RB-7 pool back to v1',
      '--phase',
      `${desk.proxies.transparent.proxy}=${desk.implementations.poolV1}`,
      '--out',
      file('rollback.json'),
      '--evidence-out',
      file('rollback-evidence.json'),
      '--json',
    ]);
    expect(init.code, init.stderr).toBe(0);
    await completeEvidence('rollback-evidence.json');
    const sealed = await cli([
      'hash',
      '--package',
      file('rollback.json'),
      '--evidence',
      file('rollback-evidence.json'),
      '--seal',
      '--allow-incomplete',
      '--json',
    ]);
    expect(sealed.code, sealed.stderr).toBe(0);
    rollbackId = sealed.json.manifestId;
    const register = await cli(
      ['register', ...rpc, '--package', file('rollback.json'), '--json'],
      signer(desk.accounts.proposer),
    );
    expect(register.code, register.stderr).toBe(0);
    const approvals = await Promise.all(
      desk.accounts.approvers.map((approver) =>
        cli(['approve', ...rpc, '--package', file('rollback.json'), '--json'], signer(approver)),
      ),
    );
    expect(approvals.map((result) => result.code)).toEqual([0, 0]);
  });

  test('import foundry: the upgrade and the setter in two phases, decoded; the upgrade carries its checks', async () => {
    const broadcast = await readJson('upgrade.json');
    const result = await cli(
      importArgs('upgrade.json', [
        '--artifacts',
        join(project, 'out'),
        '--rollback',
        file('rollback.json'),
        '--phase',
        '1',
        '--phase',
        '2',
        '--out',
        file('release.json'),
        '--evidence-out',
        file('evidence.json'),
        '--json',
      ]),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { transparent } = desk.proxies;
    const { poolV2 } = desk.implementations;
    expect(result.json).toMatchObject({ kind: 'Release', phasing: 'given', phases: [[1], [2]], checks: [2, 0] });
    // The deployer's deployment is listed, not a step; the Safe's calls are numbered among themselves.
    const helper = getAddress(broadcast.transactions[0].contractAddress);
    expect(result.json.notTheSafes).toEqual([
      {
        transaction: 1,
        kind: 'CREATE',
        from: desk.accounts.deployer.address,
        contractName: 'Marker',
        contractAddress: helper,
        line: `#1 not the Safe's: deployed by ${desk.accounts.deployer.address} (CREATE Marker at ${helper})`,
      },
    ]);
    expect(
      result.json.steps.map((step: { call: number; transaction: number }) => [step.call, step.transaction]),
    ).toEqual([
      [1, 2],
      [2, 3],
    ]);
    expect(result.json.steps.map((step: { summary: string }) => step.summary)).toEqual([
      `Upgrade proxy ${transparent.proxy} to implementation ${poolV2} through ProxyAdmin ${transparent.proxyAdmin}, ` +
        'then call initializeV2(feeCapBps=100) on it',
      `Call IDemoPool.setFee(feeBps=42) on ${transparent.proxy}`,
    ]);
    expect(result.json.steps[0].upgrades).toEqual([
      expect.objectContaining({ call: 1, kind: 'transparent-v5', proxy: transparent.proxy, implementation: poolV2 }),
    ]);

    const pkg = await readJson('release.json');
    expect(pkg.rollback).toBe(rollbackId);
    expect(pkg['x-manifest-guard']).toEqual({ proxies: [transparent.proxy] });
    // The steps are the script's calls, byte for byte.
    expect(pkg.phases.map((phase: { steps: unknown[] }) => phase.steps)).toEqual([
      [
        {
          to: transparent.proxyAdmin,
          value: '0',
          operation: 'call',
          data: broadcast.transactions[1].transaction.input,
        },
      ],
      [{ to: transparent.proxy, value: '0', operation: 'call', data: broadcast.transactions[2].transaction.input }],
    ]);
    const codeHash = (await readJson('evidence.json')).implementations[0];
    expect(pkg.phases[0].checks.map((check: { kind: string; target: string }) => [check.kind, check.target])).toEqual([
      ['codeHash', poolV2],
      ['resultHash', transparent.proxy],
    ]);
    expect(codeHash).toEqual({ address: poolV2, codeHash: pkg.phases[0].checks[0].expected });
    await completeEvidence('evidence.json');
  });

  test('without --phase: one phase with every Safe call, said plainly; the package on stdout', async () => {
    const result = await cli(importArgs('upgrade.json', ['--rollback', rollbackId]));
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).phases[0].steps).toHaveLength(2);
    expect(result.stderr).toContain('\nphases:      one phase with all 2 Safe calls (no --phase given)\n');
    expect(result.stderr).toContain(
      `\n#1 not the Safe's: deployed by ${desk.accounts.deployer.address} (CREATE Marker at `,
    );
    expect(result.stderr).toContain(
      `  check: code hash of ${desk.implementations.poolV2} is ${(await readJson('release.json')).phases[0].checks[0].expected}`,
    );
  });

  test('UUPS and beacon upgrades: each with the code-hash check of its implementation and its own view', async () => {
    const result = await cli([
      ...importArgs('vault-and-beacon.json', ['--kind', 'Rollback', '--out', file('vault-and-beacon-package.json')]),
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const { uups, beacon } = desk.proxies;
    const { vaultV2, poolV2 } = desk.implementations;
    expect(result.json).toMatchObject({ kind: 'Rollback', phasing: 'default', phases: [[1, 2]], checks: [4] });
    expect(result.json.steps.map((step: { upgrades: { kind: string; proxy: string }[] }) => step.upgrades)).toEqual([
      [expect.objectContaining({ kind: 'uups', proxy: uups.proxy, implementation: vaultV2 })],
      [expect.objectContaining({ kind: 'beacon', proxy: beacon.beacon, implementation: poolV2 })],
    ]);
    const pkg = await readJson('vault-and-beacon-package.json');
    expect(pkg.phases[0].checks.map((check: { kind: string; target: string }) => [check.kind, check.target])).toEqual([
      ['codeHash', vaultV2],
      ['resultHash', uups.proxy],
      ['codeHash', poolV2],
      ['resultHash', beacon.beacon],
    ]);
  });

  test('simulate, seal, register, approve; each phase proposed and executed through the guard', async () => {
    const simulate = await cli([
      'simulate',
      ...rpc,
      '--package',
      file('release.json'),
      '--rollback-package',
      file('rollback.json'),
      '--fork-port',
      '8922',
      '--record',
      file('evidence.json'),
      '--json',
    ]);
    expect(simulate.code, simulate.stdout + simulate.stderr).toBe(0);
    const seal = await cli([
      'hash',
      '--package',
      file('release.json'),
      '--evidence',
      file('evidence.json'),
      '--seal',
      '--json',
    ]);
    expect(seal.code, seal.stderr).toBe(0);
    const register = await cli(
      ['register', ...rpc, '--package', file('release.json'), '--json'],
      signer(desk.accounts.proposer),
    );
    expect(register.code, register.stderr).toBe(0);
    expect(register.json).toMatchObject({ manifestId: seal.json.manifestId, state: { lane: 'routine' } });
    const approvals = await Promise.all(
      desk.accounts.approvers.map((approver) =>
        cli(['approve', ...rpc, '--package', file('release.json'), '--json'], signer(approver)),
      ),
    );
    expect(approvals.map((result) => result.code)).toEqual([0, 0]);
    await advance(3601);

    const propose = () =>
      Promise.all(
        [desk.accounts.owners[0], desk.accounts.owners[1]].map((owner) =>
          cli(['propose', ...rpc, '--package', file('release.json'), '--onchain', '--json'], signer(owner)),
        ),
      );
    const execute = () =>
      cli(
        ['execute', ...rpc, '--package', file('release.json'), '--evidence', file('evidence.json'), '--json'],
        signer(desk.accounts.executor),
      );
    expect((await propose()).map((result) => result.code)).toEqual([0, 0]);
    const first = await execute();
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.json.state).toMatchObject({ status: 'Approved', phase: '1/2' });

    await clients.testClient.mine({ blocks: 1 });
    await writeFile(file('metrics.json'), JSON.stringify({ errorRate: 0 }));
    const attest = await cli(
      ['advance', ...rpc, '--package', file('release.json'), '--metrics', file('metrics.json'), '--json'],
      signer(desk.accounts.approvers[0]),
    );
    expect(attest.code, attest.stderr).toBe(0);
    expect((await propose()).map((result) => result.code)).toEqual([0, 0]);
    const second = await execute();
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.json.state).toMatchObject({ status: 'Completed', phase: '2/2' });

    const { proxy } = desk.proxies.transparent;
    const slot = await clients.publicClient.getStorageAt({ address: proxy, slot: eip1967Slots.implementation });
    expect(getAddress(`0x${slot!.slice(-40)}`)).toBe(desk.implementations.poolV2);
    const read = (functionName: 'feeBps' | 'feeCapBps' | 'version') =>
      clients.publicClient.readContract({ address: proxy as Address, abi: demoPoolV2Abi, functionName });
    expect([await read('feeBps'), await read('feeCapBps'), await read('version')]).toEqual([42n, 100n, '2.0.0']);
  });
});

describe('what the import refuses, each with what to do', () => {
  test('a CREATE from the Safe; a broadcast of another chain; a phase range out of bounds; undeployed contracts', async () => {
    const [create, otherNode, range, undeployed, dependency] = await Promise.all([
      cli(importArgs('create.json', ['--kind', 'Emergency'])),
      cli([...importArgs('upgrade.json', ['--kind', 'Emergency']), '--rpc', otherChain.rpcUrl]),
      cli(importArgs('upgrade.json', ['--kind', 'Emergency', '--phase', '1-3'])),
      cli(importArgs('deploy-then-upgrade.json', ['--kind', 'Emergency'])),
      cli(importArgs('deploy-then-call.json', ['--kind', 'Emergency'])),
    ]);
    const created = (await readJson('create.json')).transactions[0];
    expect(created.transactionType).toBe('CREATE');
    expect(create.code).toBe(2);
    expect(create.stderr).toBe(
      `error: Transaction #1 of the broadcast is a CREATE (Marker) from the Safe ${desk.safe}: a Safe step calls a ` +
        'contract, it cannot deploy one.\n' +
        '  Deploy it from a deployer account in a separate script (vm.startBroadcast(deployer), run with --broadcast), ' +
        "then import the Safe's calls.\n",
    );
    expect(otherNode.code).toBe(2);
    expect(otherNode.stderr).toBe(
      `error: ${file('upgrade.json')} is a broadcast for chain 31337, but the node is on chain 1.\n` +
        '  Run the script against a node of chain 1 (forge script … --rpc-url <that node>), or pass --rpc of chain ' +
        '31337: a manifest is bound to one chain.\n',
    );
    expect(range.code).toBe(2);
    expect(range.stderr).toBe(
      `error: --phase #1 "1-3" is outside the Safe's calls: the broadcast has 2 calls from the Safe (1-2).\n` +
        '  Use ranges within 1-2, first number not above the last.\n',
    );
    const marker = getAddress((await readJson('deploy-then-upgrade.json')).transactions[0].contractAddress);
    expect(undeployed.code).toBe(2);
    expect(undeployed.stderr).toBe(
      `error: The implementation ${marker} that Safe call 1 installs has no code on chain 31337.\n` +
        `  Transaction #1 of the broadcast deploys it (sent by ${desk.accounts.deployer.address}), but a dry run ` +
        'sends nothing.\n' +
        "  Deploy it first (broadcast the deployer's part: a script of its own run with --broadcast), pass its " +
        'address to the Safe script, run that again and import it.\n',
    );
    const called = getAddress((await readJson('deploy-then-call.json')).transactions[0].contractAddress);
    expect(dependency.code).toBe(2);
    expect(dependency.stderr).toBe(
      `error: Safe call 1 names ${called} (Marker), which has no code on chain 31337.\n` +
        `  Transaction #1 of the broadcast deploys it (sent by ${desk.accounts.deployer.address}), but a dry run ` +
        'sends nothing, and an approved step must not name an address whose code nobody has seen.\n' +
        "  Deploy it first (broadcast the deployer's part: a script of its own run with --broadcast), pass its " +
        'address to the Safe script, run that again and import it.\n',
    );
  });
});

/** What the release engineer adds to the evidence skeleton: the checklist and the sign-offs. */
async function completeEvidence(name: string) {
  const evidence = await readJson(name);
  evidence.invariants = [{ name: 'the Safe owns the ProxyAdmin', category: 'permissions' }];
  evidence.approvals = [{ approver: 'release engineering', role: 'reviewer', reference: 'REL-7' }];
  await writeFile(file(name), JSON.stringify(evidence, null, 2));
}
