import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { type Hex, encodeFunctionData, hashDomain, keccak256 } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';

import {
  feeRelease,
  feeRollback,
  setFee,
  upgradeRelease,
  upgradeRollback,
} from '../../../shared/devkit/demo/releasePlan.js';
import { execSafeTransaction } from '../../../shared/devkit/devnet/localDesk.js';
import { advance, guardWrite, registerOnDesk } from '../../../shared/devkit/fixtures/deskFixtures.js';
import type { Manifest } from '../../../shared/src/guard/manifest.js';
import { manifestId } from '../../../shared/src/hashing/manifestId.js';
import { uupsAbi } from '../../../shared/src/builders/upgradeSteps.js';
import { safeAbi } from '../../../shared/src/generated/safe.js';
import { createSafe } from '../test/createSafe.js';
import { deployGuardFor } from '../test/deployGuard.js';
import { type TestDesk, frameInSafe, resetPage, startDesk } from '../test/desk.js';
import { renderApp } from '../test/renderApp.js';
import type { SafeHost } from '../test/safeHost.js';

vi.setConfig({ testTimeout: 60_000 });

let t: TestDesk;
let host: SafeHost | undefined;
let release: Manifest;
/** A release whose rollback was used up (completed) by an earlier release. */
let lateRelease: Manifest;

beforeAll(async () => {
  t = await startDesk(8661);
  const now = (await t.clients.publicClient.getBlock()).timestamp;
  const rollbackId = await registerOnDesk(t.clients, t.desk, upgradeRollback(t.desk, now));
  release = upgradeRelease(t.desk, now, rollbackId);
  await registerOnDesk(t.clients, t.desk, release);
  // REL-43 starts, a guardian halts it, its rollback RB-43 runs to completion; REL-43b then names that rollback.
  const feeRollbackId = await registerOnDesk(t.clients, t.desk, feeRollback(t.desk, now));
  const fee = feeRelease(t.desk, now, feeRollbackId);
  const feeId = await registerOnDesk(t.clients, t.desk, fee);
  await advance(t.clients, 3601);
  const execute = (step: Manifest['phases'][number]['steps'][number]) =>
    execSafeTransaction(t.clients, {
      safe: t.desk.safe,
      to: step.to,
      data: step.data,
      owners: [t.desk.accounts.owners[0], t.desk.accounts.owners[1]],
      sender: t.desk.accounts.executor,
    });
  await execute(fee.phases[0]!.steps[0]!);
  await guardWrite(t.clients, t.desk, t.desk.accounts.guardian, 'halt', [feeId]);
  for (const step of feeRollback(t.desk, now).phases[0]!.steps) await execute(step);
  lateRelease = { ...fee, ticket: 'REL-43b fee again' };
  await registerOnDesk(t.clients, t.desk, lateRelease);
}, 120_000);
afterEach(() => {
  resetPage(host);
  host = undefined;
});
afterAll(async () => {
  await t?.anvil.stop();
});

async function openInspect(hash: string) {
  host = frameInSafe(t);
  renderApp({ hash });
  return screen.findByTestId('inspect-form', {}, { timeout: 15_000 });
}

async function inspect() {
  fireEvent.click(screen.getByTestId('inspect-submit'));
  return waitFor(() => screen.getByTestId(/^(inspection|inspect-error)$/), { timeout: 15_000 });
}

function paste(fields: { to: string; data: Hex; operation?: '0' | '1'; value?: string }) {
  fireEvent.click(screen.getByTestId('mode-paste'));
  fireEvent.change(screen.getByTestId('inspect-to'), { target: { value: fields.to } });
  fireEvent.change(screen.getByTestId('inspect-data'), { target: { value: fields.data } });
  if (fields.operation)
    fireEvent.change(screen.getByTestId('inspect-operation'), { target: { value: fields.operation } });
  if (fields.value) fireEvent.change(screen.getByTestId('inspect-value'), { target: { value: fields.value } });
}

