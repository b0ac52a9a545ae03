import { screen, waitFor, within } from '@testing-library/react';
import { encodeFunctionData } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';

import { upgradeRelease, upgradeRollback } from '../../../shared/devkit/demo/releasePlan.js';
import { execSafeTransaction } from '../../../shared/devkit/devnet/localDesk.js';
import { guardWrite, registerOnDesk } from '../../../shared/devkit/fixtures/deskFixtures.js';
import { safeAbi } from '../../../shared/src/generated/safe.js';
import { createSafe } from '../test/createSafe.js';
import { deployGuardFor } from '../test/deployGuard.js';
import { type TestDesk, frameInSafe, resetPage, startDesk } from '../test/desk.js';
import { renderApp } from '../test/renderApp.js';
import type { SafeHost } from '../test/safeHost.js';

vi.setConfig({ testTimeout: 60_000 });

let test_: TestDesk;
let host: SafeHost | undefined;

beforeAll(async () => {
  test_ = await startDesk(8660);
}, 120_000);
afterEach(() => {
  resetPage(host);
  host = undefined;
});
afterAll(async () => {
  await test_?.anvil.stop();
});

describe('inside Safe{Wallet}', () => {
  test('the guard, its roles and no manifests yet', async () => {
    host = frameInSafe(test_);
    renderApp();
    const status = await screen.findByTestId('guard-status', {}, { timeout: 15_000 });
    expect(status.dataset.guard).toBe('manifest-guard');
    expect(screen.getByTestId('mode').textContent).toBe('Safe{Wallet}');
    expect(screen.getByTestId('guard-address').textContent).toBe(test_.desk.guard);
    expect(screen.getByTestId('safe-version').textContent).toBe('1.5.0');
    expect(screen.getByTestId('thresholds').textContent).toBe('routine 2, privileged 2 of 2');
    expect(screen.getByTestId('role-executors').querySelector('code')?.title).toBe(
      test_.desk.accounts.executor.address,
    );
    expect(screen.getByTestId('freeze-status').dataset.frozen).toBe('false');
    expect(screen.getByTestId('no-manifests')).toBeTruthy();
    expect(screen.queryByTestId('modules-warning')).toBeNull();
    // Every chain read went through the host's rpcCall.
    expect(host.requests.some((request) => request.method === 'rpcCall')).toBe(true);
  });

  test('manifests with state, lane, approvals and countdowns; a frozen Safe', async () => {
    const { desk, clients } = test_;
    const now = (await clients.publicClient.getBlock()).timestamp;
    const rollbackId = await registerOnDesk(clients, desk, upgradeRollback(desk, now));
    const releaseId = await registerOnDesk(clients, desk, upgradeRelease(desk, now, rollbackId), { approve: false });
    await guardWrite(clients, desk, desk.accounts.guardian, 'freeze', [3600n]);

    host = frameInSafe(test_);
    renderApp();
    await screen.findByTestId('manifests', {}, { timeout: 15_000 });
    const rows = await screen.findAllByTestId('manifest-row');
    expect(rows).toHaveLength(2);
    const release = rows.find((row) => row.dataset.manifestId === releaseId)!;
    expect(release.dataset.status).toBe('Registered');
    expect(within(release).getByText('REL-42 pool and vault v2')).toBeTruthy();
    expect(within(release).getByTestId('manifest-lane').textContent).toBe('routine');
    expect(within(release).getByTestId('manifest-progress').textContent).toContain('phase 1 of 2');
    expect(within(release).getByTestId('expiry-countdown').textContent).toMatch(/^in (29|30) d/);
    const rollback = rows.find((row) => row.dataset.manifestId === rollbackId)!;
    expect(rollback.dataset.status).toBe('Approved');
    expect(within(rollback).getByTestId('executable-countdown').textContent).toMatch(/^in (59 min|1 h 00 min)/);
    // Whether the next step may run is the guard's answer (manifestState), with its reason in words.
    const next = (row: HTMLElement) => within(row).getByTestId('manifest-next');
    expect([next(release).dataset.open, next(release).dataset.rule]).toEqual(['false', 'ManifestGuardNotApproved']);
    expect(next(release).textContent).toContain('has not reached its approval threshold');
    expect([next(rollback).dataset.open, next(rollback).dataset.rule]).toEqual([
      'false',
      'ManifestGuardRollbackNotArmed',
    ]);

    const freeze = screen.getByTestId('freeze-status');
    expect(freeze.dataset.frozen).toBe('true');
    expect(screen.getByTestId('freeze-countdown').textContent).toMatch(/^in (59 min|1 h 00 min)/);
  });
});

