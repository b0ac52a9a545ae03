import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Hex } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';

import { multiSendStep } from '../../../shared/src/builders/multiSendStep.js';
import {
  feeRelease,
  feeRollback,
  manifest,
  phase,
  setFee,
  upgradeRelease,
  upgradeRollback,
} from '../../../shared/devkit/demo/releasePlan.js';
import { ManifestKind } from '../../../shared/src/guard/manifest.js';
import { installSafeHost } from '../test/safeHost.js';
import { execSafeTransaction } from '../../../shared/devkit/devnet/localDesk.js';
import { startTxService } from '../../../shared/devkit/txservice/server.js';
import { advance, registerOnDesk } from '../../../shared/devkit/fixtures/deskFixtures.js';
import { manifestGuardAbi } from '../../../shared/src/generated/manifestGuard.js';
import { safeAbi } from '../../../shared/src/generated/safe.js';
import { type TestDesk, frameInSafe, resetPage, startDesk } from '../test/desk.js';
import { renderApp } from '../test/renderApp.js';
import type { SafeHost } from '../test/safeHost.js';
import { saveStandaloneSettings } from '../safe/standaloneSettings.js';

vi.setConfig({ testTimeout: 60_000 });

let t: TestDesk;
let host: SafeHost | undefined;
let releaseId: Hex;
let otherReleaseId: Hex;
let otherRollbackId: Hex;
let batchReleaseId: Hex;

beforeAll(async () => {
  t = await startDesk(8662);
  const now = (await t.clients.publicClient.getBlock()).timestamp;
  const rollbackId = await registerOnDesk(t.clients, t.desk, feeRollback(t.desk, now));
  releaseId = await registerOnDesk(t.clients, t.desk, feeRelease(t.desk, now, rollbackId));
  otherRollbackId = await registerOnDesk(t.clients, t.desk, upgradeRollback(t.desk, now));
  otherReleaseId = await registerOnDesk(t.clients, t.desk, upgradeRelease(t.desk, now, otherRollbackId));
  // A release whose step is a MultiSendCallOnly batch (what Safe{Wallet} makes of several calls).
  const { transparent, beacon } = t.desk.proxies;
  const batchRollbackId = await registerOnDesk(
    t.clients,
    t.desk,
    manifest({
      kind: ManifestKind.Rollback,
      ticket: 'RB-44',
      now,
      window: 60n * 86_400n,
      phases: [phase([setFee(transparent.proxy, 71n)])],
    }),
  );
  const batch = multiSendStep({
    multiSendCallOnly: t.desk.safeContracts['1.5.0'].MultiSendCallOnly,
    calls: [setFee(transparent.proxy, 70n), setFee(beacon.proxy, 70n)],
  });
  batchReleaseId = await registerOnDesk(
    t.clients,
    t.desk,
    manifest({
      kind: ManifestKind.Release,
      ticket: 'REL-44 batched fee',
      now,
      rollback: batchRollbackId,
      phases: [phase([batch])],
    }),
  );
  await advance(t.clients, 3601);
}, 120_000);
afterEach(() => {
  resetPage(host);
  host = undefined;
});
afterAll(async () => {
  await t?.anvil.stop();
});

const readManifest = (id: Hex) =>
  t.clients.publicClient.readContract({
    address: t.desk.guard,
    abi: manifestGuardAbi,
    functionName: 'getManifest',
    args: [id],
  });

function standalone(signer: number) {
  saveStandaloneSettings({ rpcUrl: t.anvil.rpcUrl, safe: t.desk.safe, signer: { kind: 'dev', index: signer } });
}

async function openRelease(id: Hex) {
  renderApp({ hash: `#/cosign?manifest=${id}` });
  return screen.findByTestId('release', {}, { timeout: 15_000 });
}

