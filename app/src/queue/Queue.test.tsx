import SafeApiKit from '@safe-global/api-kit';
import { screen, waitFor, within, fireEvent, cleanup } from '@testing-library/react';
import { type Address, type Hex, encodeFunctionData, toFunctionSelector } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';

import { upgradeRelease, upgradeRollback } from '../../../shared/devkit/demo/releasePlan.js';
import { advance, guardWrite, registerOnDesk } from '../../../shared/devkit/fixtures/deskFixtures.js';
import { type StartTxServiceReturnType, startTxService } from '../../../shared/devkit/txservice/server.js';
import { demoPoolV2Abi, proxyAdminAbi } from '../../../shared/src/generated/index.js';
import { safeAbi } from '../../../shared/src/generated/safe.js';
import type { Manifest, Step } from '../../../shared/src/guard/manifest.js';
import { proposeSafeTransaction } from '../../../shared/src/index.js';
import { installCall } from '../install/installSteps.js';
import { readSafeState } from '../safe/readSafeState.js';
import { createSafe } from '../test/createSafe.js';
import { deployGuardFor } from '../test/deployGuard.js';
import { type TestDesk, frameInSafe, resetPage, startDesk } from '../test/desk.js';
import { renderApp } from '../test/renderApp.js';
import type { SafeHost } from '../test/safeHost.js';
import { saveStandaloneSettings } from '../safe/standaloneSettings.js';

vi.setConfig({ testTimeout: 60_000 });

const TICKET = 'REL-42 pool and vault v2';

let t: TestDesk;
let service: StartTxServiceReturnType;
let host: SafeHost | undefined;
let release: Manifest;
let releaseId: Hex;
let canaryHash: Hex;
let driftedHash: Hex;

beforeAll(async () => {
  t = await startDesk(8672);
  service = await startTxService({ rpcUrl: t.anvil.rpcUrl, chainId: t.anvil.chainId });
  const now = (await t.clients.publicClient.getBlock()).timestamp;
  const rollbackId = await registerOnDesk(t.clients, t.desk, upgradeRollback(t.desk, now));
  release = upgradeRelease(t.desk, now, rollbackId);
  releaseId = await registerOnDesk(t.clients, t.desk, release);
  await advance(t.clients, 3601);
}, 120_000);
afterEach(() => {
  resetPage(host);
  host = undefined;
  window.history.replaceState(null, '', '/');
});
afterAll(async () => {
  await service?.stop();
  await t?.anvil.stop();
});

/** The canary step (REL-42 phase 1, step 1) with another `initializeV2` argument. */
const drifted = (step: Step, fee: bigint): Step => ({
  ...step,
  data: encodeFunctionData({
    abi: proxyAdminAbi,
    functionName: 'upgradeAndCall',
    args: [
      t.desk.proxies.transparent.proxy,
      t.desk.implementations.poolV2,
      encodeFunctionData({ abi: demoPoolV2Abi, functionName: 'initializeV2', args: [fee] }),
    ],
  }),
});

/** Owner 1 proposes a call to the Transaction Service (as another owner's browser or the CLI would). */
async function proposeAsOwner1(
  step: { to: Address; value: bigint; data: Hex; operation: number },
  nonce?: bigint,
  safe: Address = t.desk.safe,
): Promise<Hex> {
  const apiKit = new SafeApiKit({ chainId: BigInt(t.anvil.chainId), txServiceUrl: service.url });
  const { safeTxHash } = await proposeSafeTransaction({
    apiKit,
    chainId: t.anvil.chainId,
    safe,
    call: { to: step.to, value: step.value, data: step.data, operation: step.operation === 1 ? 1 : 0 },
    signer: t.desk.accounts.owners[0],
    nonce,
  });
  return safeTxHash;
}

function openStandalone(
  signer: number,
  { safe = t.desk.safe, hash = '#/queue' }: { safe?: Address; hash?: string } = {},
) {
  saveStandaloneSettings({
    rpcUrl: t.anvil.rpcUrl,
    safe,
    signer: { kind: 'dev', index: signer },
    txServiceUrl: service.url,
  });
  renderApp({ hash });
}

const row = (hash: Hex) =>
  screen
    .getAllByTestId('queue-row')
    .find((element) => element.dataset.safeTxHash?.toLowerCase() === hash.toLowerCase());
const findRow = (hash: Hex, timeout = 20_000) =>
  waitFor(
    () => {
      const found = row(hash);
      expect(found).toBeDefined();
      return found!;
    },
    { timeout },
  );