describe('modules', () => {
  test('on Safe 1.4.1 modules bypass any guard: red warning; no guard installed', async () => {
    const safe = await createSafe(test_, '1.4.1', { module: test_.desk.accounts.deployer.address });
    host = frameInSafe(test_, safe);
    renderApp();
    const status = await screen.findByTestId('guard-status', {}, { timeout: 15_000 });
    expect(status.dataset.guard).toBe('none');
    expect(screen.getByTestId('safe-version').textContent).toBe('1.4.1');
    expect(screen.getByTestId('modules-warning').textContent).toContain('Modules bypass the guard on Safe 1.4.1');
    expect(screen.queryByTestId('module-guard-warning')).toBeNull();
  });

  test('on Safe 1.5.0 a module without the module guard is flagged; the desk Safe (module guard set) is not', async () => {
    const safe = await createSafe(test_, '1.5.0', { module: test_.desk.accounts.deployer.address });
    host = frameInSafe(test_, safe);
    renderApp();
    await screen.findByTestId('guard-status', {}, { timeout: 15_000 });
    expect(screen.getByTestId('module-guard-warning').textContent).toContain('it is not set');
    expect(screen.queryByTestId('modules-warning')).toBeNull();
  });
});

describe('standalone', () => {
  test('connects from the URL settings and reads the same guard over RPC', async () => {
    localStorage.setItem(
      'manifest-guard:standalone',
      JSON.stringify({ rpcUrl: test_.anvil.rpcUrl, safe: test_.desk.safe, signer: { kind: 'dev', index: 6 } }),
    );
    renderApp();
    const status = await screen.findByTestId('guard-status', {}, { timeout: 15_000 });
    expect(status.dataset.guard).toBe('manifest-guard');
    expect(screen.getByTestId('mode').textContent).toBe('standalone');
    expect(screen.getByTestId('signer').textContent).toBe('signer: executor (dev)');
  });

  test('an RPC that does not answer says so and what to do', async () => {
    localStorage.setItem(
      'manifest-guard:standalone',
      JSON.stringify({ rpcUrl: 'http://127.0.0.1:8679', safe: test_.desk.safe, signer: { kind: 'none' } }),
    );
    renderApp();
    const error = await screen.findByTestId('standalone-error', {}, { timeout: 15_000 });
    expect(error.textContent).toContain('The node at http://127.0.0.1:8679 did not answer.');
    expect(error.textContent).toContain('Check the RPC URL');
  });

  test('an address that is not a Safe', async () => {
    localStorage.setItem(
      'manifest-guard:standalone',
      JSON.stringify({ rpcUrl: test_.anvil.rpcUrl, safe: test_.desk.guard, signer: { kind: 'none' } }),
    );
    renderApp();
    const error = await screen.findByTestId('standalone-error', {}, { timeout: 15_000 });
    expect(error.textContent).toContain(`${test_.desk.guard} is not a Safe on chain 31337.`);
  });
});

describe('framed by a page that does not answer', () => {
  test('times out with what to do', async () => {
    const parent = { postMessage: () => {} };
    Object.defineProperty(window, 'parent', { configurable: true, get: () => parent });
    try {
      renderApp({ hostTimeoutMs: 300 });
      const error = await screen.findByTestId('connection-error', {}, { timeout: 5_000 });
      expect(error.textContent).toContain('did not answer the Safe Apps SDK within 0.3 s');
      expect(error.textContent).toContain('Open Manifest Guard from Safe{Wallet}');
    } finally {
      Object.defineProperty(window, 'parent', { configurable: true, get: () => window });
    }
  });
});

describe('follows the chain', () => {
  test('the nonce, the guard and the manifests follow new blocks, without a reload', async () => {
    const { desk, clients } = test_;
    const safe = await createSafe(test_, '1.5.0');
    host = frameInSafe(test_, safe);
    renderApp();
    const status = () => screen.getByTestId('guard-status').dataset.guard;
    await screen.findByTestId('guard-status', {}, { timeout: 15_000 });
    expect([status(), screen.getByTestId('safe-nonce').textContent]).toEqual(['none', '0']);

    // The owners execute setGuard elsewhere (Safe{Wallet}, another browser): the Dashboard shows the guard.
    const guard = await deployGuardFor(test_, safe);
    await execSafeTransaction(clients, {
      safe,
      to: safe,
      data: encodeFunctionData({ abi: safeAbi, functionName: 'setGuard', args: [guard] }),
      owners: [desk.accounts.owners[0], desk.accounts.owners[1]],
      sender: desk.accounts.deployer,
    });
    await waitFor(
      () => expect([status(), screen.getByTestId('safe-nonce').textContent]).toEqual(['manifest-guard', '1']),
      {
        timeout: 15_000,
      },
    );
    expect(screen.getByTestId('guard-address').textContent).toBe(guard);
    expect(screen.getByTestId('no-manifests')).toBeTruthy();

    // A proposer registers a manifest (no Safe transaction, the nonce stays): its row appears.
    const now = (await clients.publicClient.getBlock()).timestamp;
    await registerOnDesk(clients, { ...desk, safe, guard }, upgradeRollback({ ...desk, safe, guard }, now), {
      approve: false,
    });
    const rows = await screen.findAllByTestId('manifest-row', {}, { timeout: 15_000 });
    expect(rows.length).toBe(1);
    // Its ticket comes from the registration event of a block after the ones the first overview read.
    expect(rows[0]!.textContent).toContain('RB-42 back to v1');
  });
});