describe('a queued transaction by safeTxHash', () => {
  test('the next release step: matches, routine, window open, rollback ready, hashes to compare', async () => {
    await openInspect('#/inspect');
    const step = release.phases[0]!.steps[0]!;
    const safeTxHash = await host!.enqueue([{ to: step.to, data: step.data }]);
    fireEvent.change(screen.getByTestId('inspect-hash-input'), { target: { value: safeTxHash } });
    await inspect();

    const verdict = screen.getByTestId('inspect-verdict');
    expect(verdict.dataset.allowed).toBe('true');
    expect(verdict.textContent).toContain('“REL-42 pool and vault v2”: phase 1, step 1');
    expect(screen.getByTestId('inspect-safe-tx-hash').textContent).toBe(safeTxHash);
    expect(screen.getByTestId('inspect-domain-hash').textContent).toBe(
      hashDomain({
        domain: { chainId: 31337n, verifyingContract: t.desk.safe },
        types: {
          EIP712Domain: [
            { name: 'chainId', type: 'uint256' },
            { name: 'verifyingContract', type: 'address' },
          ],
        },
      }),
    );
    expect(screen.getByTestId('inspect-message-hash').textContent).toMatch(/^0x[0-9a-f]{64}$/);
    expect(screen.queryByTestId('hash-mismatch')).toBeNull();
    expect(screen.getByTestId('inspect-lane').dataset.lane).toBe('routine');
    expect(screen.getByTestId('inspect-next').dataset.open).toBe('true');
    expect(screen.getByTestId('inspect-rollback').dataset.ready).toBe('true');
    expect(screen.getByTestId('inspect-rollback').textContent).toContain('the release may start');
    expect(screen.getByTestId('inspect-manifest').textContent).toContain('Approved');
    expect(screen.getByTestId('inspect-confirmations').textContent).toBe('Confirmations: 0 of 2');
    expect(screen.getByTestId('inspect-simulation').dataset.outcome).toBe('success');
    const decoded = screen.getByTestId('inspect-decoded');
    expect(within(decoded).getAllByTestId('decoded-call')[0]!.dataset.kind).toBe('call');
    expect(decoded.textContent).toContain('upgradeAndCall');
    expect(decoded.textContent).toContain(t.desk.proxies.transparent.proxy);
    // The demo pool's initializer is not a known ABI: said plainly, with its selector.
    expect(decoded.textContent).toContain('then call the function with unknown selector 0x5b4e128c on it');
    expect(host!.requests.filter((r) => r.method === 'getTxBySafeTxHash')).toHaveLength(1);

    // Beside the hashes, what the signing device shows: the upgrade through the ProxyAdmin has no ERC-7730 descriptor
    // (blind signing, the safeTxHash to compare), and the manifest's EIP-712 approval is clear-signed.
    const device = screen.getByTestId('clear-signing');
    expect(
      within(device)
        .getAllByTestId('clear-sign-call')
        .map((call) => call.dataset.kind),
    ).toEqual(['blind']);
    expect(within(device).getByTestId('clear-sign-missing').textContent).toContain(
      `upgradeAndCall(address,address,bytes) at ${step.to}`,
    );
    expect(within(device).getByTestId('clear-sign-blind-hashes').textContent).toContain(safeTxHash);
    const releaseId = manifestId({ manifest: release, chainId: 31337, guard: t.desk.guard });
    const approval = within(device).getByTestId('clear-sign-approval');
    expect(within(approval).getByTestId('clear-sign-full').textContent).toBe(releaseId);
    expect(within(approval).getByTestId('clear-sign-intent').textContent).toBe('Approve release manifest');
    expect(within(approval).getByTestId('clear-sign-approval-ticket').textContent).toBe('“REL-42 pool and vault v2”');
  });

  test('an unknown safeTxHash says what to do', async () => {
    await openInspect('#/inspect?safeTxHash=0x' + '11'.repeat(32));
    await inspect();
    const error = screen.getByTestId('inspect-error');
    expect(error.textContent).toContain('The Safe{Wallet} queue does not know the Safe transaction 0x1111');
    expect(error.textContent).toContain('paste the transaction');
  });
});

