import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';

import { type BrowserStack, describeBrowser, startBrowserStack } from './stack.js';

describeBrowser('Safe App standalone (opened directly, local chain, dev account)', () => {
  let stack: BrowserStack;
  let page: Page;

  beforeAll(async () => {
    stack = await startBrowserStack({ anvil: 8684, app: 8791 });
    page = await (await stack.browser.newContext()).newPage();
  }, 120_000);
  afterAll(async () => stack?.stop());

  test('connects with the form as the executor and reads the guarded Safe', async () => {
    await page.goto(stack.appUrl, { timeout: 90_000 });
    const form = page.getByTestId('standalone-form');
    await form.waitFor({ timeout: 90_000 });
    await page.getByTestId('rpc-url').fill(stack.rpcUrl);
    await page.getByTestId('safe-input').fill(stack.desk.safe);
    await page.getByTestId('signer-select').selectOption('dev:6');
    await page.getByTestId('tx-service-url').fill(stack.txServiceUrl);
    await stack.screenshot(page, 'standalone-connect');
    await page.getByTestId('connect').click();

    await expect.poll(() => page.getByTestId('mode').textContent(), { timeout: 60_000 }).toBe('standalone');
    expect(await page.getByTestId('chain').textContent()).toContain('31337');
    expect(await page.getByTestId('signer').textContent()).toContain('executor');
    const status = page.getByTestId('guard-status');
    await status.waitFor({ timeout: 60_000 });
    expect(await status.getAttribute('data-guard')).toBe('manifest-guard');
    expect(await page.getByTestId('guard-address').textContent()).toBe(stack.desk.guard);
    await stack.screenshot(page, 'standalone-dashboard');
  }, 150_000);

  test('the connection comes back on reload (kept in this browser), and the URL form connects too', async () => {
    await page.reload();
    await expect.poll(() => page.getByTestId('mode').textContent(), { timeout: 60_000 }).toBe('standalone');
    const direct = await (await stack.browser.newContext()).newPage();
    await direct.goto(
      `${stack.appUrl}?rpc=${stack.rpcUrl}&safe=${stack.desk.safe}&signer=dev:0&txService=${stack.txServiceUrl}`,
    );
    await expect.poll(() => direct.getByTestId('signer').textContent(), { timeout: 60_000 }).toContain('owner 1');
    await direct.getByTestId('nav-inspect').click();
    await direct.getByTestId('inspect-form').waitFor({ timeout: 60_000 });
    await stack.screenshot(direct, 'standalone-inspect');
  }, 120_000);
});
