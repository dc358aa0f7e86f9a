import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// One runner, eight projects. `npm test` runs them all after lint and typecheck, inside a private
// network namespace (test/rig/in-netns.ts) once test/tools/prepare.ts has installed what they drive.
export default defineConfig({
  test: {
    allowOnly: false,
    // The hardening table (case, fault, result, figure) and the guard that fails a run on a skip
    // outside test/tools/skip-allow-list.ts; last, a recap of what failed, so a log's tail names it.
    reporters: ['default', './test/tools/hardening-reporter.ts', './test/tools/skip-guard-reporter.ts', './test/tools/failure-recap-reporter.ts'],
    projects: [
      { test: { name: 'locales', include: ['test/unit/locales/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          exclude: ['test/unit/locales/**', 'test/unit/renderer/**'],
          environment: 'node',
          testTimeout: 30_000,
          // Some suites start a real hub on PGlite in beforeAll: seconds alone, far more on a busy machine.
          hookTimeout: 180_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'components',
          include: ['test/unit/renderer/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['test/support/testing-library-setup.ts'],
          // A screen test renders, types and waits through several hub round trips: seconds alone,
          // more when the hub-postgres and e2e projects share the two cores.
          testTimeout: 30_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          // Real hubs, outbox backoff and reconnects: one test takes 4–5 s on a quiet machine (the
          // outbox retry test), so vitest's 5 s default failed it now and then under load.
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
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
      // The softphone on the real SIP peers (test/rig): Kamailio, rtpengine and baresip, with
      // consoles in Chromium. Alone, after everything else, so audio timing has the CPU to itself.
      {
        test: {
          name: 'telephony',
          include: ['test/telephony/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 1 },
        },
      },
      // The hub's tests, once per database: the same files run on embedded PGlite and on a real
      // PostgreSQL server (test/support/hub-db.ts reads LOKET_TEST_DB).
      {
        test: {
          name: 'hub-pglite',
          include: ['test/hub/**/*.test.ts'],
          environment: 'node',
          env: { LOKET_TEST_DB: 'pglite', LOKET_LOG: 'silent' },
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'hub-postgres',
          include: ['test/hub/**/*.test.ts'],
          environment: 'node',
          env: { LOKET_TEST_DB: 'postgres', LOKET_LOG: 'silent' },
          globalSetup: ['test/support/postgres-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