describe('a pasted transaction', () => {
  test('not in any manifest: red, with the rule and what to do', async () => {
    await openInspect('#/inspect');
    const step = setFee(t.desk.proxies.transparent.proxy, 99n);
    paste({ to: step.to, data: step.data });
    await inspect();
    const verdict = screen.getByTestId('inspect-verdict');
    expect(verdict.dataset.allowed).toBe('false');
    expect(verdict.dataset.rule).toBe('ManifestGuardNoMatchingStep');
    expect(verdict.textContent).toContain('do not sign it');
    expect(screen.getByTestId('inspect-manifest').textContent).toContain('none');
    expect(screen.getByTestId('inspect-decoded').textContent).toContain('unknown selector 0x69fe0e2d');
    // The call itself would work (the Safe owns the pool): only the guard stops it.
    expect(screen.getByTestId('inspect-simulation').dataset.outcome).toBe('success');
  });

  test('a release whose rollback is completed: the guard says it is not ready, and why', async () => {
    await openInspect('#/inspect');
    const step = lateRelease.phases[0]!.steps[0]!;
    paste({ to: step.to, data: step.data });
    await inspect();
    expect(screen.getByTestId('inspect-manifest').textContent).toContain('REL-43b fee again');
    const rollback = screen.getByTestId('inspect-rollback');
    expect(rollback.dataset.ready).toBe('false');
    expect(rollback.dataset.rule).toBe('ManifestGuardRollbackNotReady');
    expect(rollback.textContent).toContain('is already completed');
    // The next step is closed, with the guard's own reason in words.
    const next = screen.getByTestId('inspect-next');
    expect(next.dataset.open).toBe('false');
    expect(next.dataset.rule).toBe('ManifestGuardTooEarly');
    expect(next.textContent).toContain('is executable from');
    expect(screen.getByTestId('inspect-verdict').dataset.rule).toBe('ManifestGuardTooEarly');
  });

  test('a later step out of order names the expected position', async () => {
    await openInspect('#/inspect');
    const step = release.phases[1]!.steps[1]!;
    paste({ to: step.to, data: step.data });
    await inspect();
    const verdict = screen.getByTestId('inspect-verdict');
    expect(verdict.dataset.allowed).toBe('false');
    expect(['ManifestGuardStepOutOfOrder', 'ManifestGuardPhaseGateClosed']).toContain(verdict.dataset.rule);
    expect(screen.getByTestId('inspect-manifest').textContent).toContain('REL-42');
  });

  test('a Safe owner change is privileged; a delegatecall elsewhere is unclassifiable and forbidden', async () => {
    await openInspect('#/inspect');
    const addOwner = encodeFunctionData({
      abi: safeAbi,
      functionName: 'addOwnerWithThreshold',
      args: [t.desk.accounts.deployer.address, 2n],
    });
    paste({ to: t.desk.safe, data: addOwner });
    await inspect();
    expect(screen.getByTestId('inspect-lane').dataset.lane).toBe('privileged');
    expect(screen.getByTestId('inspect-lane').textContent).toContain('calls the Safe');
    expect(screen.getByTestId('inspect-verdict').dataset.allowed).toBe('false');

    paste({ to: t.desk.proxies.uups.proxy, data: '0x', operation: '1' });
    await inspect();
    expect(screen.getByTestId('inspect-lane').dataset.lane).toBe('unclassifiable');
    expect(screen.getByTestId('inspect-verdict').dataset.rule).toBe('ManifestGuardDelegateCallForbidden');
    expect(screen.getByTestId('inspect-decoded').textContent).toContain('DELEGATECALL');
    expect(screen.getByTestId('inspect-simulation').dataset.outcome).toBe('not-simulated');
  });

  test('a call that would revert even without the guard says so in the dry run', async () => {
    await openInspect('#/inspect');
    const data = encodeFunctionData({ abi: uupsAbi, functionName: 'upgradeToAndCall', args: [t.desk.guard, '0x'] });
    paste({ to: t.desk.proxies.uups.proxy, data });
    await inspect();
    const simulation = screen.getByTestId('inspect-simulation');
    expect(simulation.dataset.outcome).toBe('reverted');
    expect(simulation.textContent).toContain('The call reverts from the Safe on the current state');
  });

  test('evidence: an incomplete packet lists what is missing and that its hash differs', async () => {
    await openInspect('#/inspect');
    const step = release.phases[0]!.steps[0]!;
    paste({ to: step.to, data: step.data });
    fireEvent.change(screen.getByTestId('inspect-evidence-input'), {
      target: { value: JSON.stringify({ ticket: 'REL-42 pool and vault v2' }) },
    });
    await inspect();
    const evidence = screen.getByTestId('inspect-evidence');
    expect(evidence.dataset.complete).toBe('false');
    expect(
      within(evidence)
        .getAllByTestId('evidence-gap')
        .map((gap) => gap.textContent),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^implementations: missing/)]));
    expect(evidence.textContent).toContain(
      `differs from the manifest’s ${keccak256(new TextEncoder().encode('evidence:REL-42 pool and vault v2'))}`,
    );
  });

  test('bad input: a field that does not parse says what to enter', async () => {
    await openInspect('#/inspect');
    paste({ to: '0x1234', data: '0x' });
    await inspect();
    expect(screen.getByTestId('inspect-error').textContent).toContain('To "0x1234" is not an address');
  });
});

