import { type Server, createServer } from 'node:http';

import { type Address, getAddress, zeroAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { type AnvilInstance, assertPortFree, startAnvil } from '../fork/anvil.js';
import { type DeskClients, type LocalDesk, deployLocalDesk, deskClients } from '../../devkit/devnet/localDesk.js';
import { guardDeployment } from '../guard/guardDeployment.js';
import type { GuardConfig } from '../guard/manifest.js';
import { safeAbi } from '../generated/safe.js';
import { safeGuardSlot } from '../verify/stateReads.js';
import {
  DryRunSafeNotFoundError,
  NotAnAnvilEndpointError,
  SimulationRpcUnreachableError,
  SimulationWrongChainError,
} from './errors.js';
import { noOpTarget } from './dryRunManifests.js';
import { createUnguardedSafe, deskGuardConfig } from '../../devkit/fixtures/installFixtures.js';
import { installDryRun } from './installDryRun.js';
import { type InstallDryRunProgress, installStepNames } from './types.js';
import { withInstallFork } from './withInstallFork.js';

vi.setConfig({ testTimeout: 60_000 });

// Ports 8590-8592: this file's chain, its fork, and a JSON-RPC server that is not Anvil.
let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;

beforeAll(async () => {
  anvil = await startAnvil({ port: 8590 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
}, 120_000);
afterAll(async () => {
  await anvil?.stop();
});

/** What the dry run must leave untouched on the chain. */
async function chainState(safe: Address) {
  const read = (functionName: 'nonce' | 'getThreshold') =>
    clients.publicClient.readContract({ address: safe, abi: safeAbi, functionName } as never);
  const block = await clients.publicClient.getBlock();
  return {
    block: block.number,
    timestamp: block.timestamp,
    nonce: await read('nonce'),
    guard: await clients.publicClient.getStorageAt({ address: safe, slot: safeGuardSlot }),
  };
}

const failedStep = (report: Awaited<ReturnType<typeof installDryRun>>) => report.steps.find((step) => !step.ok);

describe('installDryRun', () => {
  test('Safe 1.5.0: deploys, installs (setGuard + setModuleGuard), runs a routine manifest, removes the guard; nothing remains', async () => {
    const safe = await createUnguardedSafe(clients, desk, '1.5.0');
    const before = await chainState(safe);
    const progress: InstallDryRunProgress[] = [];
    const report = await installDryRun({
      rpcUrl: anvil.rpcUrl,
      safe,
      config: deskGuardConfig(desk, '1.5.0'),
      chainId: 31337,
      onProgress: (event) => progress.push(event),
    });

    expect(report.steps.map((step) => [step.name, step.ok])).toEqual(installStepNames.map((name) => [name, true]));
    expect(report).toMatchObject({ ok: true, safe, safeVersion: '1.5.0', deployedOnFork: true });
    expect(report.fork).toEqual({ rpcUrl: anvil.rpcUrl, chainId: 31337, blockNumber: Number(before.block) });
    const detail = Object.fromEntries(report.steps.map((step) => [step.name, step.detail]));
    expect(detail.installGuard).toContain('setGuard and setModuleGuard (one batch through MultiSendCallOnly');
    expect(detail.installGuard).toContain('approved by 2 of 3 owners (approveHash)');
    expect(detail.registerRoutine).toContain(`Proposer ${desk.accounts.proposer.address} registered`);
    expect(detail.registerRoutine).toContain('(routine lane)');
    expect(detail.approveRoutine).toContain('(2 of 2 routine approvals)');
    expect(detail.waitRoutineDelay).toContain("Moved the fork's clock forward by 3600 s");
    expect(detail.executeRoutine).toContain(`Executor ${desk.accounts.executor.address} executed it through the Safe`);
    expect(detail.registerRemoval).toContain('(privileged lane)');
    expect(detail.waitPrivilegedDelay).toContain("Moved the fork's clock forward by 86400 s");
    expect(detail.executeRemoval).toContain('the Safe has no guard again');
    // Every transaction the dry run made is reverted: same block, nonce and guard, and no guard contract remains.
    expect(await chainState(safe)).toEqual({ ...before, timestamp: expect.any(BigInt) });
    expect((await chainState(safe)).timestamp - before.timestamp).toBeLessThan(60n);
    expect(await clients.publicClient.getCode({ address: report.guard! })).toBeUndefined();
    expect(progress.map((event) => `${event.status} ${event.name}`)).toEqual(
      installStepNames.flatMap((name) => [`running ${name}`, `done ${name}`]),
    );
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  test('Safe 1.4.1: setGuard alone, and the removal is setGuard(0)', async () => {
    const safe = await createUnguardedSafe(clients, desk, '1.4.1');
    const report = await installDryRun({ rpcUrl: anvil.rpcUrl, safe, config: deskGuardConfig(desk, '1.4.1') });
    expect(report.ok).toBe(true);
    expect(report.safeVersion).toBe('1.4.1');
    expect(report.steps[1]!.detail).toMatch(/^setGuard, approved by 2 of 3 owners/);
    expect(report.steps[6]!.detail).toContain('one step calling setGuard(0); and its Rollback 0x');
  });

  test('a MultiSendCallOnly without code: the constructor accepts it, the install batch does nothing', async () => {
    const safe = await createUnguardedSafe(clients, desk, '1.5.0');
    const config = { ...deskGuardConfig(desk, '1.5.0'), multiSendCallOnly: desk.accounts.deployer.address };
    const report = await installDryRun({ rpcUrl: anvil.rpcUrl, safe, config });
    expect(report.ok).toBe(false);
    expect(report.steps[0]!.ok).toBe(true);
    const failed = failedStep(report)!;
    expect(failed.name).toBe('installGuard');
    expect(failed.error!.message).toContain("The install transaction executed, but the Safe's guard is 0x0000");
    expect(failed.error!.fix).toContain(`multiSendCallOnly ${desk.accounts.deployer.address}, which has no code`);
    expect(failed.error!.fix).toContain('MultiSendCallOnly of Safe 1.5.0 (0xA83c336B20401Af773B6219BA5027174338D1836)');
    expect(report.steps.slice(2).every((step) => step.skipped && !step.ok)).toBe(true);
  });

  test("the Safe's singleton as an authority: the routine step moves to a call with no data, still routine", async () => {
    const safe = await createUnguardedSafe(clients, desk, '1.5.0');
    const config = { ...deskGuardConfig(desk, '1.5.0'), authorities: [desk.safeContracts['1.5.0'].Safe] };
    const report = await installDryRun({ rpcUrl: anvil.rpcUrl, safe, config });
    expect(report.ok).toBe(true);
    expect(report.steps[2]!.detail).toContain(
      `(routine lane): one step calling ${noOpTarget} with no data (no code there: nothing changes but the Safe's nonce); and its Rollback 0x`,
    );
  });

  test('the guard already installed refuses the setGuard transaction: its error, decoded', async () => {
    const report = await installDryRun({
      rpcUrl: anvil.rpcUrl,
      safe: desk.safe,
      config: deskGuardConfig(desk, '1.5.0'),
    });
    const failed = failedStep(report)!;
    expect(failed.name).toBe('installGuard');
    expect(failed.error!.guardError).toMatch(/^ManifestGuardNotExecutor\(0xf39Fd6e5/);
    expect(failed.error!.message).toContain(`The guard installed now (${desk.guard}) refuses the setGuard transaction`);
    expect(failed.error!.fix).toContain('a privileged manifest whose step is setGuard of the new guard');
  });

  test('the guard refuses the configuration at initialize: the named error and what to change', async () => {
    const safe = await createUnguardedSafe(clients, desk, '1.5.0');
    const config = { ...deskGuardConfig(desk, '1.5.0'), privilegedDelay: 60 * 86_400 };
    const report = await installDryRun({ rpcUrl: anvil.rpcUrl, safe, config });
    const failed = failedStep(report)!;
    expect(failed.name).toBe('deployGuard');
    expect(failed.error).toEqual({
      message: 'The guard refuses this configuration: ManifestGuardInvalidDelays(3600, 5184000, 2592000).',
      guardError: 'ManifestGuardInvalidDelays(3600, 5184000, 2592000)',
      fix: 'Keep the privileged delay at most 30 days and the routine delay at most the privileged delay.',
    });
  });

  test('a guard already deployed: it is used as it is, and must hold the configuration shown', async () => {
    const safe = await createUnguardedSafe(clients, desk, '1.5.0');
    const config = deskGuardConfig(desk, '1.5.0');
    const guard = await deployGuard(safe, config);
    const report = await installDryRun({ rpcUrl: anvil.rpcUrl, safe, config, guard });
    expect(report).toMatchObject({ ok: true, guard, deployedOnFork: false });
    expect(report.steps[0]!.detail).toBe(
      `${guard} is a Manifest Guard for this Safe with exactly this configuration (no deployment).`,
    );

    const other = await installDryRun({ rpcUrl: anvil.rpcUrl, safe, config: { ...config, routineDelay: 7200 }, guard });
    expect(failedStep(other)!.error!.message).toBe(
      `The guard at ${guard} holds another configuration: routineDelay: 7200 ≠ 3600.`,
    );
    const elsewhere = await installDryRun({ rpcUrl: anvil.rpcUrl, safe: desk.safe, config, guard });
    expect(failedStep(elsewhere)!.error!.message).toBe(
      `${guard} is not a Manifest Guard for ${desk.safe} (its SAFE() is ${safe}).`,
    );
  });

  test('withInstallFork: the dry run on an Anvil fork of another node, stopped afterwards', async () => {
    const safe = await createUnguardedSafe(clients, desk, '1.5.0');
    const before = await chainState(safe);
    const report = await withInstallFork(
      anvil.rpcUrl,
      (forkUrl) => installDryRun({ rpcUrl: forkUrl, safe, config: deskGuardConfig(desk, '1.5.0'), chainId: 31337 }),
      { port: 8591 },
    );
    expect(report.ok).toBe(true);
    expect(report.fork.rpcUrl).toBe('http://127.0.0.1:8591');
    await assertPortFree(8591);
    expect(await chainState(safe)).toMatchObject({ block: before.block, nonce: before.nonce, guard: before.guard });
  });
});

describe('installDryRun: endpoints and inputs it cannot use', () => {
  let server: Server;
  beforeAll(async () => {
    // A JSON-RPC node that is not Anvil: it knows eth_chainId and nothing else.
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const { id, method } = JSON.parse(body) as { id: number; method: string };
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify(
            method === 'eth_chainId'
              ? { jsonrpc: '2.0', id, result: '0x1' }
              : { jsonrpc: '2.0', id, error: { code: -32601, message: `the method ${method} does not exist` } },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(8592, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server?.close(() => resolve())));

  const attempt = (parameters: Partial<Parameters<typeof installDryRun>[0]>) =>
    installDryRun({
      rpcUrl: anvil.rpcUrl,
      safe: desk.safe,
      config: deskGuardConfig(desk, '1.5.0'),
      ...parameters,
    }).then(
      () => {
        throw new Error('the dry run should have refused');
      },
      (error: Error) => error,
    );

  test('nothing answers: the URL and how to start a fork', async () => {
    const error = await attempt({ rpcUrl: 'http://127.0.0.1:8593' });
    expect(error).toBeInstanceOf(SimulationRpcUnreachableError);
    expect(error.message).toContain('Could not reach the simulation RPC http://127.0.0.1:8593: is the fork running?');
    expect(error.message).toContain('Run `npx anvil --fork-url <your RPC>` and pass its URL');
  });

  test('not Anvil: says so, and how to fork that node', async () => {
    const error = await attempt({ rpcUrl: 'http://127.0.0.1:8592' });
    expect(error).toBeInstanceOf(NotAnAnvilEndpointError);
    expect(error.message).toContain(
      'http://127.0.0.1:8592 is not an Anvil endpoint (it does not answer anvil_nodeInfo)',
    );
    expect(error.message).toContain('Run `npx anvil --fork-url http://127.0.0.1:8592` and pass its URL');
  });

  test('another chain than the Safe’s', async () => {
    const error = await attempt({ chainId: 1 });
    expect(error).toBeInstanceOf(SimulationWrongChainError);
    expect(error.message).toContain(
      `The simulation RPC ${anvil.rpcUrl} is on chain 31337, but the Safe is on chain 1.`,
    );
  });

  test('no Safe at the address', async () => {
    const nobody = getAddress('0x00000000000000000000000000000000000ba5e1');
    const error = await attempt({ safe: nobody });
    expect(error).toBeInstanceOf(DryRunSafeNotFoundError);
    expect(error.message).toContain(`There is no Safe at ${nobody} on ${anvil.rpcUrl} (chain 31337).`);
    const notASafe = await attempt({ safe: desk.guard });
    expect(notASafe).toBeInstanceOf(DryRunSafeNotFoundError);
  });
});

/** Deploys and initializes a guard for `safe` on the test chain (not installed). */
async function deployGuard(safe: Address, config: GuardConfig): Promise<Address> {
  const { deployData, initializeData } = guardDeployment(safe, config);
  const hash = await clients.walletClient.sendTransaction({
    account: desk.accounts.deployer,
    chain: clients.chain,
    to: undefined,
    data: deployData,
  });
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.contractAddress).not.toBe(zeroAddress);
  const guard = getAddress(receipt.contractAddress!);
  const initialize = await clients.walletClient.sendTransaction({
    account: desk.accounts.deployer,
    chain: clients.chain,
    to: guard,
    data: initializeData,
  });
  expect((await clients.publicClient.waitForTransactionReceipt({ hash: initialize })).status).toBe('success');
  return guard;
}
