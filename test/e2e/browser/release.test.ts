import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { FrameLocator, Page } from 'playwright-core';
import { type Address, type Hex, encodeFunctionData } from 'viem';
import { afterAll, beforeAll, expect, test } from 'vitest';

import { writeSamplePackages } from '../../../shared/devkit/desk/samplePackage.js';
import { execSafeTransaction } from '../../../shared/devkit/devnet/localDesk.js';
import { readManifestView } from '../../../shared/src/gate/readChainState.js';
import { createUnguardedSafe } from '../../../shared/devkit/fixtures/installFixtures.js';
import { demoPoolV1Abi, upgradeableBeaconAbi } from '../../../shared/src/generated/index.js';
import { cli, signer } from '../../cli/cli.js';
import { decodeGuardError } from '../../../shared/src/guard/guardErrors.js';
import { ManifestStatus } from '../../../shared/src/guard/manifest.js';
import { type BrowserStack, describeBrowser, startBrowserStack } from './stack.js';

/**
 * The scenario, in Chromium: the desk's Safe with the guard installed; the sample two-phase release (the
 * Transparent pool as canary, then the UUPS vault and the Beacon pools) with its rollback, registered, approved,
 * proposed from the framed Safe App through the host into the tx service queue, co-signed by two owners on the host
 * page, executed, continued, phase 2 proposed; then a drifted payload shown in red on Inspect and rejected on chain;
 * the guardian halts the release and the rollback runs.
 *
 * Roles act as they would: the owners and the executor on the Safe-like host page (the app framed inside it), the
 * proposer, approvers and guardian with the app standalone under their own dev account (the guard's register,
 * approve, attestContinue and halt are sent by those accounts, not by the Safe).
 */
