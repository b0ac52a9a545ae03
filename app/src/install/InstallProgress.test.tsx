import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { Address } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';

import { startTxService } from '../../../shared/devkit/txservice/server.js';
import { connectStandalone } from '../safe/standaloneConnection.js';
import { createSafe } from '../test/createSafe.js';
import { deployGuardFor } from '../test/deployGuard.js';
import { type TestDesk, resetPage, startDesk } from '../test/desk.js';
import { renderApp } from '../test/renderApp.js';
import { emptyDraft } from './configForm.js';
import { installProgressKey, installProgressVersion } from './installProgressStore.js';
import { installCall } from './installSteps.js';

vi.setConfig({ testTimeout: 90_000 });

let t: TestDesk;

beforeAll(async () => {
  t = await startDesk(8666);
}, 120_000);
afterEach(() => resetPage());
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

/** Opens Install standalone as dev account `signer` (a reload or a signer change: the page starts again). */
function openInstall(safe: Address, signer: number) {
  cleanup();
  localStorage.setItem(
    'manifest-guard:standalone',
    JSON.stringify({ rpcUrl: t.anvil.rpcUrl, safe, signer: { kind: 'dev', index: signer } }),
  );
  renderApp({ hash: '#/install' });
  return screen.findByTestId('install-form', {}, { timeout: 15_000 });
}

const value = (testId: string) => (screen.getByTestId(testId) as HTMLInputElement).value;
const proposeButton = () => screen.getByTestId('propose-set-guard') as HTMLButtonElement;

async function runDryRun() {
  await waitFor(() => expect((screen.getByTestId('run-dry-run') as HTMLButtonElement).disabled).toBe(false), {
    timeout: 15_000,
  });
  fireEvent.click(screen.getByTestId('run-dry-run'));
  return screen.findByTestId('dry-run-result', {}, { timeout: 45_000 });
}

