import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { type Hex, encodeFunctionData } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';

import { call, manifest, phase, setFee } from '../../../shared/devkit/demo/releasePlan.js';
import { guardWrite, registerOnDesk } from '../../../shared/devkit/fixtures/deskFixtures.js';
import { manifestGuardAbi } from '../../../shared/src/generated/manifestGuard.js';
import { safeAbi } from '../../../shared/src/generated/safe.js';
import { ManifestKind } from '../../../shared/src/guard/manifest.js';
import { type TestDesk, resetPage, startDesk } from '../test/desk.js';
import { renderApp } from '../test/renderApp.js';

vi.setConfig({ testTimeout: 60_000 });

let t: TestDesk;
/** Registered by the proposer, with a wrong fee: the proposer cancels it. */
let wrongId: Hex;
/** Registered, routine: the guardian halts it. */
let routineId: Hex;
/** Routine, halted: final, nobody may reinstate it. */
let haltedRoutineId: Hex;
/** Privileged (it changes the Safe's threshold), halted: approvers may reinstate it. */
let haltedPrivilegedId: Hex;
let now: bigint;

const rollback = (ticket: string, steps: ReturnType<typeof setFee>[]) =>
  manifest({ kind: ManifestKind.Rollback, ticket, now, phases: [phase(steps)] });
const wrongFee = () => rollback('OPS-11 fee 7 bps (wrong)', [setFee(t.desk.proxies.transparent.proxy, 7n)]);

beforeAll(async () => {
  t = await startDesk(8667);
  now = (await t.clients.publicClient.getBlock()).timestamp;
  const register = (m: ReturnType<typeof rollback>) => registerOnDesk(t.clients, t.desk, m, { approve: false });
  wrongId = await register(wrongFee());
  routineId = await register(rollback('OPS-12 fee 31 bps', [setFee(t.desk.proxies.beacon.proxy, 31n)]));
  haltedRoutineId = await register(rollback('OPS-13 fee 32 bps', [setFee(t.desk.proxies.beacon.proxy, 32n)]));
  const threshold = encodeFunctionData({ abi: safeAbi, functionName: 'changeThreshold', args: [2n] });
  haltedPrivilegedId = await register(rollback('OPS-14 threshold', [call(t.desk.safe, threshold)]));
  for (const id of [haltedRoutineId, haltedPrivilegedId])
    await guardWrite(t.clients, t.desk, t.desk.accounts.guardian, 'halt', [id]);
}, 120_000);
afterEach(() => resetPage());
afterAll(async () => {
  await t?.anvil.stop();
});

const status = async (id: Hex) =>
  (
    await t.clients.publicClient.readContract({
      address: t.desk.guard,
      abi: manifestGuardAbi,
      functionName: 'getManifest',
      args: [id],
    })
  ).status;

function standalone(signer: number) {
  localStorage.setItem(
    'manifest-guard:standalone',
    JSON.stringify({ rpcUrl: t.anvil.rpcUrl, safe: t.desk.safe, signer: { kind: 'dev', index: signer } }),
  );
}

/** Opens Co-sign on `id` as dev account `signer`, once the guard answered which roles the account holds. */
async function openAs(signer: number, id: Hex) {
  standalone(signer);
  renderApp({ hash: `#/cosign?manifest=${id}` });
  const release = await screen.findByTestId('release', {}, { timeout: 15_000 });
  await waitFor(() => expect(release.dataset.manifestId).toBe(id), { timeout: 15_000 });
  await screen.findByTestId('role-actions', {}, { timeout: 15_000 });
}

const roleButtons = ['approve', 'cancel', 'halt', 'freeze', 'reinstate', 'lift-freeze'];
const offered = () => roleButtons.filter((id) => screen.queryByTestId(id) !== null);
const outcome = () => waitFor(() => screen.getByTestId(/^cosign-(done|error)$/), { timeout: 20_000 });
const enabled = (id: string) =>
  waitFor(
    () => {
      const button = screen.getByTestId(id) as HTMLButtonElement;
      expect(button.disabled).toBe(false);
      return button;
    },
    { timeout: 15_000 },
  );

