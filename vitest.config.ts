import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/faults/**/*.test.ts'],
    // Integration tests start real PID namespaces; generous bounds, never exact timings.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
