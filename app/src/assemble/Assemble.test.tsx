import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { Hex } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';

import { manifestGuardAbi } from '../../../shared/src/generated/manifestGuard.js';
import { type TestDesk, resetPage, startDesk } from '../test/desk.js';
import { renderApp } from '../test/renderApp.js';

vi.setConfig({ testTimeout: 90_000 });

let t: TestDesk;

beforeAll(async () => {
  t = await startDesk(8664);
}, 120_000);
afterEach(() => resetPage());
afterAll(async () => {
  await t?.anvil.stop();
});

function open(signer = 3) {
  localStorage.setItem(
    'manifest-guard:standalone',
    JSON.stringify({ rpcUrl: t.anvil.rpcUrl, safe: t.desk.safe, signer: { kind: 'dev', index: signer } }),
  );
  renderApp({ hash: '#/assemble' });
  return screen.findByTestId('release-fields', {}, { timeout: 15_000 });
}

const set = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

async function addUpgrade(proxy: string, implementation: string, phase = 0) {
  set('upgrade-proxy', proxy);
  set('upgrade-implementation', implementation);
  set('upgrade-phase', String(phase));
  fireEvent.click(screen.getByTestId('add-step'));
  await waitFor(() => screen.getByTestId(/^add-upgrade-(done|error)$/), { timeout: 15_000 });
}

const text = (testId: string) => screen.getByTestId(testId).textContent ?? '';

async function register(): Promise<Hex> {
  const shown = text('draft-id') as Hex;
  fireEvent.click(screen.getByTestId('register'));
  await waitFor(() => screen.getByTestId(/^register-(done|error)$/), { timeout: 20_000 });
  expect(text('register-done')).toContain(shown);
  return shown;
}

