import SafeApiKit from '@safe-global/api-kit';
import type { Locator, Page } from 'playwright-core';
import { type Hex, encodeFunctionData, toFunctionSelector } from 'viem';
import { afterAll, beforeAll, expect, test } from 'vitest';

import { upgradeRelease, upgradeRollback } from '../../../shared/devkit/demo/releasePlan.js';
import { registerOnDesk } from '../../../shared/devkit/fixtures/deskFixtures.js';
import { demoPoolV2Abi, proxyAdminAbi } from '../../../shared/src/generated/index.js';
import type { Manifest } from '../../../shared/src/guard/manifest.js';
import { proposeSafeTransaction } from '../../../shared/src/index.js';
import { type BrowserStack, describeBrowser, startBrowserStack } from './stack.js';

const TICKET = 'REL-42 pool and vault v2';

/**
 * The signers' walk of the shared queue in Chromium: two owners in two browser contexts, standalone, on the same
 * Transaction Service. What one owner proposes, the other sees in the Queue with the same hash and confirms there; a
 * drifted copy of the step queued at its nonce shows in red with the field that differs, and the legitimate one is
 * flagged competing; the app inside the Safe-like host page shows the same rows.
 */
describeBrowser('the Safe’s queue, the same for every owner, each transaction labelled', () => {
  let stack: BrowserStack;
  let release: Manifest;
  let releaseId: Hex;
  let ownerA: Page;
  let ownerB: Page;
  let canaryHash: string;
  let canaryNonce: bigint;
  let driftedHash: Hex;

  beforeAll(async () => {
    stack = await startBrowserStack({ anvil: 8711, app: 8811 });
    const now = (await stack.clients.publicClient.getBlock()).timestamp;
    const rollbackId = await registerOnDesk(stack.clients, stack.desk, upgradeRollback(stack.desk, now));
    release = upgradeRelease(stack.desk, now, rollbackId);
    releaseId = await registerOnDesk(stack.clients, stack.desk, release);
    await stack.advance(3601);
  }, 180_000);
  afterAll(async () => stack?.stop());

  /** The app standalone as a desk account (dev index 0 and 1 are owners 1 and 2), in a browser context of its own. */
  async function asOwner(index: number, route: string): Promise<Page> {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 1400 } });
    const page = await context.newPage();
    await page.goto(
      `${stack.appUrl}?rpc=${stack.rpcUrl}&safe=${stack.desk.safe}&signer=dev:${index}&txService=${stack.txServiceUrl}#/${route}`,
      { timeout: 90_000 },
    );
    await page.getByTestId('signer').waitFor({ timeout: 90_000 });
    return page;
  }
  const rowOf = (page: Page | ReturnType<Page['frameLocator']>, hash: string): Locator =>
    page.locator(`[data-testid="queue-row"][data-safe-tx-hash="${hash}"]`);
  const confirmations = (row: Locator) => row.getByTestId('queue-confirmations').textContent();

  test('owner 1 proposes phase 1; owner 2 sees it in the Queue with the same hash, confirms it; both see 2 of 2', async () => {
    ownerA = await asOwner(0, `cosign?manifest=${releaseId}`);
    await ownerA.getByTestId('propose-phase').click({ timeout: 60_000 });
    await ownerA.getByTestId('cosign-done').waitFor({ timeout: 60_000 });
    await ownerA.getByTestId('nav-queue').click();
    const mine = ownerA.getByTestId('queue-row');
    await expect.poll(() => mine.count(), { timeout: 60_000 }).toBe(1);
    canaryHash = (await mine.getAttribute('data-safe-tx-hash'))!;
    canaryNonce = BigInt((await mine.getAttribute('data-nonce'))!);
    expect(await mine.getAttribute('data-label')).toBe('step');

    ownerB = await asOwner(1, 'queue');
    const seen = rowOf(ownerB, canaryHash);
    await seen.waitFor({ timeout: 60_000 });
    expect(await ownerB.getByTestId('queue-row').count()).toBe(1);
    expect(await seen.getByTestId('queue-label').textContent()).toBe(`Phase 1 · step 1 of ${TICKET}`);
    expect(await confirmations(seen)).toBe('Confirmations 1 of 2');
    expect(await seen.getAttribute('data-ready')).toBe('false');
    await seen.getByTestId('queue-confirm').click();
    await expect.poll(() => confirmations(seen), { timeout: 60_000 }).toBe('Confirmations 2 of 2');
    await expect.poll(() => seen.getAttribute('data-ready'), { timeout: 30_000 }).toBe('true');

    await ownerA.getByTestId('queue-refresh').click();
    await expect.poll(() => confirmations(rowOf(ownerA, canaryHash)), { timeout: 60_000 }).toBe('Confirmations 2 of 2');
  }, 240_000);

  test('a drifted upgradeAndCall at the same nonce shows red with the nearest step and the argument that differs', async () => {
    const canary = release.phases[0]!.steps[0]!;
    const { transparent } = stack.desk.proxies;
    const data = encodeFunctionData({
      abi: proxyAdminAbi,
      functionName: 'upgradeAndCall',
      args: [
        transparent.proxy,
        stack.desk.implementations.poolV2,
        encodeFunctionData({ abi: demoPoolV2Abi, functionName: 'initializeV2', args: [101n] }),
      ],
    });
    ({ safeTxHash: driftedHash } = await proposeSafeTransaction({
      apiKit: new SafeApiKit({
        chainId: BigInt(stack.clients.publicClient.chain!.id),
        txServiceUrl: stack.txServiceUrl,
      }),
      chainId: stack.clients.publicClient.chain!.id,
      safe: stack.desk.safe,
      call: { to: canary.to, value: canary.value, data, operation: 0 },
      signer: stack.desk.accounts.owners[0],
      nonce: canaryNonce,
    }));

    await ownerB.getByTestId('queue-refresh').click();
    const red = rowOf(ownerB, driftedHash);
    await red.waitFor({ timeout: 60_000 });
    expect(await red.getAttribute('data-label')).toBe('nothing');
    expect(await red.getAttribute('data-nonce')).toBe(canaryNonce.toString());
    expect(await red.getByTestId('queue-label').textContent()).toBe('Matches no step — do not sign');
    expect(await red.getByTestId('queue-nearest').textContent()).toContain(`Phase 1 · step 1 of ${TICKET}`);
    const field = red.getByTestId('field-diff').getByTestId('field-diff-row').first();
    // initializeV2's one argument (the app has no ABI for it: compared word by word): 100 approved, 101 queued.
    expect(await field.getAttribute('data-field')).toBe(
      `upgradeAndCall.data → ${toFunctionSelector('initializeV2(uint256)')} argument 1`,
    );
    expect(await field.getByTestId('field-diff-expected').textContent()).toBe('100');
    expect(await field.getByTestId('field-diff-actual').textContent()).toBe('101');
    expect(await red.getByTestId('queue-confirm').isDisabled()).toBe(true);
    expect(await red.getByTestId('queue-confirm-why').textContent()).toContain('Do not sign');

    const green = rowOf(ownerB, canaryHash);
    expect(await green.getAttribute('data-label')).toBe('step');
    expect(await green.getByTestId('queue-competing').textContent()).toContain(driftedHash.slice(0, 6));
    await stack.screenshot(ownerB, 'queue-competing');

    // Owner 1 sees the same two rows.
    await ownerA.getByTestId('queue-refresh').click();
    await rowOf(ownerA, driftedHash).waitFor({ timeout: 60_000 });
    expect(await rowOf(ownerA, driftedHash).getAttribute('data-label')).toBe('nothing');
  }, 180_000);

  test('at 390 px wide (a phone) the red row and its field table wrap instead of scrolling sideways', async () => {
    await ownerB.setViewportSize({ width: 390, height: 844 });
    await ownerB.getByTestId('queue-refresh').click();
    await rowOf(ownerB, driftedHash).getByTestId('field-diff').waitFor({ timeout: 60_000 });
    const overflow = await ownerB.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const out: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node && out.length < 5; node = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        const right = (node instanceof Element ? node.getBoundingClientRect() : range.getBoundingClientRect()).right;
        if (right <= width + 1) continue;
        const element = node instanceof Element ? node : node.parentElement!;
        out.push(
          `${element.tagName.toLowerCase()}: ${(node.textContent ?? '').slice(0, 40)} (${Math.round(right)} px)`,
        );
      }
      return { extra: document.documentElement.scrollWidth - width, out };
    });
    expect(overflow).toEqual({ extra: 0, out: [] });
    await stack.screenshot(ownerB, 'queue-phone');
  }, 120_000);

  test('inside the Safe-like host page: the app’s Queue shows the same rows', async () => {
    const host = await (await stack.browser.newContext({ viewport: { width: 1440, height: 1600 } })).newPage();
    await host.goto(`${stack.hostUrl}?owner=${stack.desk.accounts.owners[0].address}`, { timeout: 90_000 });
    const app = host.frameLocator('[data-testid="app-frame"]');
    await app.getByTestId('nav-queue').click({ timeout: 90_000 });
    await rowOf(app, canaryHash).waitFor({ timeout: 60_000 });
    await rowOf(app, driftedHash).waitFor({ timeout: 60_000 });
    expect(await app.getByTestId('queue-row').count()).toBe(2);
    expect(await rowOf(app, canaryHash).getAttribute('data-label')).toBe('step');
    expect(await rowOf(app, driftedHash).getAttribute('data-label')).toBe('nothing');
    expect(await rowOf(app, canaryHash).getByTestId('queue-confirm-in-wallet').textContent()).toContain(
      'Safe{Wallet}’s queue',
    );
    expect(await app.getByTestId('queue-confirm').count()).toBe(0);
    await stack.screenshot(host, 'queue-host');
  }, 180_000);
});
