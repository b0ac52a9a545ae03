import { fileURLToPath } from 'node:url';

import { DeskStartError } from './errors.js';

/** The repository's Vite configuration (the Safe App in app/, its headers for Safe{Wallet}). */
export const viteConfigFile = fileURLToPath(new URL('../../../vite.config.ts', import.meta.url));

export type StartAppServerParameters = {
  port: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** The RPC the app's standalone mode offers first (`VITE_RPC_URL`). */
  rpcUrl: string;
};

export type StartAppServerReturnType = { url: string; stop: () => Promise<void> };

/**
 * Starts the Safe App's Vite dev server with the repository's vite.config.ts, and checks that `/manifest.json` is
 * served with the CORS header Safe{Wallet} needs before it reports the app ready.
 *
 * @throws {DeskStartError} when the server does not start or the manifest lacks `Access-Control-Allow-Origin: *`.
 *
 * @example
 * const app = await startAppServer({ port: 5173, rpcUrl: anvil.rpcUrl });
 * await app.stop();
 */
export async function startAppServer(parameters: StartAppServerParameters): Promise<StartAppServerReturnType> {
  const { port, host = '127.0.0.1', rpcUrl } = parameters;
  process.env.VITE_RPC_URL = rpcUrl;
  const { createServer } = await import('vite');
  const sigtermListeners = new Set(process.listeners('SIGTERM'));
  const stdinEndListeners = new Set(process.stdin.listeners('end'));
  const server = await createServer({
    configFile: viteConfigFile,
    logLevel: 'warn',
    clearScreen: false,
    server: { host, port, strictPort: true, open: false },
  });
  // Vite exits the whole process on SIGTERM (and when stdin closes) by itself, which would leave Anvil running: the
  // desk stops Vite together with the other services instead.
  for (const listener of process.listeners('SIGTERM'))
    if (!sigtermListeners.has(listener)) process.off('SIGTERM', listener);
  for (const listener of process.stdin.listeners('end'))
    if (!stdinEndListeners.has(listener)) process.stdin.off('end', listener as () => void);
  try {
    await server.listen();
  } catch (error) {
    await server.close();
    throw new DeskStartError(`The Safe App's Vite server did not start on ${host}:${port}.`, 'Pass --app-port.', error);
  }
  const url = `http://${host}:${port}/`;
  const stop = () => server.close();
  try {
    await assertSafeAppManifest(url);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

/** `/manifest.json` answers with the app's name and `Access-Control-Allow-Origin: *`. */
export async function assertSafeAppManifest(appUrl: string): Promise<void> {
  const response = await fetch(new URL('manifest.json', appUrl));
  const cors = response.headers.get('access-control-allow-origin');
  const body = response.ok ? ((await response.json()) as { name?: unknown }) : {};
  if (!response.ok || typeof body.name !== 'string' || cors !== '*')
    throw new DeskStartError(
      `${appUrl}manifest.json is not served as a Safe App needs it (status ${response.status}, ` +
        `Access-Control-Allow-Origin ${cors ?? 'missing'}).`,
      'Check app/public/manifest.json and the server headers in vite.config.ts.',
    );
}
