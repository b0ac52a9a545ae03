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
  test('at 390 px wide (a phone) no screen scrolls sideways, an inspection with its hashes and decoded call included', async () => {
    const phone = await (await stack.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await phone.goto(
      `${stack.appUrl}?rpc=${stack.rpcUrl}&safe=${stack.desk.safe}&signer=dev:0&txService=${stack.txServiceUrl}`,
    );
    await expect.poll(() => phone.getByTestId('signer').textContent(), { timeout: 60_000 }).toContain('owner 1');
    /** How far the page is wider than the window, and what sticks out (elements, or text that does not wrap). */
    const overflow = () =>
      phone.evaluate(() => {
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
            `${element.tagName.toLowerCase()}.${element.className}: ${(node.textContent ?? '').slice(0, 40)} (${Math.round(right)} px)`,
          );
        }
        return { extra: document.documentElement.scrollWidth - width, out };
      });
    for (const screen of ['dashboard', 'queue', 'cosign', 'assemble', 'install', 'inspect'] as const) {
      await phone.getByTestId(`nav-${screen}`).click();
      await phone.waitForTimeout(1_500);
      expect({ screen, ...(await overflow()) }).toEqual({ screen, extra: 0, out: [] });
    }
    // A decoded inspection: the hashes, the verdict, the call tree.
    await phone.getByTestId('mode-paste').check();
    await phone.getByTestId('inspect-to').fill(stack.desk.guard);
    await phone.getByTestId('inspect-data').fill(`0x${'ab'.repeat(100)}`);
    await phone.getByTestId('inspect-submit').click();
    await phone.getByTestId('inspect-verdict').waitFor({ timeout: 60_000 });
    expect({ screen: 'inspection', ...(await overflow()) }).toEqual({ screen: 'inspection', extra: 0, out: [] });
    await stack.screenshot(phone, 'phone-inspect');
  }, 150_000);
});
