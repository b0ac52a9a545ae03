import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

import LongestFirst from './test/support/longestFirst.js';

export default defineConfig({
  test: {
    // Most suites wait on Anvil, spawned CLI processes or Chromium rather than on the CPU: with two files at a time a
    // 2-core machine stayed a quarter idle, three keep it busy (each file uses ports of its own).
    maxWorkers: 3,
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        test: {
          name: 'shared',
          include: ['shared/**/*.test.ts', 'test/**/*.test.ts'],
          environment: 'node',
          // The library's modules (viem, the ABIs, the guard's error tables) load once per worker instead of once per
          // file: no test here mocks a module or changes the environment, and each file starts its own Anvil and
          // servers on ports of its own. Measured alone on a 2-core machine: 284 s and 470 CPU-seconds for the whole
          // suite, against 336 s and 570 with a fresh module graph per file.
          isolate: false,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'app',
          include: ['app/src/**/*.test.tsx'],
          environment: 'jsdom',
          // The app's modules (React, viem, the library) load once per worker too: each file renders into a fresh
          // jsdom environment, and every test resets what it changes (the page, localStorage, its own desk). Measured
          // alone on a 2-core machine: 28 s and 44 CPU-seconds, against 42 s and 81 with a module graph per file.
          isolate: false,
        },
      },
    ],
  },
});