describe('a Safe without Manifest Guard', () => {
  test('the setGuard batch co-signers review during Install: decoded, hashed, the guard it sets checked, no verdict', async () => {
    const safe = await createSafe(t, '1.5.0');
    const guard = await deployGuardFor(t, safe);
    host = frameInSafe(t, safe);
    const setGuard = (functionName: 'setGuard' | 'setModuleGuard') => ({
      to: safe,
      data: encodeFunctionData({ abi: safeAbi, functionName, args: [guard] }),
    });
    const safeTxHash = await host.enqueue([setGuard('setGuard'), setGuard('setModuleGuard')]);
    renderApp({ hash: `#/inspect?safeTxHash=${safeTxHash}` });
    expect((await screen.findByTestId('inspect-no-guard', {}, { timeout: 15_000 })).textContent).toContain(
      'This Safe has no Manifest Guard yet.',
    );
    expect(screen.queryByTestId('inspect-executor')).toBeNull();
    fireEvent.click(screen.getByTestId('inspect-submit'));
    await screen.findByTestId('inspection', {}, { timeout: 15_000 });
    expect(screen.getByTestId('inspect-no-verdict').textContent).toContain(
      'This Safe has no Manifest Guard yet: no guard verdict',
    );
    expect(screen.queryByTestId('inspect-verdict')).toBeNull();
    expect(screen.getByTestId('inspect-safe-tx-hash').textContent).toBe(safeTxHash);
    const decoded = within(screen.getByTestId('inspect-decoded'));
    const calls = decoded.getAllByTestId('decoded-call');
    expect(calls.map((call) => call.dataset.kind)).toEqual(['multiSend', 'call', 'call']);
    expect(decoded.getAllByTestId('decoded-summary')[1]!.textContent).toBe(
      `Set the transaction guard of Safe ${safe} (the Safe) to ${guard}`,
    );
    expect(screen.getAllByTestId('inspect-guard-set').map((fact) => fact.dataset.forSafe)).toEqual(['true', 'true']);
    expect(screen.getByTestId('inspect-confirmations').textContent).toBe('Confirmations: 0 of 2');
    expect(screen.queryByTestId('hash-mismatch')).toBeNull();
  });

  test('a pasted setGuard to another Safe’s guard: flagged, do not sign', async () => {
    const safe = await createSafe(t, '1.5.0');
    host = frameInSafe(t, safe);
    const data = encodeFunctionData({ abi: safeAbi, functionName: 'setGuard', args: [t.desk.guard] });
    renderApp({ hash: `#/inspect?to=${safe}&data=${data}&nonce=0` });
    await screen.findByTestId('inspect-no-guard', {}, { timeout: 15_000 });
    fireEvent.click(screen.getByTestId('inspect-submit'));
    const fact = await screen.findByTestId('inspect-guard-set', {}, { timeout: 15_000 });
    expect(fact.dataset.forSafe).toBe('false');
    expect(fact.textContent).toContain('is not a Manifest Guard for this Safe: setting it could lock the Safe.');
    expect(screen.getByTestId('inspect-simulation').dataset.outcome).toBe('success');
  });
});