describe('the shared queue', () => {
  test('standalone: owner 1’s proposal appears for owner 2 labelled as its step, and owner 2 confirms it', async () => {
    const canary = release.phases[0]!.steps[0]!;
    canaryHash = await proposeAsOwner1(canary);
    openStandalone(1);
    const green = await findRow(canaryHash);
    expect(green.dataset.label).toBe('step');
    expect(green.dataset.ready).toBe('false');
    expect(within(green).getByTestId('queue-label').textContent).toBe(`Phase 1 · step 1 of ${TICKET}`);
    expect(within(green).getByTestId('queue-confirmations').textContent).toBe('Confirmations 1 of 2');
    expect(within(green).getByTestId('queue-summary').textContent).toMatch(/upgrade/i);
    expect(within(green).getByTestId('queue-inspect').getAttribute('href')).toBe(`#/inspect?safeTxHash=${canaryHash}`);
    expect(within(green).queryByTestId('field-diff')).toBeNull();
    expect(within(green).queryByTestId('queue-competing')).toBeNull();

    fireEvent.click(within(green).getByTestId('queue-confirm'));
    await waitFor(
      () =>
        expect(within(row(canaryHash)!).getByTestId('queue-confirmations').textContent).toBe('Confirmations 2 of 2'),
      { timeout: 20_000 },
    );
    // Two confirmations, the guard lets the executor run the canary now: ready.
    await waitFor(() => expect(row(canaryHash)!.dataset.ready).toBe('true'), { timeout: 20_000 });
    expect(within(row(canaryHash)!).getByTestId('queue-ready').textContent).toContain('Ready to execute');
    expect(within(row(canaryHash)!).getByTestId('queue-confirmed-by-me')).toBeTruthy();
    expect(within(row(canaryHash)!).queryByTestId('queue-confirm')).toBeNull();
  });

  test('a drifted upgradeAndCall at the same nonce: red, nearest step named, the differing field, and competing', async () => {
    const nonce = await t.clients.publicClient.readContract({
      address: t.desk.safe,
      abi: safeAbi,
      functionName: 'nonce',
    });
    driftedHash = await proposeAsOwner1(drifted(release.phases[0]!.steps[0]!, 101n), nonce);
    openStandalone(1);
    const red = await findRow(driftedHash);
    expect(red.dataset.label).toBe('nothing');
    expect(red.dataset.nonce).toBe(nonce.toString());
    expect(red.dataset.ready).toBe('false');
    expect(within(red).getByTestId('queue-label').textContent).toBe('Matches no step — do not sign');
    expect(within(red).getByTestId('queue-nearest').textContent).toContain(`Phase 1 · step 1 of ${TICKET}`);
    const diff = within(red).getByTestId('field-diff');
    const fields = within(diff).getAllByTestId('field-diff-row');
    expect(fields.length).toBe(1);
    // The initializer's one argument (no ABI for it here: compared word by word), 100 approved, 101 queued.
    expect(fields[0]!.dataset.field).toBe(
      `upgradeAndCall.data → ${toFunctionSelector('initializeV2(uint256)')} argument 1`,
    );
    expect(within(fields[0]!).getByTestId('field-diff-expected').textContent).toBe('100');
    expect(within(fields[0]!).getByTestId('field-diff-actual').textContent).toBe('101');
    const confirm = within(red).getByTestId('queue-confirm') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    expect(within(red).getByTestId('queue-confirm-why').textContent).toContain('Do not sign');

    // Phase 2's first step queued behind it: a step, not executable before phase 1 ran and was attested.
    const phaseTwoHash = await proposeAsOwner1(release.phases[1]!.steps[0]!, nonce + 1n);
    fireEvent.click(screen.getByTestId('queue-refresh'));
    const later = await findRow(phaseTwoHash);
    expect(later.dataset.label).toBe('step');
    expect(within(later).getByTestId('queue-label').textContent).toBe(`Phase 2 · step 1 of ${TICKET}`);
    expect(within(later).getByTestId('queue-not-yet').textContent).toMatch(/^Not executable yet: \S/);
    expect(within(later).queryByTestId('queue-competing')).toBeNull();

    const green = row(canaryHash)!;
    expect(within(green).queryByTestId('queue-not-yet')).toBeNull();
    expect(green.dataset.label).toBe('step');
    expect(green.dataset.nonce).toBe(nonce.toString());
    expect(within(green).getByTestId('queue-competing').textContent).toContain(driftedHash.slice(0, 6));
    expect(within(red).getByTestId('queue-competing').textContent).toContain(canaryHash.slice(-4));
  });

  test('Co-sign shows the drifted transaction beside the step it competes with: red, with the field that differs', async () => {
    openStandalone(1, { hash: `#/cosign?manifest=${releaseId}` });
    const competing = await screen.findByTestId('proposal-competing', {}, { timeout: 30_000 });
    expect(competing.textContent).toContain('only one of them can ever execute');
    const competitor = within(competing).getByTestId('competitor');
    expect(competitor.dataset.label).toBe('nothing');
    expect(within(competitor).getByTestId('competitor-hash').textContent).toContain(driftedHash.slice(0, 10));
    expect(competitor.textContent).toContain('It matches no approved step: do not sign it.');
    const field = within(competitor).getByTestId('field-diff-row');
    expect(within(field).getByTestId('field-diff-expected').textContent).toBe('100');
    expect(within(field).getByTestId('field-diff-actual').textContent).toBe('101');
  });

  test('the Transaction Service down: an error that names it, no row shown as signable', async () => {
    saveStandaloneSettings({
      rpcUrl: t.anvil.rpcUrl,
      safe: t.desk.safe,
      signer: { kind: 'dev', index: 1 },
      txServiceUrl: 'http://127.0.0.1:9/api',
    });
    renderApp({ hash: '#/queue' });
    const error = await screen.findByTestId('queue-error', {}, { timeout: 30_000 });
    expect(error.textContent?.length).toBeGreaterThan(10);
    expect(screen.queryAllByTestId('queue-row')).toHaveLength(0);
    expect(screen.queryByText(/Ready to execute/)).toBeNull();
  });

  test('inside Safe{Wallet} with the host’s ?txService=: the same rows; without it, how to get the shared queue', async () => {
    window.history.replaceState(null, '', `/?txService=${encodeURIComponent(service.url)}`);
    host = frameInSafe(t);
    renderApp({ hash: '#/queue' });
    const green = await findRow(canaryHash);
    const red = await findRow(driftedHash);
    expect([green.dataset.label, red.dataset.label]).toEqual(['step', 'nothing']);
    expect(within(green).getByTestId('queue-confirm-in-wallet').textContent).toContain('Safe{Wallet}’s queue');
    expect(within(red).getByTestId('queue-confirm-in-wallet').textContent).toContain('Do not confirm');
    expect(screen.queryByTestId('queue-confirm')).toBeNull();
    resetPage(host);

    window.history.replaceState(null, '', '/');
    host = frameInSafe(t);
    renderApp({ hash: '#/queue' });
    const unavailable = await screen.findByTestId('queue-unavailable', {}, { timeout: 20_000 });
    expect(unavailable.textContent).toContain('Transaction Service');
    expect(screen.queryByTestId('queue-row')).toBeNull();
  });

  test('after a guardian halts the release, its queued step is dead: its nonce must be replaced', async () => {
    await guardWrite(t.clients, t.desk, t.desk.accounts.guardian, 'halt', [releaseId]);
    cleanup();
    openStandalone(2);
    await waitFor(() => expect(row(canaryHash)?.dataset.label).toBe('dead'), { timeout: 20_000 });
    const dead = row(canaryHash)!;
    expect(dead.dataset.ready).toBe('false');
    expect(within(dead).getByTestId('queue-label').textContent).toMatch(/^Dead — .*halted/);
    expect(within(dead).getByTestId('queue-dead').textContent).toContain('replace nonce');
    expect((within(dead).getByTestId('queue-confirm') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('Install reads the shared queue', () => {
  test('a second owner who has not named the guard is shown the first owner’s setGuard to confirm, not a decoy', async () => {
    const safe = await createSafe(t, '1.5.0');
    const guard = await deployGuardFor(t, safe);
    const state = await readSafeState(t.clients.publicClient, safe);
    const multiSendCallOnly = t.desk.safeContracts['1.5.0'].MultiSendCallOnly;
    // A setGuard of a guard that is not this Safe's (the desk's), at the lower nonce: never offered.
    await proposeAsOwner1(installCall(state, t.desk.guard, multiSendCallOnly), 0n, safe);
    const setGuardHash = await proposeAsOwner1(installCall(state, guard, multiSendCallOnly), 1n, safe);

    openStandalone(1, { safe, hash: '#/install' });
    const proposal = await screen.findByTestId('install-proposal', {}, { timeout: 20_000 });
    expect(proposal.textContent).toContain(setGuardHash);
    await waitFor(() => expect(screen.getByTestId('install-confirmations').textContent).toBe('Confirmations 1 of 2'), {
      timeout: 20_000,
    });
    fireEvent.click(within(proposal).getByText('Confirm'));
    await waitFor(() => expect(screen.getByTestId('install-confirmations').textContent).toBe('Confirmations 2 of 2'), {
      timeout: 20_000,
    });
  });
});
