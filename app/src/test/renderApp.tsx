import { render } from '@testing-library/react';

import { App } from '../App.js';
import { SafeProvider } from '../safe/SafeProvider.js';

/** Renders the whole app as main.tsx does (optionally on a screen: `#/inspect?...`). */
export function renderApp({ hash = '', hostTimeoutMs }: { hash?: string; hostTimeoutMs?: number } = {}) {
  window.location.hash = hash;
  return render(
    <SafeProvider hostTimeoutMs={hostTimeoutMs}>
      <App />
    </SafeProvider>,
  );
}
