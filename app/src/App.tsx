import { Component, type ReactNode, Suspense, lazy } from 'react';

import { ConnectStandalone } from './safe/ConnectStandalone.js';
import { useSafeAppsSdk } from './safe/useSafeAppsSdk.js';
import { ErrorNotice } from './ui/ErrorNotice.js';
import { Short } from './ui/Hash.js';
import { Progress } from './ui/Progress.js';
import { type Screen, screenTitles, screens, useRoute } from './routes.js';

const views: Record<Screen, React.LazyExoticComponent<(props: { params: URLSearchParams }) => ReactNode>> = {
  dashboard: lazy(() => import('./dashboard/Dashboard.js')),
  queue: lazy(() => import('./queue/Queue.js')),
  inspect: lazy(() => import('./inspect/Inspect.js')),
  cosign: lazy(() => import('./cosign/CoSign.js')),
  assemble: lazy(() => import('./assemble/Assemble.js')),
  install: lazy(() => import('./install/Install.js')),
};

/** The shell: connection, navigation and the current screen (each screen loads on first visit). */
export function App() {
  const { state, disconnect } = useSafeAppsSdk();
  const route = useRoute();

  if (state.status === 'connecting') {
    return (
      <main className="shell">
        <Progress
          testId="connecting"
          message={state.mode === 'safe-app' ? 'Connecting to Safe{Wallet}…' : 'Connecting to the Safe…'}
        />
      </main>
    );
  }
  if (state.status === 'error') {
    return (
      <main className="shell">
        <ErrorNotice error={state.error} testId="connection-error" />
      </main>
    );
  }
  if (state.status === 'setup') {
    return (
      <main className="shell">
        <h1>Manifest Guard</h1>
        <ConnectStandalone settings={state.settings} error={state.error} />
      </main>
    );
  }

  const { connection } = state;
  const View = views[route.screen];
  return (
    <div className="shell">
      <header className="topbar" data-testid="topbar">
        <strong>Manifest Guard</strong>
        <span data-testid="mode">{connection.mode === 'safe-app' ? 'Safe{Wallet}' : 'standalone'}</span>
        <span data-testid="safe-address">
          Safe <Short value={connection.state.safe} />
        </span>
        <span data-testid="chain">
          {connection.chain.name} ({connection.chain.id})
        </span>
        {connection.wallet && <span data-testid="signer">signer: {connection.wallet.label}</span>}
        {connection.mode === 'standalone' && (
          <button type="button" className="link" onClick={disconnect} data-testid="change-connection">
            change
          </button>
        )}
      </header>
      <nav className="tabs" aria-label="Screens">
        {screens.map((screen) => (
          <a
            key={screen}
            href={`#/${screen}`}
            aria-current={route.screen === screen ? 'page' : undefined}
            data-testid={`nav-${screen}`}
          >
            {screenTitles[screen]}
          </a>
        ))}
      </nav>
      <main>
        <ScreenBoundary key={`${route.screen}?${route.params.toString()}`}>
          <Suspense fallback={<Progress message={`Loading ${screenTitles[route.screen]}…`} />}>
            <View params={route.params} />
          </Suspense>
        </ScreenBoundary>
      </main>
    </div>
  );
}

class ScreenBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state = { error: undefined as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    if (this.state.error !== undefined) return <ErrorNotice error={this.state.error} testId="screen-error" />;
    return this.props.children;
  }
}
