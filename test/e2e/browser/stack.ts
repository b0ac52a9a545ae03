import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { type Browser, type Page, chromium } from 'playwright-core';
import { describe, test } from 'vitest';

import { startAnvil } from '../../../shared/src/fork/anvil.js';
import {
  type DeskClients,
  type LocalDesk,
  deployLocalDesk,
  deskClients,
} from '../../../shared/devkit/devnet/localDesk.js';
import { startAppServer } from '../../../shared/devkit/desk/appServer.js';
import { startSafeHost } from '../../../shared/devkit/safehost/server.js';
import { startTxService } from '../../../shared/devkit/txservice/server.js';

export const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const screenshots = join(import.meta.dirname, '..', '..', '..', 'test-results', 'screenshots');

/**
 * A describe block for browser tests. Without /usr/bin/chromium it is skipped with a message saying how to install
 * it, unless MANIFEST_GUARD_REQUIRE_BROWSER is set: then it fails (CI must not pass by skipping).
 */
export function describeBrowser(name: string, body: () => void): void {
  if (existsSync(chromiumPath)) {
    describe(name, body);
    return;
  }
  const message =
    `${chromiumPath} is missing: the browser tests need Debian's chromium ` +
    '(node test/e2e/browser/ensureChromium.mjs installs it as root).';
  if (process.env.MANIFEST_GUARD_REQUIRE_BROWSER) {
    describe(name, () => {
      test('Chromium is installed (MANIFEST_GUARD_REQUIRE_BROWSER is set)', () => {
        throw new Error(message);
      });
    });
    return;
  }
  console.warn(`Skipping "${name}": ${message}`);
  describe.skip(name, body);
}

export type BrowserStack = {
  desk: LocalDesk;
  clients: DeskClients;
  rpcUrl: string;
  txServiceUrl: string;
  appUrl: string;
  hostUrl: string;
  browser: Browser;
  /** Advances the chain's clock (routine delay, soak) and mines a block. */
  advance: (seconds: number) => Promise<void>;
  screenshot: (page: Page, name: string) => Promise<void>;
  stop: () => Promise<void>;
};

/**
 * Anvil with the real Safe contracts, the guarded 2-of-3 desk Safe and the OZ proxies, the tx service stand-in, the
 * Safe App (Vite dev server, the repository's vite.config.ts), the Safe-like host page and a headless Chromium.
 */
export async function startBrowserStack(ports: { anvil: number; app: number }): Promise<BrowserStack> {
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne().catch(() => {});
  };
  try {
    const anvil = await startAnvil({ port: ports.anvil });
    stops.push(anvil.stop);
    const [desk, browser] = await Promise.all([
      deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId }),
      chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }),
    ]);
    stops.push(() => browser.close());
    const txService = await startTxService({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
    stops.push(txService.stop);
    const app = await startAppServer({ port: ports.app, rpcUrl: anvil.rpcUrl });
    stops.push(app.stop);
    const host = await startSafeHost({
      rpcUrl: anvil.rpcUrl,
      chainId: anvil.chainId,
      safe: desk.safe,
      appUrl: app.url,
      txServiceUrl: txService.url,
    });
    stops.push(host.stop);
    const clients = deskClients(anvil.rpcUrl, anvil.chainId);
    await mkdir(screenshots, { recursive: true });
    return {
      desk,
      clients,
      rpcUrl: anvil.rpcUrl,
      txServiceUrl: txService.url,
      appUrl: app.url,
      hostUrl: host.url,
      browser,
      advance: async (seconds) => {
        await clients.testClient.increaseTime({ seconds });
        await clients.testClient.mine({ blocks: 1 });
      },
      screenshot: async (page, name) => {
        await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
