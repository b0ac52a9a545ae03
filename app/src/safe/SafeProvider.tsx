import { type ReactNode, createContext, useCallback, useEffect, useMemo, useState } from 'react';

import type { SafeConnection } from './connection.js';
import { followingChain } from './chainFollowHold.js';
import { sameSafeState } from './sameSafeState.js';
import { connectSafeApp, isFramed } from './safeAppConnection.js';
import { type StandaloneSettings, connectStandalone } from './standaloneConnection.js';
import { loadStandaloneSettings, saveStandaloneSettings } from './standaloneSettings.js';
import { watchNewBlocks } from './watchNewBlocks.js';

/** Where the connection stands. */
export type SafeAppsSdkState =
  | { status: 'connecting'; mode: 'safe-app' | 'standalone' }
  | { status: 'ready'; connection: SafeConnection }
  | { status: 'setup'; error?: unknown; settings?: StandaloneSettings }
  | { status: 'error'; mode: 'safe-app'; error: unknown };

export type SafeAppsSdkContext = {
  state: SafeAppsSdkState;
  /** Connects (or reconnects) standalone with these settings and remembers them. */
  connect(settings: StandaloneSettings): Promise<void>;
  /** Re-reads the Safe (nonce, owners, guard) after a transaction. */
  refresh(): Promise<void>;
  /** Back to the standalone settings. */
  disconnect(): void;
};

export const SafeContext = createContext<SafeAppsSdkContext | undefined>(undefined);

/**
 * Connects once on mount: through the Safe Apps SDK when framed (Safe{Wallet}), standalone otherwise (with the
 * settings remembered in this browser or given in the URL: `?rpc=…&safe=…&signer=dev:6&txService=…`).
 */
export function SafeProvider({ children, hostTimeoutMs }: { children: ReactNode; hostTimeoutMs?: number }) {
  const framed = useMemo(() => isFramed(), []);
  const [state, setState] = useState<SafeAppsSdkState>({
    status: 'connecting',
    mode: framed ? 'safe-app' : 'standalone',
  });

  const connect = useCallback(async (settings: StandaloneSettings) => {
    setState({ status: 'connecting', mode: 'standalone' });
    try {
      const connection = await connectStandalone(settings);
      saveStandaloneSettings(settings);
      setState({ status: 'ready', connection });
    } catch (error) {
      setState({ status: 'setup', error, settings });
    }
  }, []);

  useEffect(() => {
    let live = true;
    if (framed) {
      connectSafeApp({ timeoutMs: hostTimeoutMs }).then(
        (connection) => live && setState({ status: 'ready', connection }),
        (error) => live && setState({ status: 'error', mode: 'safe-app', error }),
      );
    } else {
      const settings = loadStandaloneSettings();
      if (settings?.safe) void connect(settings);
      else setState({ status: 'setup', settings });
    }
    return () => {
      live = false;
    };
  }, [framed, hostTimeoutMs, connect]);

  // The Safe follows the chain: on each new block it is read again (nonce, owners, guard), and the screens re-render
  // only when something changed (a setGuard executed elsewhere shows the guard without a reload).
  useEffect(() => {
    if (state.status !== 'ready') return;
    const { connection } = state;
    return watchNewBlocks(connection.client, () => {
      connection.refresh().then(
        (next) => {
          if (!followingChain() || sameSafeState(connection.state, next.state)) return;
          setState((current) =>
            current.status === 'ready' && current.connection === connection
              ? { status: 'ready', connection: next }
              : current,
          );
        },
        () => {},
      );
    });
  }, [state]);

  const refresh = useCallback(async () => {
    if (state.status !== 'ready') return;
    const connection = await state.connection.refresh();
    setState({ status: 'ready', connection });
  }, [state]);

  const disconnect = useCallback(() => setState({ status: 'setup', settings: loadStandaloneSettings() }), []);

  const value = useMemo(() => ({ state, connect, refresh, disconnect }), [state, connect, refresh, disconnect]);
  return <SafeContext.Provider value={value}>{children}</SafeContext.Provider>;
}
