import { useEffect, useState } from 'react';

/** The app's screens, addressed by the URL hash (`#/inspect?safeTxHash=0x…`). */
export const screens = ['dashboard', 'queue', 'inspect', 'cosign', 'assemble', 'install'] as const;
export type Screen = (typeof screens)[number];

export const screenTitles: Record<Screen, string> = {
  dashboard: 'Dashboard',
  queue: 'Queue',
  inspect: 'Inspect',
  cosign: 'Co-sign & release',
  assemble: 'Assemble',
  install: 'Install',
};

export type Route = { screen: Screen; params: URLSearchParams };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const screen = (screens as readonly string[]).includes(path) ? (path as Screen) : 'dashboard';
  return { screen, params: new URLSearchParams(query) };
}

/** Navigates to a screen with parameters. */
export function go(screen: Screen, params: Record<string, string> = {}): void {
  const query = new URLSearchParams(params).toString();
  window.location.hash = `#/${screen}${query ? `?${query}` : ''}`;
}

/** The current route, following the URL hash. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
