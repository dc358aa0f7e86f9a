import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// One runner, five projects. `npm test` runs them all after lint and typecheck.
export default defineConfig({
  test: {
    allowOnly: false,
    projects: [
      { test: { name: 'locales', include: ['test/unit/locales/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          exclude: ['test/unit/locales/**', 'test/unit/renderer/**'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        plugins: [react()],
        test: { name: 'components', include: ['test/unit/renderer/**/*.test.tsx'], environment: 'happy-dom' },
      },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