const outcome = () => waitFor(() => screen.getByTestId(/^cosign-(done|error)$/), { timeout: 20_000 });
/** Clicks the button once it is enabled: a click while an earlier action still runs (disabled) would do nothing. */
const clickWhenEnabled = async (find: () => HTMLElement) => {
  const button = await waitFor(
    () => {
      const found = find() as HTMLButtonElement;
      expect(found.disabled).toBe(false);
      return found;
    },
    { timeout: 20_000 },
  );
  fireEvent.click(button);
};

describe('a canary release, end to end', () => {
  test('inside Safe{Wallet}: propose phase 1, confirmations against the threshold, executed from the queue', async () => {
    host = frameInSafe(t);
    await openRelease(releaseId);
    const phases = screen.getAllByTestId('timeline-phase');
    expect(phases.map((p) => p.dataset.state)).toEqual(['current', 'pending']);
    // The steps come from the registration transaction's calldata.
    await waitFor(() =>
      expect(screen.getAllByTestId('timeline-phase')[0]!.textContent).toContain('1 step, 1 check, soak 1 h 00 min'),
    );
    expect((await screen.findByTestId('next-step-verdict')).dataset.allowed).toBe('true');

    fireEvent.click(screen.getByTestId('propose-phase'));
    expect((await outcome()).textContent).toContain('Phase 1 is in the Safe queue');
    expect(host.queue).toHaveLength(1);
    const proposal = await screen.findByTestId('proposal');
    expect(within(proposal).getByTestId('proposal-hash').textContent).toBe(host.queue[0]!.safeTxHash);
    await waitFor(() =>
      expect(within(proposal).getByTestId('proposal-confirmations').textContent).toBe('Confirmations 0 of 2'),
    );
    expect(within(proposal).getByTestId('execute-why').textContent).toBe(
      'Needs 2 more owner confirmations before it can execute.',
    );
    expect(screen.getByTestId('propose-phase').textContent).toBe('Phase 1 is proposed');

    const [owner0, owner1] = t.desk.accounts.owners;
    await host.confirm(host.queue[0]!.safeTxHash, [owner0, owner1]);
    fireEvent.click(screen.getByTestId('refresh'));
    await waitFor(
      () =>
        expect(within(screen.getByTestId('proposal')).getByTestId('execute-why').textContent).toBe(
          'Ready: an executor account executes it from the Safe{Wallet} queue.',
        ),
      { timeout: 15_000 },
    );

    await host.execute(host.queue[0]!.safeTxHash, t.desk.accounts.executor);
    fireEvent.click(screen.getByTestId('refresh'));
    await waitFor(() => expect(screen.getByTestId('proposal').dataset.executed).toBe('true'), { timeout: 15_000 });
    expect(screen.getAllByTestId('timeline-phase').map((p) => p.dataset.state)).toEqual(['done', 'current']);
    expect(screen.getByTestId('attest').textContent).toContain('Phase 1 completed');
    expect(screen.getByTestId('soak-countdown').textContent).toMatch(/^in (59 min|1 h 00 min)/);
    // The soak and the gate are the guard's answer for the next step, its time taken from the guard's error.
    expect(screen.getByTestId('cosign-next').dataset.rule).toBe('ManifestGuardSoakNotElapsed');
    expect(screen.getByTestId('cosign-next').textContent).toContain("the previous phase's soak has not elapsed");
  });

  test('standalone approver: attest “continue” too early names the soak rule; after the soak it opens phase 2', async () => {
    standalone(4);
    await openRelease(releaseId);
    fireEvent.change(await screen.findByTestId('metrics-note'), { target: { value: 'error rate 0.01%, p99 180 ms' } });
    fireEvent.click(screen.getByTestId('attest-continue'));
    const error = await outcome();
    expect(error.dataset.testid).toBe('cosign-error');
    expect(error.textContent).toContain('ManifestGuardSoakNotElapsed');

    await advance(t.clients, 3601);
    fireEvent.click(screen.getByTestId('attest-continue'));
    await waitFor(
      () => expect(screen.getByTestId('cosign-done').textContent).toContain('Attesting “continue” to phase 2'),
      {
        timeout: 20_000,
      },
    );
    expect((await readManifest(releaseId)).gateOpen).toBe(true);
    await waitFor(() => expect(screen.getByTestId('next-phase').textContent).toContain('Phase 2'), { timeout: 15_000 });
    await waitFor(() => expect(screen.getByTestId('cosign-next').dataset.open).toBe('true'), { timeout: 15_000 });
    expect(screen.queryByTestId('attest')).toBeNull();
  });

  test('standalone, no Transaction Service: owners approveHash on chain and the executor executes', async () => {
    standalone(0);
    await openRelease(releaseId);
    await clickWhenEnabled(() => screen.getByTestId('propose-phase'));
    expect((await outcome()).dataset.testid).toBe('cosign-done');
    await waitFor(() => expect(screen.getByTestId('proposal-confirmations').textContent).toBe('Confirmations 1 of 2'), {
      timeout: 15_000,
    });
    const safeTxHash = screen.getByTestId('proposal-hash').textContent as Hex;
    expect(
      await t.clients.publicClient.readContract({
        address: t.desk.safe,
        abi: safeAbi,
        functionName: 'approvedHashes',
        args: [t.desk.accounts.owners[0].address, safeTxHash],
      }),
    ).toBe(1n);

    // The second owner, in the same browser, finds the proposal and confirms it on chain.
    cleanup();
    standalone(1);
    await openRelease(releaseId);
    await clickWhenEnabled(() => screen.getByTestId('confirm'));
    await outcome();
    await waitFor(() => expect(screen.getByTestId('proposal-confirmations').textContent).toBe('Confirmations 2 of 2'), {
      timeout: 15_000,
    });
    expect(screen.getByTestId('execute-why').textContent).toBe('Ready: connect the executor’s account to execute it.');

    // The executor executes it; the release completes.
    cleanup();
    standalone(6);
    await openRelease(releaseId);
    await waitFor(() => expect(screen.getByTestId('execute-why').textContent).toBe('Ready to execute.'), {
      timeout: 15_000,
    });
    fireEvent.click(screen.getByTestId('execute'));
    expect((await outcome()).textContent).toContain('Phase 2, step 1 executed.');
    expect((await readManifest(releaseId)).status).toBe(3);
    await waitFor(() => expect(screen.getByTestId('cosign-status').textContent).toBe('Completed'), { timeout: 15_000 });
  });
});

