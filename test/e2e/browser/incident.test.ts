import SafeApiKit from '@safe-global/api-kit';
import type { FrameLocator, Page } from 'playwright-core';
import type { Hex } from 'viem';
import { afterAll, beforeAll, expect, test } from 'vitest';

import { type HaltedReleaseFixture, feeIncident, haltedRelease } from '../../../app/src/test/haltedRelease.js';
import { readManifestView } from '../../../shared/src/gate/readChainState.js';
import { ManifestStatus } from '../../../shared/src/guard/manifest.js';
import { type BrowserStack, describeBrowser, startBrowserStack } from './stack.js';

/**
 * The incident path in Chromium: REL-42 (the sample upgrade) with its rollback RB-42, registered and approved, phase
 * 1 executed, "continue" attested, phase 2 proposed at nonces 2 and 3 and nonce 2 executed, then the guardian
 * halts it (set up with the library and the desk's accounts). The owners then act in the app: the rollback goes to
 * the Safe's current nonce, replacing the halted release's step the guard now rejects, and nothing says "ready"
 * until the executor can execute it. Standalone with the Transaction Service (each owner in a browser of their
 * own), then inside the Safe-like host page, where the host picks the nonce unless the signer sets it.
 */
describeBrowser('the incident path: the rollback at the Safe’s current nonce, in Chromium', () => {
  let stack: BrowserStack;

  const shortHash = (hash: string) => `${hash.slice(0, 6)}…${hash.slice(-4)}`;
  const manifestStatus = async (id: Hex) =>
    (await readManifestView(stack.clients.publicClient, stack.desk.guard, id)).status;

  /** The app standalone as one of the desk's people (dev account index), in a browser context of their own. */
  async function asRole(index: number, manifest: Hex): Promise<Page> {
    const page = await (await stack.browser.newContext({ viewport: { width: 1280, height: 1400 } })).newPage();
    await page.goto(
      `${stack.appUrl}?rpc=${stack.rpcUrl}&safe=${stack.desk.safe}&signer=dev:${index}&txService=${stack.txServiceUrl}#/cosign?manifest=${manifest}`,
      { timeout: 90_000 },
    );
    await page.getByTestId('release').waitFor({ timeout: 90_000 });
    return page;
  }

  /** The rows of the manifest's steps in the shared queue: [nonce, label, ready]. */
  const rows = (page: Page | FrameLocator) =>
    page
      .getByTestId('proposal')
      .evaluateAll((items) =>
        items.map((item) => [
          (item as HTMLElement).dataset.nonce,
          (item as HTMLElement).dataset.label,
          (item as HTMLElement).dataset.ready,
        ]),
      );

  /** Nothing on the page says the rollback can execute, and Execute stays disabled. */
  async function neverReady(page: Page) {
    for (const [, , ready] of await rows(page)) expect(ready).toBe('false');
    for (const why of await page.getByTestId('execute-why').allTextContents()) expect(why).not.toMatch(/^Ready/);
    expect(await page.getByText('The guard lets it through now.').count()).toBe(0);
    for (const button of await page.getByTestId('execute').all()) expect(await button.isDisabled()).toBe(true);
  }

  beforeAll(async () => {
    stack = await startBrowserStack({ anvil: 8741, app: 8841 });
  }, 180_000);
  afterAll(async () => stack?.stop());

  test('standalone: the rollback at nonce 3 replaces the dead step, a second owner confirms, the executor executes', async () => {
    const incident: HaltedReleaseFixture = await haltedRelease(stack.clients, stack.desk, stack.txServiceUrl);
    const { releaseId, rollbackId, deadStep } = incident;
    expect(deadStep.nonce).toBe(3n);

    // The first owner opens the halted release: its step at nonce 3 is dead; the way to the rollback.
    const owner = await asRole(0, releaseId);
    await owner.getByTestId('halted').waitFor({ timeout: 60_000 });
    await expect.poll(() => rows(owner), { timeout: 60_000 }).toEqual([['3', 'dead', 'false']]);
    await owner.getByTestId('run-rollback').click();
    const placement = owner.getByTestId('placement');
    await placement.waitFor({ timeout: 60_000 });
    expect(await placement.getAttribute('data-nonce')).toBe('3');
    expect(await placement.textContent()).toMatch(
      new RegExp(
        `^Proposes at nonces 3 to 5, replacing ${shortHash(deadStep.safeTxHash)}: nonce 3 holds a step of a halted manifest \\(REL-42`,
      ),
    );
    await stack.screenshot(owner, 'incident-rollback-placement');
    await owner.getByTestId('propose-phase').click();
    await owner.getByTestId('cosign-done').waitFor({ timeout: 60_000 });
    expect(await owner.getByTestId('cosign-done').textContent()).toBe(
      'Phase 1 is in the Safe queue at nonce 3: owners confirm it there.',
    );
    await expect
      .poll(() => rows(owner), { timeout: 60_000 })
      .toEqual([
        ['3', 'step', 'false'],
        ['4', 'step', 'false'],
        ['5', 'step', 'false'],
      ]);
    await neverReady(owner);

    // A second owner, in a browser of their own, sees the rollback queued: confirm, never propose again.
    const second = await asRole(1, rollbackId);
    await expect.poll(() => rows(second), { timeout: 60_000 }).toHaveLength(3);
    expect(await second.getByTestId('propose-phase').textContent()).toBe('Phase 1 is proposed');
    expect(await second.getByTestId('propose-phase').isDisabled()).toBe(true);
    await neverReady(second);
    for (const nonce of ['3', '4', '5']) {
      const row = second.locator(`[data-testid="proposal"][data-nonce="${nonce}"]`);
      await expect.poll(() => row.getByTestId('confirm').isEnabled(), { timeout: 30_000 }).toBe(true);
      await row.getByTestId('confirm').click();
      await expect
        .poll(() => row.getByTestId('proposal-confirmations').getAttribute('data-count'), { timeout: 60_000 })
        .toBe('2');
    }
    await expect
      .poll(() => rows(second), { timeout: 60_000 })
      .toEqual([
        ['3', 'step', 'true'],
        ['4', 'step', 'false'],
        ['5', 'step', 'false'],
      ]);
    await second.context().close();

    // The executor executes the rollback from the app, one step after the other.
    const executor = await asRole(6, rollbackId);
    for (const step of [1, 2, 3]) {
      const first = executor.getByTestId('proposal').first();
      await expect.poll(() => first.getAttribute('data-ready'), { timeout: 60_000 }).toBe('true');
      expect(await first.getByTestId('execute-why').textContent()).toBe('Ready to execute.');
      if (step === 1) await stack.screenshot(executor, 'incident-ready');
      await first.getByTestId('execute').click();
      await expect
        .poll(() => executor.getByTestId('cosign-done').textContent(), { timeout: 60_000 })
        .toBe(`Phase 1, step ${step} executed.`);
    }
    expect(await manifestStatus(rollbackId)).toBe(ManifestStatus.Completed);
    await executor.context().close();

    // The halted release no longer offers "Run the rollback": it ran.
    await owner.goto(
      `${stack.appUrl}?rpc=${stack.rpcUrl}&safe=${stack.desk.safe}&signer=dev:0&txService=${stack.txServiceUrl}#/cosign?manifest=${releaseId}`,
    );
    await owner.getByTestId('rollback-ran').waitFor({ timeout: 60_000 });
    expect(await owner.getByTestId('run-rollback').count()).toBe(0);
    await owner.context().close();
  }, 420_000);

  test('inside the host page: the app asks for nonce N; with the host’s nonce field at N the rollback lands at N', async () => {
    // The incident again, on a fee release (the sample upgrade's initializer runs once per chain).
    const { releaseId, rollbackId, deadStep } = await haltedRelease(
      stack.clients,
      stack.desk,
      stack.txServiceUrl,
      feeIncident,
    );
    const nonce = deadStep.nonce.toString();
    const host = await (await stack.browser.newContext({ viewport: { width: 1440, height: 1600 } })).newPage();
    await host.goto(`${stack.hostUrl}?owner=${stack.desk.accounts.owners[0].address}`, { timeout: 90_000 });
    const app = host.frameLocator('[data-testid="app-frame"]');
    await expect.poll(() => app.getByTestId('mode').textContent(), { timeout: 90_000 }).toBe('Safe{Wallet}');
    await app.getByTestId('nav-cosign').click();
    await app.getByTestId('cosign-manifest-select').selectOption(releaseId);
    await app.getByTestId('run-rollback').click();

    const ask = app.getByTestId('placement-host-nonce');
    await ask.waitFor({ timeout: 60_000 });
    expect(await ask.getAttribute('data-nonce')).toBe(nonce);
    expect(await ask.textContent()).toContain(`set the nonce to ${nonce} before you sign`);
    await host.getByTestId('host-nonce').fill(nonce);
    await app.getByTestId('propose-phase').click();
    await app.getByTestId('cosign-done').waitFor({ timeout: 60_000 });
    expect(await app.getByTestId('proposal-misplaced').count()).toBe(0);
    expect(await host.getByTestId('host-nonce').inputValue()).toBe('');

    // The rollback's steps in the service's queue: the first at N beside the dead step, the rest after it.
    const apiKit = new SafeApiKit({ chainId: BigInt(stack.desk.chainId), txServiceUrl: stack.txServiceUrl });
    const pending = await apiKit.getPendingTransactions(stack.desk.safe);
    const queued = pending.results.map((tx) => [Number(tx.nonce), tx.safeTxHash]);
    expect(queued.filter(([n]) => n === Number(nonce))).toHaveLength(2);
    await expect
      .poll(() => rows(app), { timeout: 60_000 })
      .toEqual([
        [nonce, 'step', 'false'],
        [String(Number(nonce) + 1), 'step', 'false'],
      ]);
    expect(await manifestStatus(rollbackId)).toBe(ManifestStatus.Approved);
    await host.context().close();
  }, 420_000);
});