describeBrowser(
  'release desk in the browser: install check, register, approve, co-sign, execute, drift, halt, rollback',
  () => {
    let stack: BrowserStack;
    let host: Page;
    let app: FrameLocator;
    let release: { path: string; manifestId: Hex };
    let rollback: { path: string; manifestId: Hex };

    const read = (address: Address, functionName: 'version') =>
      stack.clients.publicClient.readContract({ address, abi: demoPoolV1Abi, functionName });
    const manifestStatus = async (id: Hex) =>
      (await readManifestView(stack.clients.publicClient, stack.desk.guard, id)).status;
    // The vault answers version() like the pool (the release's checks read it with the pool's ABI too).
    const readVault = (functionName: 'version') => read(stack.desk.proxies.uups.proxy, functionName);

    /** The app standalone as one of the desk's people (dev account index), on a screen. */
    async function asRole(index: number, route: string): Promise<Page> {
      const page = await (await stack.browser.newContext()).newPage();
      await page.goto(
        `${stack.appUrl}?rpc=${stack.rpcUrl}&safe=${stack.desk.safe}&signer=dev:${index}&txService=${stack.txServiceUrl}#/${route}`,
        { timeout: 90_000 },
      );
      await page.getByTestId('signer').waitFor({ timeout: 90_000 });
      return page;
    }

    /** The host's queue row of the transaction the framed app just proposed (the newest). */
    async function queuedRow(count: number) {
      await host.getByTestId('queue-refresh').click();
      await expect.poll(() => host.getByTestId('queue-row').count(), { timeout: 30_000 }).toBe(count);
      return host.getByTestId('queue-row').last();
    }

    /** Signs in as the second owner on the host page, confirms, and executes (sent by the desk's executor). */
    async function coSignAndExecute(count: number, name: string, index?: number): Promise<string> {
      await queuedRow(count);
      const rows = host.getByTestId('queue-row');
      const row = index === undefined ? rows.last() : rows.nth(index);
      const safeTxHash = (await row.getAttribute('data-safe-tx-hash'))!;
      await host.getByTestId('owner-select').selectOption(stack.desk.accounts.owners[1].address);
      await row.getByTestId('confirm-button').click();
      await expect
        .poll(() => host.getByTestId('host-status').textContent(), { timeout: 30_000 })
        .toContain('Confirmed');
      await host.getByTestId('queue-refresh').click();
      const ready = host.locator(`[data-testid="queue-row"][data-safe-tx-hash="${safeTxHash}"]`);
      await expect.poll(() => ready.getAttribute('data-ready'), { timeout: 30_000 }).toBe('true');
      await stack.screenshot(host, `${name}-cosigned`);
      await ready.getByTestId('execute-button').click();
      await expect
        .poll(() => host.getByTestId('host-status').textContent(), { timeout: 60_000 })
        .toContain(`Executed ${safeTxHash}`);
      await host.getByTestId('owner-select').selectOption(stack.desk.accounts.owners[0].address);
      return safeTxHash;
    }

    /** In the framed app: Co-sign & release on `manifest`, propose its next phase. */
    async function proposePhase(manifest: Hex, name: string): Promise<void> {
      await app.getByTestId('nav-dashboard').click();
      await app.getByTestId('nav-cosign').click();
      await app.getByTestId('cosign-manifest-select').selectOption(manifest);
      const button = app.getByTestId('propose-phase');
      await expect.poll(() => button.isEnabled(), { timeout: 60_000 }).toBe(true);
      await stack.screenshot(host, `${name}-before-propose`);
      await button.click();
      await app.getByTestId('proposal').first().waitFor({ timeout: 60_000 });
    }

    beforeAll(async () => {
      stack = await startBrowserStack({ anvil: 8683, app: 8790 });
      const now = (await stack.clients.publicClient.getBlock()).timestamp;
      ({ release, rollback } = await writeSamplePackages(stack.desk, join(tmpdir(), `mg-browser-${process.pid}`), now));
      host = await (await stack.browser.newContext({ viewport: { width: 1440, height: 1600 } })).newPage();
      await host.goto(`${stack.hostUrl}?owner=${stack.desk.accounts.owners[0].address}`, { timeout: 90_000 });
      app = host.frameLocator('[data-testid="app-frame"]');
    }, 150_000);
    afterAll(async () => stack?.stop());

    test('the app inside the host page sees the Safe with the guard installed (Install shows the way back)', async () => {
      await expect.poll(() => app.getByTestId('mode').textContent(), { timeout: 90_000 }).toBe('Safe{Wallet}');
      const status = app.getByTestId('guard-status');
      await status.waitFor({ timeout: 60_000 });
      expect(await status.getAttribute('data-guard')).toBe('manifest-guard');
      expect(await host.getByTestId('safe-address').textContent()).toBe(stack.desk.safe);
      await stack.screenshot(host, 'framed-dashboard');

      await app.getByTestId('nav-install').click();
      await app.getByTestId('reverse-path').waitFor({ timeout: 60_000 });
      await stack.screenshot(host, 'framed-install-installed');
    }, 180_000);

    test('Install on an unguarded Safe: the desk roles pass the preflight and the dry run, a lock-risk configuration is refused', async () => {
      // A second 2-of-3 Safe 1.5.0 of the desk's owners, with no guard: what the Install screen starts from.
      const fresh = await createUnguardedSafe(stack.clients, stack.desk, '1.5.0');
      const owner = await (await stack.browser.newContext()).newPage();
      await owner.goto(
        `${stack.appUrl}?rpc=${stack.rpcUrl}&safe=${fresh}&signer=dev:0&txService=${stack.txServiceUrl}#/install`,
      );
      const { accounts } = stack.desk;
      await owner.getByTestId('config-proposers').fill(accounts.proposer.address, { timeout: 90_000 });
      await owner.getByTestId('config-approvers').fill(accounts.approvers.map((a) => a.address).join('\n'));
      await owner.getByTestId('config-executors').fill(accounts.executor.address);
      await owner.getByTestId('config-guardians').fill(accounts.guardian.address);
      await owner.getByTestId('config-multiSendCallOnly').fill(stack.desk.safeContracts['1.5.0'].MultiSendCallOnly);
      await owner.getByTestId('preflight').click();
      await owner.getByTestId('preflight-passed').waitFor({ timeout: 60_000 });
      await stack.screenshot(owner, 'install-preflight-passed');

      // The dry run, on the local chain (the default there) and reverted afterwards: every step passes.
      const blockBefore = await stack.clients.publicClient.getBlockNumber();
      await expect.poll(() => owner.getByTestId('dry-run-rpc').inputValue(), { timeout: 30_000 }).toBe(stack.rpcUrl);
      await owner.getByTestId('run-dry-run').click();
      const dryRun = owner.getByTestId('dry-run-result');
      await dryRun.waitFor({ timeout: 90_000 });
      expect(await dryRun.getAttribute('data-ok')).toBe('true');
      expect(await owner.locator('[data-testid="dry-run-step"][data-state="passed"]').count()).toBe(10);
      expect(await stack.clients.publicClient.getBlockNumber()).toBe(blockBefore);
      await stack.screenshot(owner, 'install-dry-run-passed');

      // One approver for a threshold of two: no manifest could ever be approved again.
      await owner.getByTestId('config-approvers').fill(accounts.approvers[0].address);
      await owner.getByTestId('preflight').click();
      await owner.getByTestId('preflight-refused').waitFor({ timeout: 60_000 });
      expect(await owner.getByTestId('preflight-issue').count()).toBeGreaterThan(0);
      await stack.screenshot(owner, 'install-preflight-refused');
      await owner.context().close();
    }, 180_000);

    test('the proposer imports the sample packages on Assemble and registers the rollback, then the release', async () => {
      const proposer = await asRole(3, 'assemble');
      for (const pkg of [rollback, release]) {
        await proposer.getByTestId('io-text').fill(await readFile(pkg.path, 'utf8'));
        await proposer.getByTestId('import').click();
        await expect
          .poll(() => proposer.getByTestId('draft-id').textContent(), { timeout: 30_000 })
          .toBe(pkg.manifestId);
        expect(await proposer.getByTestId('draft-lane').getAttribute('data-lane')).toBe('routine');
        await stack.screenshot(proposer, `assemble-${pkg === release ? 'release' : 'rollback'}`);
        await proposer.getByTestId('register').click();
        await proposer.getByTestId('register-done').waitFor({ timeout: 60_000 });
        expect(await manifestStatus(pkg.manifestId)).toBe(ManifestStatus.Registered);
      }
      await proposer.context().close();
    }, 180_000);

    test('both approvers approve both manifests on Co-sign & release', async () => {
      for (const index of [4, 5]) {
        const approver = await asRole(index, 'cosign');
        for (const id of [rollback.manifestId, release.manifestId]) {
          await approver.getByTestId('cosign-manifest-select').selectOption(id);
          await approver.getByTestId('approve').click();
          await approver.getByTestId('cosign-done').waitFor({ timeout: 60_000 });
          await approver.getByTestId('nav-dashboard').click();
          await approver.getByTestId('nav-cosign').click();
        }
        await stack.screenshot(approver, `approve-${index}`);
        await approver.context().close();
      }
      expect(await manifestStatus(release.manifestId)).toBe(ManifestStatus.Approved);
      expect(await manifestStatus(rollback.manifestId)).toBe(ManifestStatus.Approved);
    }, 180_000);

    test('phase 1 proposed from the framed app, co-signed by a second owner on the host, executed', async () => {
      await stack.advance(3601); // the routine lane's delay after approval
      await proposePhase(release.manifestId, 'phase1');
      expect(await read(stack.desk.proxies.transparent.proxy, 'version')).toBe('1.0.0');
      await coSignAndExecute(1, 'phase1');
      expect(await read(stack.desk.proxies.transparent.proxy, 'version')).toBe('2.0.0');
      expect(await read(stack.desk.proxies.beacon.proxy, 'version')).toBe('1.0.0');
    }, 180_000);

    test('an approver attests "continue" after the soak; phase 2 is proposed and co-signed', async () => {
      await stack.advance(3601); // phase 1's soak
      const approver = await asRole(4, `cosign?manifest=${release.manifestId}`);
      await approver.getByTestId('metrics-note').fill('error rate 0, reserves unchanged');
      await approver.getByTestId('attest-continue').click();
      await approver.getByTestId('cosign-done').waitFor({ timeout: 60_000 });
      await stack.screenshot(approver, 'attest-continue');
      await approver.context().close();

      await proposePhase(release.manifestId, 'phase2');
      // Phase 2 has two steps: two Safe transactions at consecutive nonces. The first (the UUPS vault) executes.
      await queuedRow(2);
      await coSignAndExecute(2, 'phase2-step1', 0);
      expect(await readVault('version')).toBe('2.0.0');
      await stack.screenshot(host, 'phase2-step1-executed');
    }, 180_000);

    test('a drifted payload is red on Inspect and the guard rejects it on chain', async () => {
      const { beacon } = stack.desk.proxies;
      // Phase 2's Beacon step pointed at the vault's implementation instead of the approved pool v2.
      const drifted = encodeFunctionData({
        abi: upgradeableBeaconAbi,
        functionName: 'upgradeTo',
        args: [stack.desk.implementations.vaultV2],
      });
      await app.getByTestId('nav-inspect').click();
      await app.getByTestId('mode-paste').click();
      await app.getByTestId('inspect-to').fill(beacon.beacon);
      await app.getByTestId('inspect-data').fill(drifted);
      await app.getByTestId('inspect-submit').click();
      const verdict = app.getByTestId('inspect-verdict');
      await verdict.waitFor({ timeout: 60_000 });
      expect(await verdict.getAttribute('data-allowed')).toBe('false');
      expect(await verdict.getAttribute('data-rule')).toBe('ManifestGuardNoMatchingStep');
      expect(await verdict.getAttribute('class')).toContain('notice-error');
      const color = await verdict.evaluate(
        (element) => element.ownerDocument.defaultView!.getComputedStyle(element).borderLeftColor,
      );
      const [r, g, b] = color.match(/\d+/g)!.map(Number) as [number, number, number];
      expect(r, `verdict border ${color}`).toBeGreaterThan(g + b); // red
      await stack.screenshot(host, 'inspect-drift-red');

      const rejected = await execSafeTransaction(stack.clients, {
        safe: stack.desk.safe,
        to: beacon.beacon,
        data: drifted,
        owners: [stack.desk.accounts.owners[0], stack.desk.accounts.owners[1]],
        sender: stack.desk.accounts.executor,
      }).then(
        () => undefined,
        (error: unknown) => decodeGuardError(error),
      );
      expect(rejected?.errorName).toBe('ManifestGuardNoMatchingStep');
      expect(await read(stack.desk.proxies.beacon.proxy, 'version')).toBe('1.0.0');
    }, 180_000);

    test('the guardian halts the release: its queued step is refused; the rollback runs and everything is v1', async () => {
      const guardian = await asRole(7, `cosign?manifest=${release.manifestId}`);
      await guardian.getByTestId('halt').click();
      await guardian.getByTestId('halt-reason').fill('phase 2 queued with the wrong beacon implementation');
      await guardian.getByTestId('halt-confirm').click();
      await guardian.getByTestId('halted').waitFor({ timeout: 60_000 });
      expect(await manifestStatus(release.manifestId)).toBe(ManifestStatus.Halted);
      await stack.screenshot(guardian, 'halted');
      await guardian.context().close();

      // Phase 2's Beacon step is still queued (co-signed by the proposing owner and a second one): the guard refuses it.
      const stuck = await queuedRow(1);
      await host.getByTestId('owner-select').selectOption(stack.desk.accounts.owners[1].address);
      await stuck.getByTestId('confirm-button').click();
      await expect
        .poll(() => host.getByTestId('host-status').textContent(), { timeout: 30_000 })
        .toContain('Confirmed');
      await host.getByTestId('queue-refresh').click();
      await host.getByTestId('queue-row').first().getByTestId('execute-button').click();
      await expect
        .poll(() => host.getByTestId('host-status').textContent(), { timeout: 60_000 })
        .toContain('ManifestGuardManifestHalted');
      await host.getByTestId('owner-select').selectOption(stack.desk.accounts.owners[0].address);
      await stack.screenshot(host, 'halted-step-refused');

      // The framed app cannot choose a nonce (the Safe Apps SDK's sendTransactions has none; Safe{Wallet} lets the
      // signer edit it, the local host does not), so two owners propose the rollback with the CLI at the Safe's next
      // nonce, replacing the halted step, as they would by editing the nonce in Safe{Wallet}.
      const hashes: string[] = [];
      for (const owner of [stack.desk.accounts.owners[0], stack.desk.accounts.owners[1]]) {
        const proposed = await cli(
          ['propose', '--rpc', stack.rpcUrl, '--package', rollback.path, '--tx-service', stack.txServiceUrl, '--json'],
          signer(owner),
        );
        expect(proposed.code, proposed.stderr).toBe(0);
        hashes.splice(0, hashes.length, ...proposed.json.steps.map((step: { safeTxHash: string }) => step.safeTxHash));
      }
      expect(hashes).toHaveLength(3);
      // The rollback's three steps, executed in order from the host page (by the desk's executor).
      for (const safeTxHash of hashes) {
        await host.getByTestId('queue-refresh').click();
        const row = host.locator(`[data-testid="queue-row"][data-safe-tx-hash="${safeTxHash}"]`);
        await expect.poll(() => row.getAttribute('data-ready'), { timeout: 30_000 }).toBe('true');
        await row.getByTestId('execute-button').click();
        await expect
          .poll(() => host.getByTestId('host-status').textContent(), { timeout: 60_000 })
          .toContain(`Executed ${safeTxHash}`);
      }
      expect(await read(stack.desk.proxies.transparent.proxy, 'version')).toBe('1.0.0');
      expect(await readVault('version')).toBe('1.0.0');
      expect(await manifestStatus(rollback.manifestId)).toBe(ManifestStatus.Completed);

      await app.getByTestId('nav-cosign').click();
      await app.getByTestId('cosign-manifest-select').selectOption(rollback.manifestId);
      await expect.poll(() => app.getByTestId('cosign-status').textContent(), { timeout: 30_000 }).toMatch(/omplete/);
      await stack.screenshot(host, 'rollback-done');
    }, 240_000);
  },
);
