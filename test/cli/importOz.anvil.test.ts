import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Address, type Hex, getAddress, keccak256, parseAbi } from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import {
  type DeskClients,
  type LocalDesk,
  deployLocalDesk,
  deskClients,
} from '../../shared/devkit/devnet/localDesk.js';
import { type AnvilInstance, startAnvil } from '../../shared/src/fork/anvil.js';
import { parseReleasePackage } from '../../shared/src/package/parseReleasePackage.js';
import { evaluatePolicy } from '../../shared/src/policy/evaluatePolicy.js';
import { eip1967Slots } from '../../shared/src/proxy/slots.js';
import { cli, root, signer } from './cli.js';

/**
 * `manifest-guard import oz` on the network file OpenZeppelin's Upgrades plugin (Hardhat 2, hardhat-upgrades 3) wrote
 * on this Anvil: `upgrades.deployProxy` of a Transparent and a UUPS proxy owned by the local desk's Safe, then
 * `upgrades.prepareUpgrade` to their V2 (and to BoxV2Bad with the storage check skipped, so the file records an
 * incompatible layout). Anvil on port 8900, the simulation's fork on 8901.
 */
vi.setConfig({ testTimeout: 120_000 });

type Deployed = {
  proxy: Address;
  v1: Address;
  v2: Address;
  v2Bad: Address;
  uupsProxy: Address;
  uupsV1: Address;
  uupsV2: Address;
  networkFile: string;
};

const hardhatProject = join(root, 'test', 'fixtures', 'oz-hardhat');
const boxAbi = parseAbi(['function version() view returns (string)', 'function value() view returns (uint256)']);

let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
let dir: string;
let rpc: string[];
let oz: Deployed;
const file = (name: string) => join(dir, name);
const readJson = async (name: string) => JSON.parse(await readFile(file(name), 'utf8'));
const writeJson = (name: string, value: unknown) => writeFile(file(name), JSON.stringify(value, null, 2));
const advance = async (seconds: number) => {
  await clients.testClient.increaseTime({ seconds });
  await clients.testClient.mine({ blocks: 1 });
};

/** Runs the fixture's deploy script with Hardhat against the Anvil (compiled once into out/, reused afterwards). */
function deployWithPlugin(): Promise<Deployed> {
  const result = file('deployed.json');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        join(root, 'node_modules', 'hardhat', 'internal', 'cli', 'bootstrap.js'),
        '--config',
        join(hardhatProject, 'hardhat.config.cjs'),
        'run',
        '--network',
        'anvil',
        join(hardhatProject, 'scripts', 'deploy.cjs'),
      ],
      {
        cwd: hardhatProject,
        env: {
          ...process.env,
          OZ_HARDHAT_RPC: anvil.rpcUrl,
          OZ_OWNER: desk.safe,
          OZ_HARDHAT_RESULT: result,
          // The plugin writes a local node's network file under the temporary directory: the test's own.
          TMPDIR: dir,
          HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true',
        },
      },
      async (error, stdout, stderr) => {
        if (error) reject(new Error(`hardhat run failed: ${error.message}\n${stdout}\n${stderr}`));
        else resolve(JSON.parse(await readFile(result, 'utf8')) as Deployed);
      },
    );
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'manifest-guard-oz-'));
  await mkdir(dir, { recursive: true });
  anvil = await startAnvil({ port: 8900 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  rpc = ['--rpc', anvil.rpcUrl, '--guard', desk.guard];
  oz = await deployWithPlugin();
}, 180_000);

