import { screen, within } from '@testing-library/react';
import { encodeFunctionData, getAddress, parseEther } from 'viem';
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';

import { upgradeRelease, upgradeRollback } from '../../../../shared/devkit/demo/releasePlan.js';
import { registerOnDesk } from '../../../../shared/devkit/fixtures/deskFixtures.js';
import { proxyAdminAbi } from '../../../../shared/src/generated/index.js';
import { type TestDesk, frameInSafe, resetPage, startDesk } from '../../test/desk.js';
import { renderApp } from '../../test/renderApp.js';
import type { SafeHost } from '../../test/safeHost.js';

vi.setConfig({ testTimeout: 60_000 });

let test_: TestDesk;
let host: SafeHost | undefined;

beforeAll(async () => {
  test_ = await startDesk(8675);
  const { desk, clients } = test_;
  const now = (await clients.publicClient.getBlock()).timestamp;
  const rollbackId = await registerOnDesk(clients, desk, upgradeRollback(desk, now));
  await registerOnDesk(clients, desk, upgradeRelease(desk, now, rollbackId), { approve: false });
}, 120_000);
afterEach(() => {
  resetPage(host);
  host = undefined;
});
afterAll(async () => {
  await test_?.anvil.stop();
});

const rowOf = async (proxy: string) => {
  const rows = await screen.findAllByTestId('authority-proxy', {}, { timeout: 20_000 });
  return rows.find((row) => row.dataset.proxy === proxy);
};

test("the registered manifests' proxies, each ending in the guarded Safe: no flag", async () => {
  const { transparent, uups } = test_.desk.proxies;
  host = frameInSafe(test_);
  renderApp();
  const row = await rowOf(transparent.proxy);
  expect(row).toBeDefined();
  expect(await rowOf(uups.proxy)).toBeDefined();
  const path = within(row!).getByTestId('authority-path');
  expect(path.dataset.via).toBe('proxyAdmin');
  expect(path.dataset.holderKind).toBe('safe');
  expect(within(path).getByTestId('authority-holder').textContent).toBe(' — Safe 1.5.0, 2 of 3, Manifest Guard');
  // Phase 2 upgrades the beacon: the beacon stands for its proxies, its owner the Safe.
  const beacon = await rowOf(test_.desk.proxies.beacon.beacon);
  expect(beacon?.textContent).toContain('(beacon: its owner upgrades every proxy behind it)');
  const beaconPath = within(beacon!).getByTestId('authority-path');
  expect(beaconPath.dataset.via).toBe('beaconOwner');
  expect(beaconPath.dataset.holderKind).toBe('safe');
  expect(screen.getByTestId('authority-clean')).toBeTruthy();
  expect(screen.queryByTestId('authority-flags')).toBeNull();
});

test('a ProxyAdmin handed to an EOA: the holder is an EOA and the flag names it', async () => {
  const { desk, clients } = test_;
  const eoa = getAddress('0x00000000000000000000000000000000000e0c01');
  const snapshot = await clients.testClient.snapshot();
  // As the Safe itself (impersonated: the guard sees nothing), to set up the bad configuration.
  await clients.testClient.impersonateAccount({ address: desk.safe });
  await clients.testClient.setBalance({ address: desk.safe, value: parseEther('1') });
  const hash = await clients.walletClient.sendTransaction({
    account: desk.safe,
    chain: clients.chain,
    to: desk.proxies.transparent.proxyAdmin,
    data: encodeFunctionData({ abi: proxyAdminAbi, functionName: 'transferOwnership', args: [eoa] }),
  });
  await clients.publicClient.waitForTransactionReceipt({ hash });
  await clients.testClient.stopImpersonatingAccount({ address: desk.safe });
  try {
    host = frameInSafe(test_);
    renderApp();
    const row = await rowOf(desk.proxies.transparent.proxy);
    expect(within(row!).getByTestId('authority-path').dataset.holderKind).toBe('eoa');
    const flags = await screen.findAllByTestId('authority-flag');
    expect(flags.map((flag) => flag.dataset.kind)).toEqual(['authorityNotSafe', 'holderIsEoa']);
    expect(flags[1]!.textContent).toContain(`${eoa}, an externally owned account, owns the ProxyAdmin`);
    expect(screen.queryByTestId('authority-clean')).toBeNull();
  } finally {
    await clients.testClient.revert({ id: snapshot });
  }
});
