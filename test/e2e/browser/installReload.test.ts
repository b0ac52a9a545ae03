import type { Page } from 'playwright-core';
import { encodeFunctionData } from 'viem';
import { afterAll, beforeAll, expect, test } from 'vitest';

import { createUnguardedSafe } from '../../../shared/devkit/fixtures/installFixtures.js';
import { startSafeHost } from '../../../shared/devkit/safehost/server.js';
import { safeAbi } from '../../../shared/src/generated/safe.js';
import { connectStandalone } from '../../../app/src/safe/standaloneConnection.js';
import { type BrowserStack, describeBrowser, startBrowserStack } from './stack.js';

/**
 * Install state survives a reload: an owner configures the guard for a Safe without one and deploys it, reloads the
 * page, and finds the configuration and the deployed guard again (the guard checked on chain, the preflight run again).
 */
describeBrowser(
  'Install in the browser: the configuration and the deployed guard survive a reload; the host keeps its owner',
  () => {
    let stack: BrowserStack;
    let page: Page;

    beforeAll(async () => {
      stack = await startBrowserStack({ anvil: 8688, app: 8798 });
      page = await (await stack.browser.newContext()).newPage();
    }, 150_000);
    afterAll(async () => stack?.stop());

    test('configure, deploy the guard, reload: both are still there', async () => {
      const safe = await createUnguardedSafe(stack.clients, stack.desk, '1.5.0');
      await page.goto(`${stack.appUrl}?rpc=${stack.rpcUrl}&safe=${safe}&signer=dev:0#/install`, { timeout: 90_000 });
      const { accounts } = stack.desk;
      const approvers = accounts.approvers.map((a) => a.address).join('\n');
      await page.getByTestId('config-proposers').fill(accounts.proposer.address, { timeout: 90_000 });
      await page.getByTestId('config-approvers').fill(approvers);
      await page.getByTestId('config-executors').fill(accounts.executor.address);
      await page.getByTestId('config-guardians').fill(accounts.guardian.address);
      await page.getByTestId('config-routineDelayHours').fill('3');
      await page.getByTestId('config-multiSendCallOnly').fill(stack.desk.safeContracts['1.5.0'].MultiSendCallOnly);
      await page.getByTestId('preflight').click();
      await page.getByTestId('deploy').click({ timeout: 60_000 });
      await expect
        .poll(() => page.getByTestId('guard-verified').getAttribute('data-ok'), { timeout: 60_000 })
        .toBe('true');
      const guard = await page.getByTestId('guard-input').inputValue();
      expect(guard).toMatch(/^0x[0-9a-fA-F]{40}$/);
      await stack.screenshot(page, 'install-deployed');

      await page.reload();
      await page.getByTestId('install-restored').waitFor({ timeout: 90_000 });
      expect(await page.getByTestId('config-proposers').inputValue()).toBe(accounts.proposer.address);
      expect(await page.getByTestId('config-approvers').inputValue()).toBe(approvers);
      expect(await page.getByTestId('config-routineDelayHours').inputValue()).toBe('3');
      await expect.poll(() => page.getByTestId('guard-input').inputValue(), { timeout: 60_000 }).toBe(guard);
      expect(await page.getByTestId('deployed-guard').textContent()).toContain(guard);
      await expect
        .poll(() => page.getByTestId('guard-verified').getAttribute('data-ok'), { timeout: 60_000 })
        .toBe('true');
      // The preflight is asked of the chain again; the dry run waits to be run again before setGuard.
      await page.getByTestId('preflight-passed').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('propose-blocked').textContent()).toContain('Run the dry run (step 2) first');
      await stack.screenshot(page, 'install-restored');
    }, 240_000);

    test('the host page keeps the signed-in owner after Execute', async () => {
      const { accounts } = stack.desk;
      const safe = await createUnguardedSafe(stack.clients, stack.desk, '1.5.0');
      const host = await startSafeHost({
        rpcUrl: stack.rpcUrl,
        chainId: stack.clients.chain.id,
        safe,
        appUrl: stack.appUrl,
        txServiceUrl: stack.txServiceUrl,
      });
      try {
        // Owner 1 proposes a harmless Safe transaction through the Transaction Service (its signature counts).
        const owner1 = await connectStandalone({
          rpcUrl: stack.rpcUrl,
          safe,
          signer: { kind: 'dev', index: 0 },
          txServiceUrl: stack.txServiceUrl,
        });
        const { safeTxHash } = await owner1.propose({
          to: safe,
          value: 0n,
          data: encodeFunctionData({ abi: safeAbi, functionName: 'changeThreshold', args: [2n] }),
          operation: 0,
        });
        const hostPage = await (await stack.browser.newContext()).newPage();
        await hostPage.goto(host.url, { timeout: 90_000 });
        const second = accounts.owners[1].address;
        await expect.poll(() => hostPage.getByTestId('owner-select').inputValue(), { timeout: 60_000 }).not.toBe('');
        await hostPage.getByTestId('owner-select').selectOption(second);
        const row = hostPage.locator(`[data-testid="queue-row"][data-safe-tx-hash="${safeTxHash}"]`);
        await row.getByTestId('confirm-button').click({ timeout: 60_000 });
        await expect.poll(() => row.getAttribute('data-ready'), { timeout: 60_000 }).toBe('true');
        await row.getByTestId('execute-button').click();
        await expect
          .poll(() => hostPage.getByTestId('host-status').textContent(), { timeout: 60_000 })
          .toContain('Executed');
        expect(await hostPage.getByTestId('owner-select').inputValue()).toBe(second);
        await hostPage.context().close();
      } finally {
        await host.stop();
      }
    }, 240_000);
  },
);
