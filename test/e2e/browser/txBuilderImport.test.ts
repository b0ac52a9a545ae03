import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';

import { txBuilderBatchForDesk } from '../../support/txBuilderBatchFixture.js';
import { type BrowserStack, describeBrowser, startBrowserStack } from './stack.js';

/**
 * A release engineer brings the upgrades they put together in Safe{Wallet}'s Transaction Builder: the batch file it
 * exported (no sidecar), chosen with Assemble's file picker, becomes the draft's steps, each decoded.
 */
describeBrowser('Assemble imports a Safe Transaction Builder batch file, without its sidecar', () => {
  let stack: BrowserStack;
  let page: Page;

  beforeAll(async () => {
    stack = await startBrowserStack({ anvil: 8685, app: 8792 });
    page = await (await stack.browser.newContext()).newPage();
  }, 120_000);
  afterAll(async () => stack?.stop());

  test('the file picker reads the batch; its three upgrades appear as decoded steps of phase 1, what is missing listed', async () => {
    const { desk } = stack;
    // The proposer (dev account 3) on Assemble, standalone.
    await page.goto(`${stack.appUrl}?rpc=${stack.rpcUrl}&safe=${desk.safe}&signer=dev:3#/assemble`, {
      timeout: 90_000,
    });
    await page.getByTestId('release-fields').waitFor({ timeout: 90_000 });

    await page.getByTestId('io-file').setInputFiles({
      name: 'Upgrade pool and vault to v2.json',
      mimeType: 'application/json',
      buffer: Buffer.from(txBuilderBatchForDesk(desk)),
    });
    const imported = page.getByTestId('io-imported');
    await imported.waitFor({ timeout: 30_000 });
    expect(await imported.textContent()).toBe(
      '3 transactions from the Transaction Builder batch “Upgrade pool and vault to v2” became 3 steps of phase 1; ' +
        'set the ticket, the window, the rollback and the evidence before registering.',
    );
    expect(await page.getByTestId('io-error').count()).toBe(0);
    expect(await page.getByTestId('draft-title').inputValue()).toBe('Upgrade pool and vault to v2');

    const steps = await page.getByTestId('draft-step').allTextContents();
    expect(steps).toEqual([
      expect.stringContaining(
        `Upgrade proxy ${desk.proxies.transparent.proxy} to implementation ${desk.implementations.poolV2} through ProxyAdmin ${desk.proxies.transparent.proxyAdmin}`,
      ),
      expect.stringContaining(
        `Upgrade proxy ${desk.proxies.uups.proxy} to implementation ${desk.implementations.vaultV2}`,
      ),
      expect.stringContaining(`Upgrade ${desk.proxies.beacon.beacon} (`),
    ]);
    expect(await page.getByTestId('draft-phase').count()).toBe(1);
    // Upgrades of proxies the Safe owns, nothing on the Safe's own authority: the routine lane.
    expect(await page.getByTestId('draft-lane').getAttribute('data-lane')).toBe('routine');
    expect(await page.getByTestId('draft-blockers').textContent()).toContain('No evidence is sealed into the manifest');
    expect(await page.getByTestId('draft-issues').textContent()).toContain('ticket: is empty.');
    expect(await page.getByTestId('register').isDisabled()).toBe(true);
    await stack.screenshot(page, 'assemble-tx-builder-import');
  }, 150_000);
});
