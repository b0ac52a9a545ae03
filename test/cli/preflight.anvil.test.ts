import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Address } from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { type AnvilInstance, assertPortFree, startAnvil } from '../../shared/src/fork/anvil.js';
import {
  type DeskClients,
  type LocalDesk,
  deployLocalDesk,
  deskClients,
} from '../../shared/devkit/devnet/localDesk.js';
import { createUnguardedSafe } from '../../shared/devkit/fixtures/installFixtures.js';
import { installStepNames } from '../../shared/src/install/types.js';
import { cli } from './cli.js';

/** Each run starts Node, tsx and (for --rpc) an Anvil fork: a few seconds on a busy machine. */
vi.setConfig({ testTimeout: 120_000 });

// Ports 8650 (the chain) and 8651-8652 (the forks `preflight` starts with --fork-port).
let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
let dir: string;
let safe: Address;

/** The configuration file an admin writes (the format of guard/script/DeployManifestGuard.s.sol). */
function configFile(overrides: Record<string, unknown> = {}) {
  const { accounts } = desk;
  return {
    safe,
    proposers: [accounts.proposer.address],
    approvers: accounts.approvers.map((approver) => approver.address),
    executors: [accounts.executor.address],
    guardians: [accounts.guardian.address],
    routineThreshold: 2,
    privilegedThreshold: 2,
    routineDelay: 3600,
    privilegedDelay: 86400,
    maxFreeze: 259200,
    freezeCooldown: 86400,
    multiSendCallOnly: desk.safeContracts['1.5.0'].MultiSendCallOnly,
    authorities: [],
    privilegedSelectors: [],
    ...overrides,
  };
}

async function writeConfig(name: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(configFile(overrides), null, 2));
  return path;
}

