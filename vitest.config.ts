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
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'app',
          include: ['app/src/**/*.test.tsx'],
          environment: 'jsdom',
        },
      },
    ],
  },
});
