import { type Hex, createPublicClient, encodeFunctionData, getAddress, http, pad } from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { setFee, upgradeRelease, upgradeRollback } from '../../devkit/demo/releasePlan.js';
import { type AnvilInstance, startAnvil } from '../fork/anvil.js';
import {
  type DeskClients,
  type LocalDesk,
  deployLocalDesk,
  deskClients,
  execSafeTransaction,
} from '../../devkit/devnet/localDesk.js';
import { advance, registerOnDesk } from '../../devkit/fixtures/deskFixtures.js';
import { manifestGuardAbi, proxyAdminAbi } from '../generated/index.js';
import { type Manifest, ManifestStatus, type Step } from '../guard/manifest.js';
import { fromManifest } from '../package/fromManifest.js';
import { installMulticall3 } from '../../devkit/fixtures/multicall3.fixture.js';
import { safeGuardSlot } from '../verify/stateReads.js';
import { WatchInputError } from './errors.js';
import type { MonitorEvent } from './types.js';
import { type WatchReturnType, watch } from './watch.js';

vi.setConfig({ testTimeout: 60_000 });

let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
let release: Manifest;
let rollback: Manifest;
let releaseId: Hex;

const execute = (step: Step) =>
  execSafeTransaction(clients, {
    safe: desk.safe,
    to: step.to,
    value: step.value,
    data: step.data,
    operation: step.operation as 0 | 1,
    owners: [desk.accounts.owners[0], desk.accounts.owners[1]],
    sender: desk.accounts.executor,
  });