describe('kept across a reload and a signer change', () => {
  test('the configuration, the deployed guard and the setGuard proposal come back; the dry run is run again; the second owner confirms the same proposal and executes it', async () => {
    const safe = await createSafe(t, '1.5.0');
    await openInstall(safe, 0);
    fill({ ...goodConfig(), routineDelayHours: '2' });
    fireEvent.click(screen.getByTestId('preflight'));
    await screen.findByTestId('preflight-passed', {}, { timeout: 15_000 });
    fireEvent.click(screen.getByTestId('deploy'));
    await waitFor(() => expect(screen.getByTestId('guard-verified').dataset.ok).toBe('true'), { timeout: 20_000 });
    const guard = value('guard-input');

    // Reload: the form and the guard are back (the guard checked on chain), the preflight ran again by itself.
    await openInstall(safe, 0);
    await screen.findByTestId('install-restored');
    expect(value('config-routineDelayHours')).toBe('2');
    expect(value('config-proposers')).toBe(t.desk.accounts.proposer.address);
    await waitFor(() => expect(value('guard-input')).toBe(guard), { timeout: 15_000 });
    expect((await screen.findByTestId('deployed-guard', {}, { timeout: 15_000 })).textContent).toContain(guard);
    await screen.findByTestId('preflight-passed', {}, { timeout: 15_000 });
    expect(screen.getByTestId('deploy').textContent).toContain('Deploy another guard');
    expect(proposeButton().disabled).toBe(true);
    expect(screen.getByTestId('propose-blocked').textContent).toContain('Run the dry run (step 2) first');
    expect((await runDryRun()).dataset.ok).toBe('true');

    // After a reload the dry run is not trusted: the note says it must run again; then setGuard is proposed.
    await openInstall(safe, 0);
    const previous = await screen.findByTestId('dry-run-previous', {}, { timeout: 15_000 });
    expect(previous.dataset.ok).toBe('true');
    expect(previous.textContent).toContain('Its result is not kept: run it again');
    await screen.findByTestId('preflight-passed', {}, { timeout: 15_000 });
    expect((await runDryRun()).dataset.ok).toBe('true');
    await waitFor(() => expect(proposeButton().disabled).toBe(false), { timeout: 15_000 });
    fireEvent.click(proposeButton());
    await waitFor(() => expect(screen.getByTestId('install-confirmations').textContent).toBe('Confirmations 1 of 2'), {
      timeout: 20_000,
    });
    const proposal = screen.getByTestId('install-proposal').querySelector('code')!.textContent;

    // Owner 2 opens Install in this browser: the proposal is found again in the Safe's queue (this browser's
    // on-chain proposals), not only in the saved progress; owner 2 confirms it instead of proposing a second one.
    const key = installProgressKey(31337, safe);
    const stored = JSON.parse(localStorage.getItem(key)!) as Record<string, unknown>;
    delete stored.proposal;
    localStorage.setItem(key, JSON.stringify(stored));
    await openInstall(safe, 1);
    await waitFor(() => expect(screen.getByTestId('install-confirmations').textContent).toBe('Confirmations 1 of 2'), {
      timeout: 20_000,
    });
    expect(screen.getByTestId('install-proposal').querySelector('code')!.textContent).toBe(proposal);
    expect(proposeButton().disabled).toBe(true);
    expect(screen.getByTestId('propose-blocked').textContent).toContain(
      'This setGuard transaction is already in the Safe’s queue (nonce 0): confirm it below',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(screen.getByTestId('install-confirmations').textContent).toBe('Confirmations 2 of 2'), {
      timeout: 20_000,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Execute' }));
    await screen.findByTestId('install-done', {}, { timeout: 20_000 });

    // Installed: Install opens on the way back, and the saved progress is gone (nothing left to resume).
    void openInstall(safe, 1).catch(() => {});
    await screen.findByTestId('reverse-path', {}, { timeout: 20_000 });
    await waitFor(() => expect(localStorage.getItem(key)).toBeNull(), { timeout: 5_000 });
  });
});

describe('with a Transaction Service', () => {
  test('an owner in another browser finds the queued setGuard in the service’s pending transactions and confirms it', async () => {
    const safe = await createSafe(t, '1.5.0');
    const guard = await deployGuardFor(t, safe);
    const service = await startTxService({ rpcUrl: t.anvil.rpcUrl, chainId: t.anvil.chainId });
    try {
      // Owner 1 proposed setGuard + setModuleGuard through the service (from another browser: nothing stored here).
      const owner1 = await connectStandalone({
        rpcUrl: t.anvil.rpcUrl,
        safe,
        signer: { kind: 'dev', index: 0 },
        txServiceUrl: service.url,
      });
      const { safeTxHash } = await owner1.propose(
        installCall(owner1.state, guard, t.desk.safeContracts['1.5.0'].MultiSendCallOnly),
      );

      localStorage.setItem(
        'manifest-guard:standalone',
        JSON.stringify({ rpcUrl: t.anvil.rpcUrl, safe, signer: { kind: 'dev', index: 1 }, txServiceUrl: service.url }),
      );
      renderApp({ hash: `#/install?guard=${guard}` });
      await waitFor(
        () => expect(screen.getByTestId('install-confirmations').textContent).toBe('Confirmations 1 of 2'),
        { timeout: 20_000 },
      );
      expect(screen.getByTestId('install-proposal').querySelector('code')!.textContent).toBe(safeTxHash);
      expect(proposeButton().disabled).toBe(true);

      // What co-signers review: Inspect decodes the batch on this guardless Safe, with no guard verdict.
      fireEvent.click(screen.getByTestId('inspect-set-guard'));
      fireEvent.click(await screen.findByTestId('inspect-submit', {}, { timeout: 15_000 }));
      await screen.findByTestId('inspect-no-verdict', {}, { timeout: 15_000 });
      expect(screen.getAllByTestId('inspect-guard-set').map((fact) => fact.dataset.forSafe)).toEqual(['true', 'true']);
      window.location.hash = `#/install?guard=${guard}`;
      await waitFor(
        () => expect(screen.getByTestId('install-confirmations').textContent).toBe('Confirmations 1 of 2'),
        { timeout: 20_000 },
      );
      fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
      await waitFor(
        () => expect(screen.getByTestId('install-confirmations').textContent).toBe('Confirmations 2 of 2'),
        { timeout: 20_000 },
      );
      fireEvent.click(screen.getByRole('button', { name: 'Execute' }));
      await screen.findByTestId('install-done', {}, { timeout: 20_000 });
    } finally {
      await service.stop();
    }
  });
});

describe('what is stored is checked', () => {
  test('a corrupt entry is ignored with a sentence, and the form starts empty', async () => {
    const safe = await createSafe(t, '1.5.0');
    localStorage.setItem(installProgressKey(31337, safe), '{"version":1,"draft":');
    await openInstall(safe, 0);
    expect(screen.getByTestId('install-discarded').textContent).toBe(
      'The Install progress saved in this browser for this Safe was discarded: it is not valid JSON. Start again from step 1.',
    );
    expect(value('config-proposers')).toBe('');
    expect(screen.queryByTestId('install-restored')).toBeNull();
    expect(localStorage.getItem(installProgressKey(31337, safe))).toBeNull();
  });

  test('an entry of another format version is ignored with a sentence', async () => {
    const safe = await createSafe(t, '1.5.0');
    localStorage.setItem(installProgressKey(31337, safe), JSON.stringify({ version: 99, draft: emptyDraft }));
    await openInstall(safe, 0);
    expect(screen.getByTestId('install-discarded').textContent).toContain(
      `it has format version 99, this app reads ${installProgressVersion}`,
    );
  });

  test('a saved guard that is not this Safe’s guard (another Safe’s, or no code) is dropped with a sentence; the form stays', async () => {
    const safe = await createSafe(t, '1.5.0');
    const draft = { ...emptyDraft, ...goodConfig() };
    const save = (guard: Address) =>
      localStorage.setItem(
        installProgressKey(31337, safe),
        JSON.stringify({ version: installProgressVersion, draft, touched: true, guard }),
      );
    save(t.desk.guard);
    await openInstall(safe, 0);
    const dropped = await screen.findByTestId('install-guard-dropped', {}, { timeout: 15_000 });
    expect(dropped.textContent).toBe(
      `The guard saved in this browser for this Safe, ${t.desk.guard}, is not a Manifest Guard for this Safe (its SAFE() is not ${safe}), so it was dropped: deploy the guard again (step 3).`,
    );
    expect(value('guard-input')).toBe('');
    expect(screen.queryByTestId('deployed-guard')).toBeNull();
    expect(value('config-proposers')).toBe(t.desk.accounts.proposer.address);
    expect(JSON.parse(localStorage.getItem(installProgressKey(31337, safe))!).guard).toBeUndefined();

    const nobody = t.desk.accounts.deployer.address;
    save(nobody);
    await openInstall(safe, 0);
    expect((await screen.findByTestId('install-guard-dropped', {}, { timeout: 15_000 })).textContent).toContain(
      `${nobody}, has no code on chain 31337`,
    );
  });
});