beforeAll(async () => {
  anvil = await startAnvil({ port: 8650 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  safe = await createUnguardedSafe(clients, desk, '1.5.0');
  dir = await mkdtemp(join(tmpdir(), 'manifest-guard-preflight-'));
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('manifest-guard preflight', () => {
  test('the desk roles on a fresh Safe 1.5.0: every step passes on a fork of --rpc, exit 0', async () => {
    const config = await writeConfig('good.json');
    const blockBefore = await clients.publicClient.getBlockNumber();
    const { code, stdout, stderr } = await cli([
      'preflight',
      '--config',
      config,
      '--rpc',
      anvil.rpcUrl,
      '--fork-port',
      '8651',
    ]);
    // A long-running command: each step as a progress line on stderr, also where it is not a terminal.
    expect(stderr).toContain('… 1/10 The guard deploys for this Safe with this configuration');
    expect(stderr).not.toMatch(/^(error|warning):/m);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(
      `✓ install dry run passed on a fork of ${anvil.rpcUrl} (chain 31337, block ${blockBefore}): the roles register, ` +
        `approve and execute a manifest, and the privileged manifest that removes the guard runs (this configuration cannot lock the Safe ${safe})`,
    );
    expect(lines.filter((line) => line.startsWith('  ✓ '))).toHaveLength(10);
    expect(stdout).toContain('  ✓ The Safe installs it (setGuard, and setModuleGuard on Safe 1.5.0)');
    expect(stdout).toContain('the Safe has no guard again, so this configuration cannot lock it.');
    expect(stdout).toContain(`Next: deploy the guard (MANIFEST_GUARD_CONFIG=${config} forge script`);
    // Nothing was sent to --rpc, and the fork is gone.
    expect(await clients.publicClient.getBlockNumber()).toBe(blockBefore);
    await assertPortFree(8651);
  });

  test('a MultiSendCallOnly without code (the constructor accepts it): the install step fails, exit 2', async () => {
    const config = await writeConfig('no-multisend.json', {
      multiSendCallOnly: '0x000000000000000000000000000000000000dEaD',
    });
    const report = join(dir, 'no-multisend-report.json');
    const { code, json } = await cli([
      'preflight',
      '--config',
      config,
      '--rpc',
      anvil.rpcUrl,
      '--fork-port',
      '8652',
      '--report',
      report,
      '--json',
    ]);
    expect(code).toBe(2);
    expect(json.ok).toBe(false);
    expect(json.forkedFrom).toBe(anvil.rpcUrl);
    expect(json.steps.map((step: { name: string }) => step.name)).toEqual(installStepNames);
    expect(json.steps[0]).toMatchObject({ name: 'deployGuard', ok: true });
    expect(json.steps[1]).toMatchObject({ name: 'installGuard', ok: false });
    expect(json.steps[1].error.message).toContain("The install transaction executed, but the Safe's guard is 0x0000");
    expect(json.steps[1].error.fix).toContain(
      'multiSendCallOnly 0x000000000000000000000000000000000000dEaD, which has no code on this chain. Set ' +
        'multiSendCallOnly to the MultiSendCallOnly of Safe 1.5.0 (0xA83c336B20401Af773B6219BA5027174338D1836)',
    );
    expect(json.steps.slice(2).every((step: { skipped?: boolean }) => step.skipped)).toBe(true);
    expect(JSON.parse(await readFile(report, 'utf8'))).toEqual(json);
  });

  test('--simulation-rpc: runs on an Anvil as it is and reverts it; a constructor refusal is named', async () => {
    const config = await writeConfig('long-delay.json', { privilegedDelay: 60 * 86_400 });
    const blockBefore = await clients.publicClient.getBlockNumber();
    const { code, stdout } = await cli(['preflight', '--config', config, '--simulation-rpc', anvil.rpcUrl]);
    expect(code).toBe(2);
    expect(stdout).toContain(
      `✗ install dry run FAILED at step 1 (The guard deploys for this Safe with this configuration) on ${anvil.rpcUrl}`,
    );
    expect(stdout).toContain('      guard error: ManifestGuardInvalidDelays(3600, 5184000, 2592000)');
    expect(stdout).toContain(
      '      fix: Keep the privileged delay at most 30 days and the routine delay at most the privileged delay.',
    );
    expect(stdout).toContain('  - The Safe installs it (setGuard, and setModuleGuard on Safe 1.5.0) (not run)');
    expect(await clients.publicClient.getBlockNumber()).toBe(blockBefore);
  });

  test('inputs it cannot use: exit 2 with what was wrong and what to do', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ ...configFile(), approvers: ['alice'], routineDelay: '1h' }));
    const good = await writeConfig('for-errors.json');
    const [missing, invalid, otherSafe, notASafe, notAnvil] = await Promise.all([
      cli(['preflight', '--rpc', anvil.rpcUrl, '--json']),
      cli(['preflight', '--config', bad, '--rpc', anvil.rpcUrl]),
      cli(['preflight', '--config', good, '--rpc', anvil.rpcUrl, '--safe', desk.safe]),
      cli([
        'preflight',
        '--config',
        await writeConfig('guard-as-safe.json', { safe: desk.guard }),
        '--rpc',
        anvil.rpcUrl,
      ]),
      cli(['preflight', '--config', good, '--simulation-rpc', 'http://127.0.0.1:8659']),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.json.error.message).toBe('`preflight` needs --config (the guard configuration file).');
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain(`error: ${bad}: Invalid guard configuration: 2 problems.`);
    expect(invalid.stderr).toContain('  approvers[0]: "alice" is not an address: write "0x" and 40 hex digits.');
    expect(invalid.stderr).toContain('  routineDelay: "1h" is not a number of seconds');
    expect(otherSafe.code).toBe(2);
    expect(otherSafe.stderr).toContain(`error: --safe ${desk.safe} is not the configuration's "safe" (${safe}).`);
    expect(notASafe.code).toBe(2);
    expect(notASafe.stderr).toContain(`error: There is no Safe at ${desk.guard} on ${anvil.rpcUrl} (chain 31337).`);
    expect(notASafe.stderr).toContain("Check the Safe's address");
    expect(notAnvil.code).toBe(2);
    expect(notAnvil.stderr).toContain('error: Could not reach the simulation RPC http://127.0.0.1:8659');
    expect(notAnvil.stderr).toContain('Run `npx anvil --fork-url <your RPC>` and pass its URL');
  });

  test('--help: the options, the config format and the exit codes', async () => {
    const { code, stdout } = await cli(['preflight', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--config <file>');
    expect(stdout).toContain('--simulation-rpc <url>');
    expect(stdout).toContain('guard/script/DeployManifestGuard.s.sol');
    expect(stdout).toContain('Exit: 0 every step passed, 2 a step failed (or an error).');
  });
});
