import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Hex } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';

import { feeRelease, feeRollback } from '../../../shared/devkit/demo/releasePlan.js';
import { guardWrite, registerOnDesk } from '../../../shared/devkit/fixtures/deskFixtures.js';
import { type StartTxServiceReturnType, startTxService } from '../../../shared/devkit/txservice/server.js';
import { manifestGuardAbi } from '../../../shared/src/generated/manifestGuard.js';
import { ManifestStatus } from '../../../shared/src/guard/manifest.js';
import { type TestDesk, resetPage, startDesk } from '../test/desk.js';
import { renderApp } from '../test/renderApp.js';
import { type HaltedReleaseFixture, haltedRelease } from '../test/haltedRelease.js';
import { saveStandaloneSettings } from '../safe/standaloneSettings.js';

vi.setConfig({ testTimeout: 90_000 });

let t: TestDesk;
let service: StartTxServiceReturnType;
let incident: HaltedReleaseFixture;

beforeAll(async () => {
  t = await startDesk(8673);
  service = await startTxService({ rpcUrl: t.anvil.rpcUrl, chainId: t.anvil.chainId });
  incident = await haltedRelease(t.clients, t.desk, service.url);
}, 180_000);
afterEach(() => resetPage());
afterAll(async () => {
  await service?.stop();
  await t?.anvil.stop();
});

/** The app standalone as one of the desk's people (dev account index), with the Transaction Service. */
function as(signer: number) {
  cleanup();
  localStorage.clear(); // each owner in a browser of their own: nothing proposed from "this browser"
  saveStandaloneSettings({
    rpcUrl: t.anvil.rpcUrl,
    safe: t.desk.safe,
    signer: { kind: 'dev', index: signer },
    txServiceUrl: service.url,
  });
}
async function open(id: Hex) {
  renderApp({ hash: `#/cosign?manifest=${id}` });
  return screen.findByTestId('release', {}, { timeout: 15_000 });
}
const outcome = () => waitFor(() => screen.getByTestId(/^cosign-(done|error)$/), { timeout: 30_000 });
const rows = () => screen.queryAllByTestId('proposal');
const status = async (id: Hex) =>
  (
    await t.clients.publicClient.readContract({
      address: t.desk.guard,
      abi: manifestGuardAbi,
      functionName: 'getManifest',
      args: [id],
    })
  ).status;
/** Nothing on the page says the rollback can execute. */
const neverReady = () => {
  for (const row of rows()) expect(row.dataset.ready).toBe('false');
  expect(screen.queryAllByTestId('execute-why').map((w) => w.textContent)).not.toContainEqual(
    expect.stringMatching(/^Ready/),
  );
  expect(screen.queryByText('The guard lets it through now.')).toBeNull();
  for (const button of screen.queryAllByTestId('execute')) expect((button as HTMLButtonElement).disabled).toBe(true);
};

