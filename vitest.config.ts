import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/faults/**/*.test.ts'],
    // Integration tests start real PID namespaces; generous bounds, never exact timings.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // CI has 2 cores and runs everything twice (Node 20, 24); a real-process test that loses a race with the machine
    // once gets one more try there (the retry is reported). A test that fails twice fails the run.
    retry: process.env.CI ? 1 : 0,
  },
});
