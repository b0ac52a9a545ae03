import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const app = fileURLToPath(new URL('./app', import.meta.url));

/** A Safe App is framed by Safe{Wallet} and its manifest is fetched cross-origin. */
const safeAppHeaders = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, OPTIONS',
  'Access-Control-Allow-Headers': 'X-Requested-With, content-type, Authorization',
  'Content-Security-Policy': 'frame-ancestors *',
};

export default defineConfig({
  root: app,
  envDir: app,
  plugins: [react()],
  server: { headers: safeAppHeaders, cors: true, fs: { allow: [root] } },
  preview: { headers: safeAppHeaders, cors: true },
  build: {
    outDir: fileURLToPath(new URL('./app/dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Screens and the Safe SDKs load lazily in their own (large) chunks; bundle-size.mjs guards the first load.
    chunkSizeWarningLimit: 2000,
  },
});
