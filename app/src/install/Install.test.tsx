import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { Address } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';

import { manifestGuardAbi } from '../../../shared/src/generated/manifestGuard.js';
import { createSafe } from '../test/createSafe.js';
import { type TestDesk, frameInSafe, resetPage, startDesk } from '../test/desk.js';
import { renderApp } from '../test/renderApp.js';
import type { SafeHost } from '../test/safeHost.js';

vi.setConfig({ testTimeout: 60_000 });

let t: TestDesk;
let host: SafeHost | undefined;

beforeAll(async () => {
  t = await startDesk(8663);
}, 120_000);
afterEach(() => {
  resetPage(host);
  host = undefined;
});
afterAll(async () => {
  await t?.anvil.stop();
});

function fill(values: Partial<Record<string, string>>) {
  for (const [key, value] of Object.entries(values)) {
    fireEvent.change(screen.getByTestId(`config-${key}`), { target: { value } });
  }
}

function goodConfig() {
  const a = t.desk.accounts;
  return {
    proposers: a.proposer.address,
    approvers: a.approvers.map((x) => x.address).join('\n'),
    executors: a.executor.address,
    guardians: a.guardian.address,
    multiSendCallOnly: t.desk.safeContracts['1.5.0'].MultiSendCallOnly,
  };
}

const issues = () => screen.getAllByTestId('preflight-issue').map((issue) => issue.dataset.rule);

function openStandalone(safe: Address, signer: number, hash = '#/install') {
  localStorage.setItem(
    'manifest-guard:standalone',
    JSON.stringify({ rpcUrl: t.anvil.rpcUrl, safe, signer: { kind: 'dev', index: signer } }),
  );
  renderApp({ hash });
}

describe('preflight', () => {
  test('refuses collapsed roles, no executor and an unreachable threshold', async () => {
    const safe = await createSafe(t, '1.5.0');
    openStandalone(safe, 0);
    await screen.findByTestId('install-form', {}, { timeout: 15_000 });
    const a = t.desk.accounts;
    fill({ ...goodConfig(), executors: '', guardians: a.proposer.address, privilegedThreshold: '3' });
    fireEvent.click(screen.getByTestId('preflight'));
    await screen.findByTestId('preflight-refused', {}, { timeout: 15_000 });
    expect(issues()).toEqual(['noExecutor', 'thresholdUnreachable', 'collapsedRoles']);
    expect(screen.getByTestId('preflight-refused').textContent).toContain(
      `${a.proposer.address} is both proposer and guardian`,
    );
    expect(screen.queryByTestId('deploy')).toBeNull();
  });

  test('refuses modules on a Safe older than 1.5.0', async () => {
    const safe = await createSafe(t, '1.4.1', { module: t.desk.accounts.deployer.address });
    openStandalone(safe, 0);
    await screen.findByTestId('install-form', {}, { timeout: 15_000 });
    fill(goodConfig());
    fireEvent.click(screen.getByTestId('preflight'));
    await screen.findByTestId('preflight-refused', {}, { timeout: 15_000 });
    expect(issues()).toEqual(['modulesBypassGuard']);
  });

  test('the guard’s own constructor refuses what the local checks do not know (a delay above its cap)', async () => {
    const safe = await createSafe(t, '1.5.0');
    openStandalone(safe, 0);
    await screen.findByTestId('install-form', {}, { timeout: 15_000 });
    fill({ ...goodConfig(), privilegedDelayHours: String(24 * 365) });
    fireEvent.click(screen.getByTestId('preflight'));
    await screen.findByTestId('preflight-refused', {}, { timeout: 15_000 });
    expect(issues()).toEqual(['guard:ManifestGuardInvalidDelays']);
  });

  test('a field that does not parse is named', async () => {
    const safe = await createSafe(t, '1.5.0');
    openStandalone(safe, 0);
    await screen.findByTestId('install-form', {}, { timeout: 15_000 });
    fill({ ...goodConfig(), approvers: 'alice' });
    fireEvent.click(screen.getByTestId('preflight'));
    expect((await screen.findByTestId('install-error', {}, { timeout: 15_000 })).textContent).toContain(
      'Approvers "alice" is not an address',
    );
  });
});

describe('install', () => {
  test('deploy standalone, then setGuard proposed through Safe{Wallet}, executed, and the way back explained', async () => {
    const safe = await createSafe(t, '1.5.0');
    openStandalone(safe, 9);
    await screen.findByTestId('install-form', {}, { timeout: 15_000 });
    fill(goodConfig());
    fireEvent.click(screen.getByTestId('preflight'));
    fireEvent.click(await screen.findByTestId('deploy', {}, { timeout: 15_000 }));
    await waitFor(() => expect(screen.getByTestId('install-step-done').textContent).toContain('Guard deployed'), {
      timeout: 20_000,
    });
    const guard = (screen.getByTestId('guard-input') as HTMLInputElement).value as Address;
    expect(
      await t.clients.publicClient.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'SAFE' }),
    ).toBe(safe);
    await waitFor(() => expect(screen.getByTestId('guard-verified').dataset.ok).toBe('true'), { timeout: 15_000 });
    cleanup();
    localStorage.clear();

    host = frameInSafe(t, safe);
    renderApp({ hash: `#/install?guard=${guard}` });
    await waitFor(() => expect(screen.getByTestId('guard-verified').dataset.ok).toBe('true'), { timeout: 15_000 });
    fireEvent.click(screen.getByTestId('propose-set-guard'));
    await screen.findByTestId('install-proposal', {}, { timeout: 15_000 });
    // Safe{Wallet} received setGuard and setModuleGuard, which it batches through MultiSendCallOnly.
    const send = host.requests.find((request) => request.method === 'sendTransactions')!;
    expect((send.params as { txs: unknown[] }).txs).toHaveLength(2);
    const [owner0, owner1] = t.desk.accounts.owners;
    await host.confirm(host.queue[0]!.safeTxHash, [owner0, owner1]);
    await host.execute(host.queue[0]!.safeTxHash, t.desk.accounts.deployer);
    cleanup();

    renderApp({ hash: '#/install' });
    await screen.findByTestId('install-done', {}, { timeout: 15_000 });
    expect(screen.getByTestId('removal-lane').textContent).toBe('privileged');
  });

  test('an address that is not a Manifest Guard for this Safe cannot be set', async () => {
    const safe = await createSafe(t, '1.5.0');
    host = frameInSafe(t, safe);
    renderApp({ hash: `#/install?guard=${t.desk.guard}` });
    await waitFor(() => expect(screen.getByTestId('guard-verified').dataset.ok).toBe('false'), { timeout: 15_000 });
    expect((screen.getByTestId('propose-set-guard') as HTMLButtonElement).disabled).toBe(true);
  });
});