describe('assemble', () => {
  test('a rollback, then a two-phase release: kinds detected, steps and checks built, lane and id, registered with the guard’s id', async () => {
    const { proxies, implementations } = t.desk;
    await open();
    set('draft-title', 'Back to v1');
    set('draft-ticket', 'RB-7');
    set('draft-kind', '1');
    await addUpgrade(proxies.beacon.proxy, implementations.poolV1);
    expect(screen.getAllByTestId('draft-step')[0]!.textContent).toContain(proxies.beacon.beacon);
    expect(screen.getByTestId('draft-lane').dataset.lane).toBe('routine');
    // Nothing registers without its evidence sealed in.
    expect(text('draft-blockers')).toContain('No evidence is sealed into the manifest');
    expect((screen.getByTestId('register') as HTMLButtonElement).disabled).toBe(true);
    set('evidence-input', JSON.stringify({ ticket: 'RB-7' }));
    fireEvent.click(screen.getByTestId('attach-evidence'));
    expect(screen.queryByTestId('draft-blockers')).toBeNull();
    await waitFor(() => expect((screen.getByTestId('register') as HTMLButtonElement).disabled).toBe(false), {
      timeout: 15_000,
    });
    const rollbackId = await register();
    const index = await t.clients.publicClient.readContract({
      address: t.desk.guard,
      abi: manifestGuardAbi,
      functionName: 'manifestCount',
    });
    expect(
      await t.clients.publicClient.readContract({
        address: t.desk.guard,
        abi: manifestGuardAbi,
        functionName: 'manifestAt',
        args: [index - 1n],
      }),
    ).toBe(rollbackId);

    fireEvent.click(screen.getByTestId('discard-draft'));
    set('draft-title', 'Pool and vault v2');
    set('draft-ticket', 'REL-7');
    set('draft-rollback', rollbackId);
    await waitFor(() => expect(text('rollback-state')).toContain('Rollback, Registered'), { timeout: 15_000 });
    await addUpgrade(proxies.transparent.proxy, implementations.poolV2);
    fireEvent.click(screen.getByTestId('add-phase'));
    await addUpgrade(proxies.uups.proxy, implementations.vaultV2, 1);
    const phases = screen.getAllByTestId('draft-phase');
    expect(phases).toHaveLength(2);
    // Transparent v5 and UUPS get two checks each: the implementation's code hash and a view through the proxy.
    expect(phases[0]!.textContent).toContain('1 step(s), 2 check(s)');
    expect(phases[1]!.textContent).toContain('1 step(s), 2 check(s)');
    expect(screen.getAllByTestId('draft-step')[1]!.textContent).toContain(proxies.uups.proxy);

    // Evidence: an incomplete packet shows its gaps; attaching its hash changes the manifest id.
    const before = text('draft-id');
    set('evidence-input', JSON.stringify({ ticket: 'REL-7' }));
    expect(screen.getByTestId('evidence-checklist').dataset.complete).toBe('false');
    expect(screen.getAllByTestId('evidence-gap').map((gap) => gap.textContent)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^implementations: missing/),
        expect.stringMatching(/^simulation: /),
      ]),
    );
    fireEvent.click(screen.getByTestId('attach-evidence'));
    expect(screen.getByTestId('evidence-attached')).toBeTruthy();
    expect(text('draft-id')).not.toBe(before);
    expect(screen.getByTestId('draft-lane').dataset.lane).toBe('routine');

    // The draft survives a reload.
    const id = text('draft-id');
    cleanup();
    await open();
    expect((screen.getByTestId('draft-ticket') as HTMLInputElement).value).toBe('REL-7');
    expect(text('draft-id')).toBe(id);

    // Export the package, start over, import it: the same manifest.
    fireEvent.click(screen.getByTestId('export-package'));
    const exported = (screen.getByTestId('io-text') as HTMLTextAreaElement).value;
    expect(JSON.parse(exported)).toMatchObject({ ticket: 'REL-7', kind: 'Release', rollback: rollbackId });
    fireEvent.click(screen.getByTestId('discard-draft'));
    expect(text('draft-id')).not.toBe(id);
    set('io-text', exported);
    fireEvent.click(screen.getByTestId('import'));
    expect(text('draft-id')).toBe(id);

    // The Transaction Builder batch of phase 1 with its sidecar round-trips too.
    fireEvent.click(screen.getByTestId('export-batch'));
    expect(JSON.parse((screen.getByTestId('io-text') as HTMLTextAreaElement).value).transactions).toHaveLength(1);
    fireEvent.click(screen.getByTestId('discard-draft'));
    fireEvent.click(screen.getByTestId('import'));
    expect(screen.queryByTestId('io-error')).toBeNull();
    expect(screen.getAllByTestId('draft-step').length).toBeGreaterThan(0);

    // A package for another Safe is refused with what to do.
    set('io-text', exported.replace(`"safe": "${t.desk.safe}"`, `"safe": "${t.desk.guard}"`));
    fireEvent.click(screen.getByTestId('import'));
    expect(text('io-error')).toContain(
      `The package is for safe ${t.desk.guard}, but this app is connected to ${t.desk.safe}.`,
    );

    fireEvent.change(screen.getByTestId('io-text'), { target: { value: exported } });
    fireEvent.click(screen.getByTestId('import'));
    expect(await register()).toBe(id);
  });

  test('errors say what to do: not a proxy, an invalid package, a wallet without the proposer role', async () => {
    await open(6);
    await addUpgrade(t.desk.safe, t.desk.implementations.poolV2);
    expect(text('add-upgrade-error')).toContain(`Cannot tell what kind of proxy ${t.desk.safe} is`);

    set('io-text', '{"schemaVersion": 1}');
    fireEvent.click(screen.getByTestId('import'));
    expect(text('io-error')).toContain('Invalid release package');

    set('draft-ticket', 'REL-8');
    set('draft-kind', '1');
    await addUpgrade(t.desk.proxies.beacon.proxy, t.desk.implementations.poolV2);
    // The guard is asked before the wallet: the executor's account is no proposer, said as a sentence.
    const refusal = await screen.findByTestId('draft-guard-refusal', {}, { timeout: 15_000 });
    expect(refusal.dataset.rule).toBe('ManifestGuardNotProposer');
    expect(refusal.textContent).toContain(`${t.desk.accounts.executor.address} is not a proposer of this guard.`);
    expect((screen.getByTestId('register') as HTMLButtonElement).disabled).toBe(true);
  });

  test('what the guard or the release would refuse is said before registering, and a removed step takes its checks', async () => {
    const { proxies, implementations } = t.desk;
    await open();
    set('draft-ticket', 'REL-9');
    await addUpgrade(proxies.beacon.proxy, implementations.poolV2);
    // The Beacon upgrade's checks (the beacon's implementation(), the new implementation's code hash) are listed,
    // readable, and leave with their step.
    expect(screen.getAllByTestId('draft-check')).toHaveLength(2);
    expect(text('draft-checks')).toContain(proxies.beacon.beacon);
    expect(text('draft-checks')).toContain(`code hash of ${implementations.poolV2.slice(0, 6)}`);
    expect(screen.getByTestId('draft-phase').textContent).toContain('1 step(s), 2 check(s)');
    fireEvent.click(screen.getByRole('button', { name: 'Remove step 1 of phase 1' }));
    expect(screen.getByTestId('draft-phase').textContent).toContain('0 step(s), 0 check(s)');
    expect(screen.queryByTestId('draft-checks')).toBeNull();
    await addUpgrade(proxies.beacon.proxy, implementations.poolV2);

    // A rollback id this guard does not know: the release could never start.
    const unknown = `0x${'5e'.repeat(32)}`;
    set('draft-rollback', unknown);
    await waitFor(() => expect(text('draft-blockers')).toContain(`This guard does not know the rollback ${unknown}`), {
      timeout: 15_000,
    });

    // Clearing "Opens" keeps the time it had (never 1970 or 2000).
    const opens = (screen.getByTestId('draft-not-before') as HTMLInputElement).value;
    set('draft-not-before', '');
    expect((screen.getByTestId('draft-not-before') as HTMLInputElement).value).toBe(opens);

    // A window that closed long ago: the guard's own answer, as a sentence, before any wallet is asked.
    set('draft-expiry', '2001-01-01T00:00');
    await waitFor(
      () => expect(screen.getByTestId('draft-guard-refusal').dataset.rule).toBe('ManifestGuardInvalidWindow'),
      { timeout: 15_000 },
    );
    expect(text('draft-guard-refusal')).toContain('is not valid at block time');
    expect(text('draft-guard-refusal')).not.toMatch(/ManifestGuardInvalidWindow\(/);
    expect((screen.getByTestId('register') as HTMLButtonElement).disabled).toBe(true);
  });
});
