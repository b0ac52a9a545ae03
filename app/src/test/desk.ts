import { cleanup } from '@testing-library/react';
import type { Address } from 'viem';

import { type AnvilInstance, startAnvil } from '../../../shared/src/fork/anvil.js';
import { type LocalDesk, deployLocalDesk, deskClients } from '../../../shared/devkit/devnet/localDesk.js';
import { type SafeHost, installSafeHost } from './safeHost.js';

/** A local chain with the desk deployed (Safe 1.5.0 2-of-3 with the guard, proxies) for one test file. */
export type TestDesk = { anvil: AnvilInstance; desk: LocalDesk; clients: ReturnType<typeof deskClients> };

/** App component tests use Anvil ports 8660-8679: one per test file. */
export async function startDesk(port: number): Promise<TestDesk> {
  const anvil = await startAnvil({ port, chainId: 31337 });
  const desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  return { anvil, desk, clients: deskClients(anvil.rpcUrl, anvil.chainId) };
}

/** Frames the app in a simulated Safe{Wallet} for `safe` (default: the desk's Safe). */
export function frameInSafe(test: TestDesk, safe: Address = test.desk.safe): SafeHost {
  return installSafeHost({
    rpcUrl: test.anvil.rpcUrl,
    chainId: test.anvil.chainId,
    safe,
    multiSendCallOnly: test.desk.safeContracts['1.5.0'].MultiSendCallOnly,
  });
}

/** Between tests: unmount, forget the route and this browser's storage. */
export function resetPage(host?: SafeHost): void {
  cleanup();
  host?.close();
  window.location.hash = '';
  localStorage.clear();
}