afterAll(async () => {
  await anvil?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const importArgs = (more: string[]) => ['import', 'oz', ...rpc, '--network-file', oz.networkFile, ...more];

describe('refusals, and what it prints', () => {
  test('an incompatible layout (BoxV2Bad inserts `fee` before `value`), a proxy not in the file, a missing --new-impl', async () => {
    const stranger = desk.proxies.transparent.proxy;
    const [bad, wrongProxy, missing] = await Promise.all([
      cli([
        ...importArgs(['--proxy', oz.proxy, '--new-impl', oz.v2Bad, '--ticket', 'REL-BAD']),
        '--out',
        file('bad.json'),
        '--json',
      ]),
      cli(importArgs(['--proxy', stranger, '--new-impl', oz.v2, '--ticket', 'REL-7'])),
      cli(importArgs(['--proxy', oz.proxy, '--ticket', 'REL-7'])),
    ]);

    expect(bad.code).toBe(2);
    expect(bad.json.error).toMatchObject({
      name: 'IncompatibleStorageLayoutError',
      message: `The storage layout of ${oz.v2Bad} is incompatible with ${oz.v1}, which proxy ${oz.proxy} runs now.`,
    });
    expect(bad.json.error.details[0]).toBe(
      'contracts/Box.sol:50: Inserted `fee` > New variables should be placed after all existing inherited variables',
    );
    expect(bad.stderr).toContain('Inserted `fee`');
    await expect(readFile(file('bad.json'))).rejects.toThrow(/ENOENT/);

    expect(wrongProxy.code).toBe(2);
    expect(wrongProxy.stderr).toBe(
      [
        `error: ${stranger} is not a proxy of ${oz.networkFile}.`,
        `  The file records the proxies ${oz.proxy}, ${oz.uupsProxy}.`,
        '  Pass one of them with --proxy, or register a proxy deployed otherwise with the plugin first ' +
          '(upgrades.forceImport).',
        '',
      ].join('\n'),
    );

    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      [
        'error: `import oz` needs --new-impl (the implementation upgrades.prepareUpgrade returned).',
        '  Pass one --new-impl <address> after each --proxy <address>: the address upgrades.prepareUpgrade(proxy, ' +
          'NewImplementation) returned.',
        '',
      ].join('\n'),
    );
  });

  test('a proxy whose running implementation the file does not record; the text output', async () => {
    // The same file without BoxV1's entry, as after an upgrade done outside the plugin.
    const network = JSON.parse(await readFile(oz.networkFile, 'utf8'));
    for (const [version, impl] of Object.entries(network.impls)) {
      if ((impl as { address: string }).address === oz.v1) delete network.impls[version];
    }
    await mkdir(file('.openzeppelin'));
    const stale = file('.openzeppelin/unknown-31337.json');
    await writeFile(stale, JSON.stringify(network));
    const [unrecorded, text] = await Promise.all([
      cli([
        'import',
        'oz',
        ...rpc,
        '--network-file',
        stale,
        '--proxy',
        oz.proxy,
        '--new-impl',
        oz.v2,
        '--ticket',
        'REL-7',
      ]),
      cli(
        importArgs([
          '--proxy',
          oz.proxy,
          '--new-impl',
          oz.v2,
          '--ticket',
          'REL-7',
          '--out',
          file('text-release.json'),
          '--rollback-out',
          file('text-rollback.json'),
          '--evidence-out',
          file('text-evidence.json'),
          '--rollback-evidence-out',
          file('text-rollback-evidence.json'),
        ]),
      ),
    ]);
    expect(unrecorded.code).toBe(2);
    expect(unrecorded.stderr.split('\n')[0]).toBe(
      `error: Proxy ${oz.proxy} runs ${oz.v1} on chain, an implementation ${stale} does not record, so its storage ` +
        'layout is unknown.',
    );

    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe(`✓ imported 1 upgrade from ${oz.networkFile}`);
    expect(lines[1]).toBe(
      `  phase 0: ${oz.proxy} (transparent-v5) ${oz.v1} → ${oz.v2}, storage layout compatible (upgrades-core)`,
    );
    const rollback = await readFile(file('text-rollback.json'), 'utf8');
    const release = JSON.parse(await readFile(file('text-release.json'), 'utf8'));
    expect(lines[2]).toMatch(
      new RegExp(
        `^rollback: (0x[0-9a-f]{64})  ${file('text-rollback.json')} \\(evidence ${file('text-rollback-evidence.json')}\\)$`,
      ),
    );
    expect(lines[2]!.slice('rollback: '.length, 'rollback: '.length + 66)).toBe(release.rollback);
    expect(lines[3]).toMatch(new RegExp(`^release:  0x[0-9a-f]{64}  ${file('text-release.json')} `));
    expect(lines[4]).toBe('Next:');
    expect(lines[5]).toBe(
      `  manifest-guard simulate --package ${file('text-rollback.json')} --record ${file('text-rollback-evidence.json')}`,
    );
    expect(text.stdout).toContain(`manifest-guard hash --package ${file('text-release.json')} --evidence`);
    expect(JSON.parse(rollback).kind).toBe('Rollback');

    // A rollback built (and sealed) before: the release names it and no other rollback is built.
    const named = await cli(
      importArgs([
        '--proxy',
        oz.proxy,
        '--new-impl',
        oz.v2,
        '--ticket',
        'REL-7',
        '--rollback',
        file('text-rollback.json'),
        '--out',
        file('named-release.json'),
        '--evidence-out',
        file('named-evidence.json'),
        '--json',
      ]),
    );
    expect(named.code, named.stderr).toBe(0);
    expect(named.json.rollback).toEqual({ manifestId: release.rollback, package: null, evidence: null });
    expect(JSON.parse(await readFile(file('named-release.json'), 'utf8')).rollback).toBe(release.rollback);
  });
});

describe('prepareUpgrade → import oz → register, approve, propose, execute', () => {
  let releaseId: Hex;
  let rollbackId: Hex;

  test('import oz: the Transparent canary, then the UUPS proxy; the rollback restores both', async () => {
    const result = await cli(
      importArgs([
        '--proxy',
        oz.proxy,
        '--new-impl',
        oz.v2,
        '--proxy',
        oz.uupsProxy,
        '--new-impl',
        oz.uupsV2,
        '--ticket',
        'REL-7 box v2',
        '--soak',
        '1h',
        '--out',
        file('release.json'),
        '--rollback-out',
        file('rollback.json'),
        '--evidence-out',
        file('evidence.json'),
        '--rollback-evidence-out',
        file('rollback-evidence.json'),
        '--json',
      ]),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.json.upgrades).toEqual([
      {
        proxy: oz.proxy,
        kind: 'transparent-v5',
        currentImplementation: oz.v1,
        newImplementation: oz.v2,
        storageLayout: { ok: true, errors: [] },
      },
      {
        proxy: oz.uupsProxy,
        kind: 'uups',
        currentImplementation: oz.uupsV1,
        newImplementation: oz.uupsV2,
        storageLayout: { ok: true, errors: [] },
      },
    ]);
    expect(result.json.release).toMatchObject({ phases: 2, steps: 2 });
    rollbackId = result.json.rollback.manifestId;
    releaseId = result.json.release.manifestId;

    const [release, rollback, evidence, rollbackEvidence] = await Promise.all([
      readJson('release.json'),
      readJson('rollback.json'),
      readJson('evidence.json'),
      readJson('rollback-evidence.json'),
    ]);
    const codeHash = async (address: Address) => keccak256((await clients.publicClient.getCode({ address }))!);
    expect(release.kind).toBe('Release');
    expect(release.rollback).toBe(rollbackId);
    expect(release.phases.map((phase: { minSoak: number }) => phase.minSoak)).toEqual([3600, 0]);
    expect(release.phases[1].steps[0].to).toBe(oz.uupsProxy);
    // Every upgrade step carries the code-hash check of the implementation it installs, the rollback's too.
    expect(release.phases[0].checks[0]).toMatchObject({
      kind: 'codeHash',
      target: oz.v2,
      expected: await codeHash(oz.v2),
    });
    expect(release.phases[1].checks[0]).toMatchObject({
      kind: 'codeHash',
      target: oz.uupsV2,
      expected: await codeHash(oz.uupsV2),
    });
    expect(rollback.kind).toBe('Rollback');
    expect(rollback.phases).toHaveLength(1);
    expect(rollback.phases[0].steps.map((step: { to: Address }) => step.to)).toEqual([
      oz.uupsProxy,
      expect.any(String), // the Transparent proxy's own ProxyAdmin
    ]);
    expect(
      rollback.phases[0].checks
        .filter((check: { kind: string }) => check.kind === 'codeHash')
        .map((check: { target: Address; expected: Hex }) => [check.target, check.expected]),
    ).toEqual([
      [oz.uupsV1, await codeHash(oz.uupsV1)],
      [oz.v1, await codeHash(oz.v1)],
    ]);
    expect(evidence.simulation.storageLayout).toEqual([
      { proxy: oz.proxy, implementation: oz.v2, ok: true, errors: [] },
      { proxy: oz.uupsProxy, implementation: oz.uupsV2, ok: true, errors: [] },
    ]);
    // Where the policy reads it: "every Transparent upgrade needs a storage-layout check" is met, and unmet without it.
    const policy = { schemaVersion: 1, transparentUpgradesNeedStorageLayoutCheck: true } as const;
    const pkg = parseReleasePackage(release);
    expect(evaluatePolicy(policy, pkg, { lane: 'routine', evidence })).toEqual([]);
    expect(
      evaluatePolicy(policy, pkg, { lane: 'routine', evidence: { ...evidence, simulation: {} } }).map((finding) => [
        finding.rule,
        finding.values.proxy,
      ]),
    ).toEqual([['transparentUpgradesNeedStorageLayoutCheck', oz.proxy]]);
    expect(evidence.rollback.rollbackManifestId).toBe(rollbackId);
    expect(rollbackEvidence.simulation).toEqual({});
  });

  test('the release executes through the Safe and the guard: both proxies run their V2, state kept', async () => {
    // Complete the release's evidence (people's part, then the simulation) and seal it.
    const evidence = await readJson('evidence.json');
    evidence.invariants = [{ name: 'value unchanged by the upgrade', category: 'other' }];
    evidence.approvals = [{ approver: 'release engineering', role: 'reviewer', reference: 'REL-7' }];
    await writeJson('evidence.json', evidence);
    const simulate = await cli([
      'simulate',
      '--rpc',
      anvil.rpcUrl,
      '--package',
      file('release.json'),
      '--rollback-package',
      file('rollback.json'),
      '--fork-port',
      '8901',
      '--record',
      file('evidence.json'),
      '--json',
    ]);
    expect(simulate.code, simulate.stderr).toBe(0);
    expect(simulate.json.rollbackRehearsal).toMatchObject({ rollbackManifestId: rollbackId, restored: true });
    // The simulation's record keeps the import's storage-layout report beside it.
    const simulated = await readJson('evidence.json');
    expect(simulated.simulation.success).toBe(true);
    expect(simulated.simulation.storageLayout).toEqual(evidence.simulation.storageLayout);
    expect(simulated.simulation.storageLayout.map((report: { ok: boolean }) => report.ok)).toEqual([true, true]);
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
    releaseId = seal.json.manifestId;

    for (const name of ['rollback.json', 'release.json']) {
      const register = await cli(
        ['register', ...rpc, '--package', file(name), '--json'],
        signer(desk.accounts.proposer),
      );
      expect(register.code, register.stderr).toBe(0);
      expect(register.json.manifestId).toBe(name === 'rollback.json' ? rollbackId : releaseId);
      const approvals = await Promise.all(
        desk.accounts.approvers.map((approver) =>
          cli(['approve', '--rpc', anvil.rpcUrl, '--package', file(name), '--json'], signer(approver)),
        ),
      );
      expect(
        approvals.map((approval) => approval.code),
        approvals.map((approval) => approval.stderr).join('\n'),
      ).toEqual([0, 0]);
    }
    await advance(3601);

    const runPhase = async () => {
      const proposals = await Promise.all(
        [desk.accounts.owners[0], desk.accounts.owners[1]].map((owner) =>
          cli(
            ['propose', '--rpc', anvil.rpcUrl, '--package', file('release.json'), '--onchain', '--json'],
            signer(owner),
          ),
        ),
      );
      expect(
        proposals.map((proposal) => proposal.code),
        proposals.map((proposal) => proposal.stderr).join('\n'),
      ).toEqual([0, 0]);
      const execute = await cli(
        [
          'execute',
          '--rpc',
          anvil.rpcUrl,
          '--package',
          file('release.json'),
          '--evidence',
          file('evidence.json'),
          '--json',
        ],
        signer(desk.accounts.executor),
      );
      expect(execute.code, `${execute.stderr}${execute.stdout}`).toBe(0);
      return execute.json;
    };
    const implementationOf = async (proxy: Address) =>
      getAddress(
        `0x${(await clients.publicClient.getStorageAt({ address: proxy, slot: eip1967Slots.implementation }))!.slice(-40)}`,
      );

    const first = await runPhase();
    expect(first.state).toMatchObject({ status: 'Approved', phase: '1/2' });
    expect(first.executed).toHaveLength(1);
    expect(await implementationOf(oz.proxy)).toBe(oz.v2);
    expect(await implementationOf(oz.uupsProxy)).toBe(oz.uupsV1);

    await advance(3601);
    await writeJson('metrics.json', { errorRate: 0 });
    const attest = await cli(
      [
        'advance',
        '--rpc',
        anvil.rpcUrl,
        '--package',
        file('release.json'),
        '--metrics',
        file('metrics.json'),
        '--json',
      ],
      signer(desk.accounts.approvers[0]),
    );
    expect(attest.code, attest.stderr).toBe(0);
    const second = await runPhase();
    expect(second.state).toMatchObject({ status: 'Completed' });

    expect(await implementationOf(oz.uupsProxy)).toBe(oz.uupsV2);
    const read = (address: Address, functionName: 'version' | 'value') =>
      clients.publicClient.readContract({ address, abi: boxAbi, functionName });
    expect(await Promise.all([read(oz.proxy, 'version'), read(oz.proxy, 'value')])).toEqual(['2.0.0', 42n]);
    expect(await Promise.all([read(oz.uupsProxy, 'version'), read(oz.uupsProxy, 'value')])).toEqual(['2.0.0', 7n]);
  });
});
