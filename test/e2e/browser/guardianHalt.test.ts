import type { Hex } from 'viem';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';

import { feeRelease, feeRollback } from '../../../shared/devkit/demo/releasePlan.js';
import { registerOnDesk } from '../../../shared/devkit/fixtures/deskFixtures.js';
import { manifestGuardAbi } from '../../../shared/src/generated/manifestGuard.js';
import { ManifestStatus } from '../../../shared/src/guard/manifest.js';
import { type BrowserStack, describeBrowser, startBrowserStack } from './stack.js';

/**
 * A guardian, standalone under their own dev account, halts an approved release on Co-sign & release: the halt asks
 * for a reason and shows it back before anything is sent; the guard takes no reason, so the result and the page's
 * action log keep it.
 */
describeBrowser('a guardian halts a release with a reason, in Chromium', () => {
  let stack: BrowserStack;
  let page: Page;
  let releaseId: Hex;

  beforeAll(async () => {
    stack = await startBrowserStack({ anvil: 8686, app: 8796 });
    const { clients, desk } = stack;
    const now = (await clients.publicClient.getBlock()).timestamp;
    const rollbackId = await registerOnDesk(clients, desk, feeRollback(desk, now));
    releaseId = await registerOnDesk(clients, desk, feeRelease(desk, now, rollbackId));
    page = await (await stack.browser.newContext()).newPage();
  }, 150_000);
  afterAll(async () => stack?.stop());

  test('Halt asks for a reason, shows it back, halts; the result and the action log keep the reason', async () => {
    await page.goto(
      `${stack.appUrl}?rpc=${stack.rpcUrl}&safe=${stack.desk.safe}&signer=dev:7#/cosign?manifest=${releaseId}`,
      { timeout: 90_000 },
    );
    await expect.poll(() => page.getByTestId('signer').textContent(), { timeout: 90_000 }).toContain('guardian');
    // The guardian's actions only: halt and freeze, no approve or cancel.
    await page.getByTestId('halt-card').waitFor({ timeout: 60_000 });
    await page.getByTestId('freeze-card').waitFor();
    expect(await page.getByTestId('approve').count()).toBe(0);
    expect(await page.getByTestId('cancel').count()).toBe(0);

    await expect.poll(() => page.getByTestId('halt').isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.getByTestId('halt').click();
    expect(await page.getByTestId('halt-confirm').isDisabled()).toBe(true);
    await page.getByTestId('halt-reason').fill('fee raise not signed off by risk');
    expect(await page.getByTestId('halt-question').textContent()).toBe(
      'Halt REL-43 fee 30 -> 50 bps? This stops its remaining steps and lets its rollback run at once. It is routine: this halt is final. Reason: “fee raise not signed off by risk”.',
    );
    await stack.screenshot(page, 'guardian-halt-confirmation');
    await page.getByTestId('halt-confirm').click();

    const done = page.getByTestId('cosign-done');
    await done.waitFor({ timeout: 60_000 });
    expect(await done.textContent()).toBe(
      'Halted REL-43 fee 30 -> 50 bps. Reason: “fee raise not signed off by risk”.',
    );
    await page.getByTestId('halted').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('action-log-entry').first().textContent()).toContain(
      'reason: “fee raise not signed off by risk”',
    );
    const state = await stack.clients.publicClient.readContract({
      address: stack.desk.guard,
      abi: manifestGuardAbi,
      functionName: 'getManifest',
      args: [releaseId],
    });
    expect(state.status).toBe(ManifestStatus.Halted);
    await stack.screenshot(page, 'guardian-halted');
  }, 180_000);
});