describe('the incident path: the rollback at the Safe’s current nonce, ready only when it is', () => {
  test('the halted release: its queued step is dead with the guard’s reason; the way to the rollback', async () => {
    as(0);
    await open(incident.releaseId);
    const dead = await waitFor(
      () => {
        const row = rows().find((r) => r.dataset.nonce === '3');
        expect(row?.dataset.label).toBe('dead');
        return row!;
      },
      { timeout: 20_000 },
    );
    expect(within(dead).getByTestId('proposal-dead').textContent).toMatch(/halted/);
    expect(within(dead).queryByTestId('confirm')).toBeNull();
    expect((screen.getByTestId('run-rollback') as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByTestId('halted').dataset.rollbackRan).toBe('false');
  });

  test('the proposer names the nonce and the dead transaction it replaces, proposes; never ready before the threshold', async () => {
    as(0);
    await open(incident.releaseId);
    // Enabled once the guard says the rollback may run: a click before would do nothing.
    const runRollback = await waitFor(
      () => {
        const button = screen.getByTestId('run-rollback') as HTMLButtonElement;
        expect(button.disabled).toBe(false);
        return button;
      },
      { timeout: 15_000 },
    );
    fireEvent.click(runRollback);
    await waitFor(() => expect(screen.getByTestId('release').dataset.manifestId).toBe(incident.rollbackId), {
      timeout: 15_000,
    });
    const placement = await screen.findByTestId('placement', {}, { timeout: 20_000 });
    expect(placement.dataset.nonce).toBe('3');
    const hash = incident.deadStep.safeTxHash;
    expect(placement.textContent).toMatch(
      new RegExp(`^Proposes at nonces 3 to 5, replacing ${hash.slice(0, 6)}…${hash.slice(-4)}: nonce 3 .*halted`),
    );
    expect(screen.queryByTestId('placement-host-nonce')).toBeNull(); // standalone: the app sets the nonce itself
    const propose = screen.getByTestId('propose-phase');
    expect(propose.textContent).toBe('Propose phase 1 (3 Safe transactions)');
    fireEvent.click(propose);
    expect((await outcome()).textContent).toBe('Phase 1 is in the Safe queue at nonce 3: owners confirm it there.');
    await waitFor(
      () =>
        expect(rows().map((r) => [r.dataset.nonce, r.dataset.label])).toEqual([
          ['3', 'step'],
          ['4', 'step'],
          ['5', 'step'],
        ]),
      { timeout: 20_000 },
    );
    expect(screen.queryByTestId('proposal-misplaced')).toBeNull();
    expect(screen.getByTestId('propose-phase').textContent).toBe('Phase 1 is proposed');
    await waitFor(() =>
      expect(screen.getAllByTestId('execute-why').map((w) => w.textContent)).toEqual([
        'Needs 1 more owner confirmation before it can execute.',
        'Nonce 3 comes first: this one waits for the transactions before it.',
        'Nonce 3 comes first: this one waits for the transactions before it.',
      ]),
    );
    neverReady();
  });

  test('a second owner sees the rollback queued (confirm, never propose again); after the threshold it is ready', async () => {
    as(1);
    await open(incident.rollbackId);
    await waitFor(() => expect(rows()).toHaveLength(3), { timeout: 20_000 });
    expect(screen.getByTestId('propose-phase').textContent).toBe('Phase 1 is proposed');
    expect((screen.getByTestId('propose-phase') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByTestId('placement')).toBeNull();
    neverReady();
    for (const nonce of ['3', '4', '5']) {
      const row = () => rows().find((r) => r.dataset.nonce === nonce)!;
      const confirm = await waitFor(
        () => {
          const button = within(row()).getByTestId('confirm') as HTMLButtonElement;
          expect(button.disabled).toBe(false);
          return button;
        },
        { timeout: 20_000 },
      );
      fireEvent.click(confirm);
      expect((await outcome()).textContent).toBe('Confirmed.');
      await waitFor(() => expect(within(row()).getByTestId('proposal-confirmations').dataset.count).toBe('2'), {
        timeout: 20_000,
      });
    }
    // Nonce 3 is the Safe's, has the threshold and the guard lets the executor run it: ready (from another account).
    const first = rows().find((r) => r.dataset.nonce === '3')!;
    expect(first.dataset.ready).toBe('true');
    expect(within(first).getByTestId('execute-why').textContent).toBe(
      'Ready: connect the executor’s account to execute it.',
    );
    expect((within(first).getByTestId('execute') as HTMLButtonElement).disabled).toBe(true);
    expect(rows().find((r) => r.dataset.nonce === '4')!.dataset.ready).toBe('false');
  });

  test('the executor executes the rollback from the app; it completes and the halted release says it ran', async () => {
    as(6);
    await open(incident.rollbackId);
    for (const step of [1, 2, 3]) {
      const execute = await waitFor(
        () => {
          const button = within(rows()[0]!).getByTestId('execute') as HTMLButtonElement;
          expect(rows()[0]!.dataset.ready).toBe('true');
          expect(button.disabled).toBe(false);
          return button;
        },
        { timeout: 20_000 },
      );
      expect(within(rows()[0]!).getByTestId('execute-why').textContent).toBe('Ready to execute.');
      fireEvent.click(execute);
      expect((await outcome()).textContent).toBe(`Phase 1, step ${step} executed.`);
    }
    expect(await status(incident.rollbackId)).toBe(ManifestStatus.Completed);

    as(0);
    await open(incident.releaseId);
    expect((await screen.findByTestId('rollback-ran', {}, { timeout: 20_000 })).textContent).toMatch(
      /^The rollback ran/,
    );
    expect(screen.queryByTestId('run-rollback')).toBeNull();
  });

  test('a release halted before it started: Run the rollback is disabled with the guard’s sentence beside it', async () => {
    const now = (await t.clients.publicClient.getBlock()).timestamp;
    const rollbackId = await registerOnDesk(t.clients, t.desk, feeRollback(t.desk, now));
    const releaseId = await registerOnDesk(t.clients, t.desk, feeRelease(t.desk, now, rollbackId));
    await guardWrite(t.clients, t.desk, t.desk.accounts.guardian, 'halt', [releaseId]);
    as(0);
    await open(releaseId);
    const halted = await screen.findByTestId('halted', {}, { timeout: 15_000 });
    expect(halted.dataset.rollbackReady).toBe('false');
    expect((screen.getByTestId('run-rollback') as HTMLButtonElement).disabled).toBe(true);
    const why = screen.getByTestId('run-rollback-why').textContent!;
    expect(why.length).toBeGreaterThan(10);
    expect(screen.getByTestId('halted-rollback').textContent).toBe(`Its rollback cannot run now: ${why}`);
  });
});
