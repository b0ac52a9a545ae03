import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { type Address, getAddress } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';

import { type AnvilInstance, startAnvil } from '../../../shared/src/fork/anvil.js';
import { manifestGuardAbi } from '../../../shared/src/generated/manifestGuard.js';
import { installStepNames } from '../../../shared/src/install/types.js';
import { safeAbi } from '../../../shared/src/generated/safe.js';
import { safeGuardSlot } from '../../../shared/src/verify/stateReads.js';
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

  test('a delay above the guard’s cap: the guard refuses it when initialized, so the dry run’s first step says so', async () => {
    const safe = await createSafe(t, '1.5.0');
    openStandalone(safe, 0);
    await screen.findByTestId('install-form', {}, { timeout: 15_000 });
    fill({ ...goodConfig(), privilegedDelayHours: String(24 * 365) });
    fireEvent.click(screen.getByTestId('preflight'));
    // The deployment commits only to the configuration's hash; the guard validates it in `initialize`.
    await screen.findByTestId('preflight-passed', {}, { timeout: 15_000 });
    await waitFor(() => expect((screen.getByTestId('run-dry-run') as HTMLButtonElement).disabled).toBe(false), {
      timeout: 15_000,
    });
    const result = await runDryRun();
    expect(result.dataset.ok).toBe('false');
    expect(dryRunSteps()[0]).toEqual(['deployGuard', 'failed']);
    expect(screen.getByTestId('dry-run-steps').textContent).toContain('ManifestGuardInvalidDelays(');
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

/** The dry run's steps as shown: name and state. */
const dryRunSteps = () =>
  screen.getAllByTestId('dry-run-step').map((step) => [step.dataset.name, step.dataset.state] as const);

/** What the dry run must leave as it found it on the chain it ran on. */
async function chainState(safe: Address) {
  const { publicClient } = t.clients;
  return {
    block: await publicClient.getBlockNumber(),
    nonce: await publicClient.readContract({ address: safe, abi: safeAbi, functionName: 'nonce' }),
    guard: await publicClient.getStorageAt({ address: safe, slot: safeGuardSlot }),
  };
}

async function runDryRun() {
  fireEvent.click(screen.getByTestId('run-dry-run'));
  return screen.findByTestId('dry-run-result', {}, { timeout: 45_000 });
}

describe('dry run on a fork', () => {
  test('on the local chain by default: every step passes, nothing remains, setGuard unlocks; a changed configuration locks it again', async () => {
    const safe = await createSafe(t, '1.5.0');
    openStandalone(safe, 9);
    await screen.findByTestId('install-form', {}, { timeout: 15_000 });
    fill(goodConfig());
    expect(screen.getByTestId('dry-run-waiting').textContent).toBe('Run the preflight (step 1) first.');
    expect((screen.getByTestId('run-dry-run') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('preflight'));
    await screen.findByTestId('preflight-passed', {}, { timeout: 15_000 });
    await waitFor(() => expect((screen.getByTestId('dry-run-rpc') as HTMLInputElement).value).toBe(t.anvil.rpcUrl), {
      timeout: 15_000,
    });
    expect(screen.getByTestId('dry-run-local').textContent).toContain('the dry run runs on it and reverts everything');

    const before = await chainState(safe);
    const result = await runDryRun();
    expect(result.dataset.ok).toBe('true');
    expect(dryRunSteps()).toEqual(installStepNames.map((name) => [name, 'passed']));
    expect(screen.getByTestId('dry-run-steps').textContent).toContain('the Safe has no guard again');
    expect(await chainState(safe)).toEqual(before);

    // Deploy the guard for real: the dry run proved its configuration, so setGuard can be proposed.
    fireEvent.click(screen.getByTestId('deploy'));
    await waitFor(() => expect(screen.getByTestId('guard-verified').dataset.ok).toBe('true'), { timeout: 20_000 });
    expect(screen.queryByTestId('propose-blocked')).toBeNull();
    expect((screen.getByTestId('propose-set-guard') as HTMLButtonElement).disabled).toBe(false);

    // Another configuration: the dry run is gone and setGuard locked until one passes for it.
    fill({ routineDelayHours: '2' });
    expect(screen.queryByTestId('dry-run-result')).toBeNull();
    expect((screen.getByTestId('propose-set-guard') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('propose-blocked').textContent).toContain('Run the dry run (step 2) first');
    // Dry-run with the deployed guard, which holds the first configuration: refused at its first step.
    fireEvent.click(screen.getByTestId('preflight'));
    await screen.findByTestId('preflight-passed', {}, { timeout: 15_000 });
    expect((await runDryRun()).dataset.ok).toBe('false');
    expect(dryRunSteps()[0]).toEqual(['deployGuard', 'failed']);
    expect(screen.getByTestId('dry-run-steps').textContent).toContain(
      'holds another configuration: routineDelay: 7200 ≠ 3600',
    );
    expect(screen.getByTestId('propose-blocked').textContent).toContain('The dry run failed');
  });

  test('a configuration only the dry run refuses (MultiSendCallOnly without code): the step, why, what to change', async () => {
    const safe = await createSafe(t, '1.5.0');
    openStandalone(safe, 0);
    await screen.findByTestId('install-form', {}, { timeout: 15_000 });
    const nowhere = t.desk.accounts.deployer.address;
    fill({ ...goodConfig(), multiSendCallOnly: nowhere });
    fireEvent.click(screen.getByTestId('preflight'));
    await screen.findByTestId('preflight-passed', {}, { timeout: 15_000 });
    await waitFor(() => expect((screen.getByTestId('run-dry-run') as HTMLButtonElement).disabled).toBe(false), {
      timeout: 15_000,
    });
    const result = await runDryRun();
    expect(result.dataset.ok).toBe('false');
    expect(dryRunSteps()).toEqual([
      ['deployGuard', 'passed'],
      ['installGuard', 'failed'],
      ...installStepNames.slice(2).map((name) => [name, 'skipped']),
    ]);
    expect(screen.getByTestId('dry-run-fix').textContent).toContain(
      `What to change: The batch went through multiSendCallOnly ${nowhere}, which has no code on this chain.`,
    );
  });

  test('inside Safe{Wallet}: no RPC to start from, the hint; a node that is down is named; an Anvil fork runs it', async () => {
    const safe = await createSafe(t, '1.5.0');
    host = frameInSafe(t, safe);
    renderApp({ hash: '#/install' });
    await screen.findByTestId('install-form', {}, { timeout: 15_000 });
    fill(goodConfig());
    fireEvent.click(screen.getByTestId('preflight'));
    await screen.findByTestId('preflight-passed', {}, { timeout: 15_000 });
    expect((screen.getByTestId('dry-run-rpc') as HTMLInputElement).value).toBe('');
    expect(screen.getByTestId('dry-run-hint').textContent).toContain('npx anvil --fork-url <RPC of chain 31337>');
    expect((screen.getByTestId('run-dry-run') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(screen.getByTestId('dry-run-rpc'), { target: { value: 'http://127.0.0.1:8671' } });
    fireEvent.click(screen.getByTestId('run-dry-run'));
    const error = await screen.findByTestId('dry-run-error', {}, { timeout: 15_000 });
    expect(error.textContent).toContain('Could not reach the simulation RPC http://127.0.0.1:8671');
    expect(error.textContent).toContain('npx anvil --fork-url');

    let fork: AnvilInstance | undefined;
    try {
      fork = await startAnvil({ port: 8670, chainId: 31337, forkUrl: t.anvil.rpcUrl });
      fireEvent.change(screen.getByTestId('dry-run-rpc'), { target: { value: fork.rpcUrl } });
      const result = await runDryRun();
      expect(result.dataset.ok).toBe('true');
      expect(result.textContent).toContain(`Dry run passed on ${fork.rpcUrl}`);
      expect(dryRunSteps()).toEqual(installStepNames.map((name) => [name, 'passed']));
    } finally {
      await fork?.stop();
    }
  });
});

describe('install', () => {
  test('deploy standalone, then in Safe{Wallet}: the guard’s configuration, the dry run, setGuard proposed and executed, the way back', async () => {
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
    // The form shows the configuration the guard holds; setGuard waits for the dry run.
    await waitFor(() =>
      expect((screen.getByTestId('config-proposers') as HTMLTextAreaElement).value).toBe(
        t.desk.accounts.proposer.address,
      ),
    );
    expect((screen.getByTestId('config-privilegedDelayHours') as HTMLInputElement).value).toBe('24');
    expect((screen.getByTestId('propose-set-guard') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('propose-blocked').textContent).toContain('Run the dry run (step 2) first');
    fireEvent.click(screen.getByTestId('preflight'));
    await screen.findByTestId('preflight-passed', {}, { timeout: 15_000 });
    fireEvent.change(screen.getByTestId('dry-run-rpc'), { target: { value: t.anvil.rpcUrl } });
    expect((await runDryRun()).dataset.ok).toBe('true');
    expect(screen.getByTestId('dry-run-steps').textContent).toContain(
      `${getAddress(guard)} is a Manifest Guard for this Safe with exactly this configuration (no deployment).`,
    );
    await waitFor(() => expect((screen.getByTestId('propose-set-guard') as HTMLButtonElement).disabled).toBe(false));
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