describe('each account sees the actions its roles allow, and only those', () => {
  test('a proposer sees Cancel (no Approve, no Halt); cancelling frees the manifest’s steps', async () => {
    await openAs(3, wrongId);
    expect(offered()).toEqual(['cancel']);
    fireEvent.click(await enabled('cancel'));
    expect((await outcome()).textContent).toBe('Cancelled OPS-11 fee 7 bps (wrong).');
    expect(await status(wrongId)).toBe(5);
    await waitFor(() => expect(screen.queryByTestId('cancel')).toBeNull(), { timeout: 15_000 });
    expect(screen.getByTestId('action-log-entry').textContent).toContain('Cancelled OPS-11');
    // The same step registers again in a corrected manifest: the cancelled one holds it no more.
    await registerOnDesk(t.clients, t.desk, { ...wrongFee(), ticket: 'OPS-11 fee 7 bps (again)' }, { approve: false });
  });

  test('an account without a role sees one sentence and no action', async () => {
    await openAs(0, routineId);
    expect(screen.getByTestId('no-role').textContent).toBe(
      'This account holds no role on this guard: it can read, not act.',
    );
    expect(offered()).toEqual([]);
  });

  test('an approver sees Approve (not Cancel, Halt or Freeze); once approved, the guard’s refusal disables it', async () => {
    await openAs(4, routineId);
    expect(offered()).toEqual(['approve']);
    fireEvent.click(await enabled('approve'));
    expect((await outcome()).dataset.testid).toBe('cosign-done');
    const refused = await screen.findByTestId('approve-refused', {}, { timeout: 15_000 });
    expect(refused.textContent).toContain('already approved');
    expect((screen.getByTestId('approve') as HTMLButtonElement).disabled).toBe(true);
  });

  test('a guardian sees Halt and Freeze; the halt needs a reason, shown back, and halts', async () => {
    await openAs(7, routineId);
    expect(offered()).toEqual(['halt', 'freeze']);
    fireEvent.click(await enabled('halt'));
    const confirm = screen.getByTestId('halt-confirm') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('halt-reason'), { target: { value: 'fee change not in the ticket' } });
    expect(screen.getByTestId('halt-question').textContent).toBe(
      'Halt OPS-12 fee 31 bps? This stops its remaining steps. It is routine: this halt is final. Reason: “fee change not in the ticket”.',
    );
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    expect((await outcome()).textContent).toBe('Halted OPS-12 fee 31 bps. Reason: “fee change not in the ticket”.');
    expect(await status(routineId)).toBe(4);
    await waitFor(() => expect(screen.queryByTestId('halt')).toBeNull(), { timeout: 15_000 });
    expect(screen.getByTestId('action-log-entry').textContent).toContain('reason: “fee change not in the ticket”');
  });

  test('a guardian freezes with a reason, bounded by the configuration; a second freeze is refused by the guard', async () => {
    await openAs(7, routineId);
    fireEvent.change(screen.getByTestId('freeze-hours'), { target: { value: '100' } });
    expect((await screen.findByTestId('freeze-refused', {}, { timeout: 15_000 })).textContent).toContain(
      'The guard would refuse it now',
    );
    expect((screen.getByTestId('freeze') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('freeze-hours'), { target: { value: '2' } });
    fireEvent.click(await enabled('freeze'));
    fireEvent.change(screen.getByTestId('freeze-reason'), { target: { value: 'oracle incident' } });
    expect(screen.getByTestId('freeze-question').textContent).toContain('Freeze the Safe for 2 h 00 min?');
    fireEvent.click(screen.getByTestId('freeze-confirm'));
    expect((await outcome()).textContent).toMatch(/^Froze the Safe\. Frozen until .+\. Reason: “oracle incident”\.$/);
    await waitFor(() => expect(screen.getByTestId('freeze-status').textContent).toMatch(/^Frozen until/), {
      timeout: 15_000,
    });
    expect((await screen.findByTestId('freeze-refused', {}, { timeout: 15_000 })).textContent).toContain('freeze');
    expect((screen.getByTestId('freeze') as HTMLButtonElement).disabled).toBe(true);
  });

  test('an approver sees Lift while frozen; each vote counts until the routine threshold', async () => {
    await openAs(4, haltedRoutineId);
    expect(offered()).toEqual(['lift-freeze']);
    await waitFor(() =>
      expect(screen.getByTestId('lift-votes').textContent).toBe('No approver has voted to lift it yet.'),
    );
    fireEvent.click(await enabled('lift-freeze'));
    expect((await outcome()).textContent).toBe(
      'Voted to lift the freeze. Vote 1 of 2 counted: the freeze holds until 2 current approvers have voted.',
    );
    resetPage();
    await openAs(5, haltedRoutineId);
    await waitFor(() => expect(screen.getByTestId('lift-votes').textContent).toBe('Votes so far: 1 of 2.'), {
      timeout: 15_000,
    });
    fireEvent.click(await enabled('lift-freeze'));
    expect((await outcome()).textContent).toBe('Voted to lift the freeze. The freeze is lifted.');
    await waitFor(() => expect(screen.queryByTestId('lift-freeze')).toBeNull(), { timeout: 15_000 });
  });

  test('an approver sees Reinstate only on a halted privileged manifest, and its votes reinstate it', async () => {
    await openAs(4, haltedRoutineId);
    expect(screen.queryByTestId('reinstate')).toBeNull();
    resetPage();
    await openAs(4, haltedPrivilegedId);
    expect(offered()).toEqual(['reinstate']);
    fireEvent.click(await enabled('reinstate'));
    expect((await outcome()).textContent).toBe(
      'Voted to reinstate OPS-14 threshold. Vote 1 of 2 counted: it stays halted until 2 current approvers have voted.',
    );
    expect(
      await within(screen.getByTestId('reinstate-card')).findByTestId('reinstate-refused', {}, { timeout: 15_000 }),
    ).toBeTruthy();
    resetPage();
    await openAs(5, haltedPrivilegedId);
    await waitFor(() => expect(screen.getByTestId('reinstate-votes').textContent).toBe('Votes so far: 1 of 2.'), {
      timeout: 15_000,
    });
    fireEvent.click(await enabled('reinstate'));
    expect((await outcome()).textContent).toBe('Voted to reinstate OPS-14 threshold. It is reinstated.');
    expect(await status(haltedPrivilegedId)).toBe(1);
  });
});