describe('a batched step inside Safe{Wallet}', () => {
  test('the host batches the calls through the guard’s MultiSendCallOnly: the queued transaction is the step', async () => {
    host = frameInSafe(t);
    await openRelease(batchReleaseId);
    await clickWhenEnabled(() => screen.getByTestId('propose-phase'));
    expect((await outcome()).dataset.testid).toBe('cosign-done');
    expect((host.requests.find((r) => r.method === 'sendTransactions')!.params as { txs: unknown[] }).txs).toHaveLength(
      2,
    );
    // The guard lets the queued batch through once it can execute: the Safe's nonce and the threshold reached.
    await waitFor(() => expect(screen.getByTestId('execute-why').textContent).toMatch(/^Needs 2 more/), {
      timeout: 15_000,
    });
    expect(screen.queryByTestId('proposal-verdict')).toBeNull();
    const [owner0, owner1] = t.desk.accounts.owners;
    await host.confirm(host.queue.at(-1)!.safeTxHash, [owner0, owner1]);
    fireEvent.click(screen.getByTestId('refresh'));
    await waitFor(() => expect(screen.getByTestId('proposal-verdict').dataset.allowed).toBe('true'), {
      timeout: 15_000,
    });
  });

  test('a host that batches through another MultiSendCallOnly is caught before anyone signs', async () => {
    localStorage.clear();
    host = installSafeHost({
      rpcUrl: t.anvil.rpcUrl,
      chainId: t.anvil.chainId,
      safe: t.desk.safe,
      multiSendCallOnly: t.desk.safeContracts['1.4.1'].MultiSendCallOnly,
    });
    await openRelease(batchReleaseId);
    await clickWhenEnabled(() => screen.getByTestId('propose-phase'));
    const error = await outcome();
    expect(error.dataset.testid).toBe('cosign-error');
    expect(error.textContent).toContain('as a different transaction than the manifest step');
    expect(error.textContent).toContain(t.desk.safeContracts['1.4.1'].MultiSendCallOnly);
    expect(screen.queryByTestId('proposal')).toBeNull();
  });
});

