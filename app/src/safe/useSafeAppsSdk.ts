import { useContext } from 'react';

import type { SafeConnection } from './connection.js';
import { type SafeAppsSdkContext, SafeContext } from './SafeProvider.js';

/**
 * The Safe connection (Safe Apps SDK inside Safe{Wallet}, RPC and wallet standalone) and its controls.
 *
 * @throws when used outside `<SafeProvider>`.
 *
 * @example
 * const { state } = useSafeAppsSdk();
 */
export function useSafeAppsSdk(): SafeAppsSdkContext {
  const context = useContext(SafeContext);
  if (!context) throw new Error('useSafeAppsSdk must be used inside <SafeProvider> (see app/src/main.tsx).');
  return context;
}

/**
 * The ready connection, for screens rendered only once connected.
 *
 * @throws when the connection is not ready.
 */
export function useConnection(): Omit<SafeConnection, 'refresh'> & { refresh: () => Promise<void> } {
  const { state, refresh } = useSafeAppsSdk();
  if (state.status !== 'ready') throw new Error('useConnection is used before the Safe is connected.');
  return { ...state.connection, refresh };
}