/** The events a monitor reported, and a way to wait for one. */
function recorder() {
  const events: MonitorEvent[] = [];
  const waiters: { match: (event: MonitorEvent) => boolean; resolve: (event: MonitorEvent) => void }[] = [];
  return {
    events,
    onEvent(event: MonitorEvent) {
      events.push(event);
      for (const waiter of [...waiters]) {
        if (!waiter.match(event)) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    },
    next<T extends MonitorEvent>(match: (event: MonitorEvent) => event is T, timeoutMs = 30_000): Promise<T> {
      const found = events.find(match);
      if (found) return Promise.resolve(found as T);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching event; saw ${events.map((e) => e.type).join(', ')}`)),
          timeoutMs,
        );
        waiters.push({
          match,
          resolve: (event) => {
            clearTimeout(timer);
            resolve(event as T);
          },
        });
      });
    },
  };
}

beforeAll(async () => {
  anvil = await startAnvil({ port: 8635 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  await installMulticall3(clients.testClient);
  const now = (await clients.publicClient.getBlock()).timestamp;
  rollback = upgradeRollback(desk, now);
  const rollbackId = await registerOnDesk(clients, desk, rollback);
  release = upgradeRelease(desk, now, rollbackId);
  releaseId = await registerOnDesk(clients, desk, release);
  await advance(clients, 3601);
}, 120_000);

let monitor: WatchReturnType | undefined;
afterAll(async () => {
  await monitor?.stop();
  await anvil?.stop();
});

const client = () =>
  createPublicClient({ chain: clients.chain, transport: http(anvil.rpcUrl, { batch: true }), pollingInterval: 100 });

describe('on the local desk', () => {
  test('a phase executed as planned: an "ok" event; an out-of-band upgrade after it: an alert, and the guardian freezes', async () => {
    const record = recorder();
    monitor = watch({
      client: client(),
      guard: desk.guard,
      safe: desk.safe,
      packages: [release, rollback],
      onEvent: record.onEvent,
      guardianAccount: desk.accounts.guardian,
      pollingInterval: 100,
    });
    const receipt = await execute(release.phases[0]!.steps[0]!);
    const ok = await record.next((e): e is Extract<MonitorEvent, { type: 'ok' }> => e.type === 'ok');
    expect(ok).toMatchObject({ manifestId: releaseId, phase: 0, blockNumber: receipt.blockNumber });
    expect(ok.result.executions.map((execution) => execution.transactionHash)).toEqual([receipt.transactionHash]);
    expect(record.events.filter((e) => e.type === 'guard').map((e) => e.type === 'guard' && e.name)).toEqual(
      expect.arrayContaining(['RollbackArmed', 'StepExecuted', 'PhaseCompleted']),
    );
    expect(record.events.some((e) => e.type === 'alert')).toBe(false);

    // Out of band: the Safe's address (impersonated) upgrades the pool back to v1 straight through the ProxyAdmin.
    await clients.testClient.impersonateAccount({ address: desk.safe });
    await clients.testClient.setBalance({ address: desk.safe, value: 10n ** 18n });
    const { proxy, proxyAdmin } = desk.proxies.transparent;
    const hash = await clients.walletClient.sendTransaction({
      account: desk.safe,
      chain: clients.chain,
      to: proxyAdmin,
      data: encodeFunctionData({
        abi: proxyAdminAbi,
        functionName: 'upgradeAndCall',
        args: [proxy, desk.implementations.poolV1, '0x'],
      }),
    });
    await clients.publicClient.waitForTransactionReceipt({ hash });
    await clients.testClient.stopImpersonatingAccount({ address: desk.safe });

    const alert = await record.next((e): e is Extract<MonitorEvent, { type: 'alert' }> => e.type === 'alert');
    expect(alert.reason).toBe('stopCondition');
    expect(alert.manifestId).toBe(releaseId);
    expect(alert.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'implementationSlot',
          subject: proxy,
          expected: desk.implementations.poolV2,
          actual: desk.implementations.poolV1,
        }),
        expect.objectContaining({ rule: 'check', response: 'rollback' }),
      ]),
    );
    expect(alert.containment?.response).toBe('rollback');
    const freeze = await record.next(
      (e): e is Extract<MonitorEvent, { type: 'contained' }> => e.type === 'contained' && e.action === 'freeze',
    );
    await record.next(
      (e): e is Extract<MonitorEvent, { type: 'contained' }> => e.type === 'contained' && e.action === 'halt',
    );
    const sender = (await clients.publicClient.getTransactionReceipt({ hash: freeze.transactionHash })).from;
    expect(getAddress(sender)).toBe(desk.accounts.guardian.address);
    const [frozenUntil, view, block] = await Promise.all([
      clients.publicClient.readContract({ address: desk.guard, abi: manifestGuardAbi, functionName: 'frozenUntil' }),
      clients.publicClient.readContract({
        address: desk.guard,
        abi: manifestGuardAbi,
        functionName: 'getManifest',
        args: [releaseId],
      }),
      clients.publicClient.getBlock(),
    ]);
    expect(frozenUntil).toBeGreaterThan(block.timestamp);
    expect(view.status).toBe(ManifestStatus.Halted);
    await record.next((e): e is Extract<MonitorEvent, { type: 'guard' }> => e.type === 'guard' && e.name === 'Frozen');
    await record.next(
      (e): e is Extract<MonitorEvent, { type: 'guard' }> => e.type === 'guard' && e.name === 'ManifestHalted',
    );
    // Reported once: later blocks bring no second alert for the same divergence.
    await clients.testClient.mine({ blocks: 2 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(record.events.filter((e) => e.type === 'alert')).toHaveLength(1);
    expect(record.events.filter((e) => e.type === 'error')).toEqual([]);
    await monitor.stop();
  });

  test('without a guardian: the alert only, nothing is sent', async () => {
    const record = recorder();
    const quiet = watch({
      client: client(),
      guard: desk.guard,
      safe: desk.safe,
      packages: [release, rollback],
      onEvent: record.onEvent,
      pollingInterval: 100,
      fromBlock: 0n,
    });
    try {
      // Read from block 0: phase 0 verified on its receipts, its state now diverges (the pool is back on v1).
      const alert = await record.next(
        (e): e is Extract<MonitorEvent, { type: 'alert' }> => e.type === 'alert' && e.manifestId === releaseId,
      );
      expect(alert.phase).toBe(0);
      expect(alert.findings.map((finding) => finding.rule)).toContain('implementationSlot');
      // The guard's own installation (the Safe's ChangedGuard to it) is no alert.
      expect(record.events.filter((e) => e.type === 'alert' && e.reason === 'unguardedExecution')).toEqual([]);

      // The guard slot cleared behind the Safe's back: a Safe transaction runs without the guard.
      await clients.testClient.setStorageAt({ address: desk.safe, index: safeGuardSlot, value: pad('0x00') });
      try {
        const receipt = await execute(setFee(desk.proxies.transparent.proxy, 35n));
        const unguarded = await record.next(
          (e): e is Extract<MonitorEvent, { type: 'alert' }> => e.type === 'alert' && e.reason === 'unguardedExecution',
        );
        expect(unguarded).toMatchObject({ transactionHash: receipt.transactionHash, containment: null });
      } finally {
        await clients.testClient.setStorageAt({ address: desk.safe, index: safeGuardSlot, value: pad(desk.guard) });
      }
      expect(record.events.some((e) => e.type === 'contained')).toBe(false);
    } finally {
      await quiet.stop();
    }
  });
});

describe('errors', () => {
  test('no packages', () => {
    expect(() =>
      watch({ client: clients.publicClient, guard: desk.guard, safe: desk.safe, packages: [], onEvent: () => {} }),
    ).toThrow(WatchInputError);
  });

  test('a package of another guard', () => {
    const pkg = fromManifest({
      manifest: rollback,
      chainId: desk.chainId,
      safe: desk.safe,
      guard: desk.safe,
      title: 'RB',
    });
    expect(() =>
      watch({ client: clients.publicClient, guard: desk.guard, safe: desk.safe, packages: [pkg], onEvent: () => {} }),
    ).toThrow(`the package "RB" is for Safe ${desk.safe} and guard ${desk.safe}`);
  });
});