describe('stop and roll back', () => {
  test('a non-guardian is offered no halt; the guardian halts with a reason and the rollback is offered', async () => {
    // A rollback runs only for a release that started: REL-42's canary phase runs first.
    standalone(6);
    await openRelease(otherReleaseId);
    expect(screen.queryByTestId('halted')).toBeNull();
    const canary = upgradeRelease(t.desk, 0n, otherRollbackId).phases[0]!.steps[0]!;
    await execSafeTransaction(t.clients, {
      safe: t.desk.safe,
      to: canary.to,
      data: canary.data,
      owners: [t.desk.accounts.owners[0], t.desk.accounts.owners[1]],
      sender: t.desk.accounts.executor,
    });
    resetPage();

    // The executor holds no guardian role: the guard's rolesOf says so, and no halt is offered.
    standalone(6);
    await openRelease(otherReleaseId);
    await screen.findByTestId('next-step-verdict', {}, { timeout: 15_000 });
    expect(screen.queryByTestId('halt')).toBeNull();
    resetPage();

    standalone(7);
    await openRelease(otherReleaseId);
    await clickWhenEnabled(() => screen.getByTestId('halt'));
    fireEvent.change(screen.getByTestId('halt-reason'), { target: { value: 'canary pool reserves off by 3%' } });
    fireEvent.click(screen.getByTestId('halt-confirm'));
    expect((await outcome()).textContent).toContain('Reason: “canary pool reserves off by 3%”');
    const halted = await waitFor(() => screen.getByTestId('halted'), { timeout: 15_000 });
    expect((await readManifest(otherReleaseId)).status).toBe(4);
    // Whether the rollback may run is the guard's answer (manifestState of the release).
    expect(halted.dataset.rollbackReady).toBe('true');
    expect(screen.getByTestId('halted-rollback').textContent).toBe('The guard lets its rollback manifest run now.');
    fireEvent.click(screen.getByTestId('run-rollback'));
    await waitFor(() => expect(screen.getByTestId('release').dataset.manifestId).toBe(otherRollbackId), {
      timeout: 15_000,
    });
    expect((await screen.findByTestId('next-step-verdict', {}, { timeout: 15_000 })).dataset.allowed).toBe('true');
  });

  test('a proposal whose nonce another transaction used is flagged', async () => {
    host = frameInSafe(t);
    await openRelease(batchReleaseId);
    await clickWhenEnabled(() => screen.getByTestId('propose-phase'));
    expect((await outcome()).dataset.testid).toBe('cosign-done');
    await screen.findByTestId('proposal-confirmations', {}, { timeout: 15_000 });
    expect(screen.queryByTestId('nonce-taken')).toBeNull();
    // The halted release's rollback runs first and takes the nonce.
    const rollbackStep = upgradeRollback(t.desk, 0n).phases[0]!.steps[0]!;
    await execSafeTransaction(t.clients, {
      safe: t.desk.safe,
      to: rollbackStep.to,
      data: rollbackStep.data,
      owners: [t.desk.accounts.owners[0], t.desk.accounts.owners[1]],
      sender: t.desk.accounts.executor,
    });
    fireEvent.click(screen.getByTestId('refresh'));
    expect((await screen.findByTestId('nonce-taken', {}, { timeout: 15_000 })).textContent).toContain(
      'was used by another transaction',
    );
  });

  test('standalone with a Transaction Service: the rollback’s remaining steps proposed, confirmed by a second owner, executed', async () => {
    const service = await startTxService({ rpcUrl: t.anvil.rpcUrl, chainId: t.anvil.chainId });
    try {
      const withService = (signer: number) =>
        saveStandaloneSettings({
          rpcUrl: t.anvil.rpcUrl,
          safe: t.desk.safe,
          signer: { kind: 'dev', index: signer },
          txServiceUrl: service.url,
        });
      withService(0);
      await openRelease(otherRollbackId);
      const propose = await screen.findByTestId('propose-phase', {}, { timeout: 15_000 });
      expect(propose.textContent).toBe('Propose phase 1 (2 Safe transactions)');
      // Enabled once the shared queue is read: the app says at which nonce the steps go first.
      await clickWhenEnabled(() => screen.getByTestId('propose-phase'));
      expect(screen.getByTestId('placement').textContent).toMatch(/^Proposes at nonces \d+ to \d+\.$/);
      expect((await outcome()).dataset.testid).toBe('cosign-done');
      await waitFor(
        () =>
          expect(screen.getAllByTestId('proposal-confirmations').map((c) => c.textContent)).toEqual([
            'Confirmations 1 of 2',
            'Confirmations 1 of 2',
          ]),
        { timeout: 15_000 },
      );

      // The proposals live in the Transaction Service, signed by the proposing owner.
      for (const hash of screen.getAllByTestId('proposal-hash').map((h) => h.textContent)) {
        const stored = (await (await fetch(`${service.url}/v2/multisig-transactions/${hash}/`)).json()) as {
          confirmations: { owner: string }[];
        };
        expect(stored.confirmations.map((c) => c.owner)).toEqual([t.desk.accounts.owners[0].address]);
      }

      cleanup();
      localStorage.clear(); // the second owner's own browser: the proposals come from the shared queue
      withService(1);
      await openRelease(otherRollbackId);
      await waitFor(() => expect(screen.getAllByTestId('proposal')).toHaveLength(2), { timeout: 15_000 });
      expect(screen.getByTestId('propose-phase').textContent).toBe('Phase 1 is proposed');
      for (let index = 0; index < 2; index++) {
        // The button of this very proposal: the queue answers for each proposal on its own, in any order.
        await clickWhenEnabled(() => within(screen.getAllByTestId('proposal')[index]!).getByTestId('confirm'));
        await outcome();
        await waitFor(() => expect(screen.getAllByTestId('proposal-confirmations')[index]!.dataset.count).toBe('2'), {
          timeout: 15_000,
        });
      }

      cleanup();
      withService(6);
      await openRelease(otherRollbackId);
      for (const step of ['2', '3']) {
        // The first waiting step is ready; the one after it waits for it.
        const first = () => screen.getAllByTestId('proposal')[0]!;
        await waitFor(() => expect(within(first()).getByTestId('execute-why').textContent).toBe('Ready to execute.'), {
          timeout: 15_000,
        });
        if (step === '2')
          expect(within(screen.getAllByTestId('proposal')[1]!).getByTestId('execute-why').textContent).toMatch(
            /^Nonce \d+ comes first/,
          );
        await clickWhenEnabled(() => within(first()).getByTestId('execute'));
        expect((await outcome()).textContent).toContain(`Phase 1, step ${step} executed.`);
        // An executed step leaves the Safe's queue.
        await waitFor(() => expect(screen.queryAllByTestId('proposal')).toHaveLength(3 - Number(step)), {
          timeout: 15_000,
        });
      }
      expect((await readManifest(otherRollbackId)).status).toBe(3);
    } finally {
      await service.stop();
    }
  });
});
